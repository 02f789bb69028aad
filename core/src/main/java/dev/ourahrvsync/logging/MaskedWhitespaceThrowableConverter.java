package dev.ourahrvsync.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;

/**
 * Spring Boot's {@code %wex} (a stack trace with a line break before and after it), every known secret masked;
 * without a Spring class, so that the logback include works in every host.
 */
public class MaskedWhitespaceThrowableConverter extends MaskedThrowableConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return CoreConstants.LINE_SEPARATOR + super.throwableProxyToString(proxy) + CoreConstants.LINE_SEPARATOR;
    }
}
