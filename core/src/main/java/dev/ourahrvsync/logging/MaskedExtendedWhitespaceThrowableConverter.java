package dev.ourahrvsync.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;

/**
 * Spring Boot's {@code %wEx}, the word its default patterns end with (a stack trace with packaging data and a line
 * break before and after it), every known secret masked; without a Spring class.
 */
public class MaskedExtendedWhitespaceThrowableConverter extends MaskedExtendedThrowableConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return CoreConstants.LINE_SEPARATOR + super.throwableProxyToString(proxy) + CoreConstants.LINE_SEPARATOR;
    }
}
