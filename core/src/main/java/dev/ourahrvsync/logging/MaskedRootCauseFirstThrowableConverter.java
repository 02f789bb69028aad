package dev.ourahrvsync.logging;

import ch.qos.logback.classic.pattern.RootCauseFirstThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/** Logback's {@code %rEx}: stack traces root cause first, every known secret masked. */
public class MaskedRootCauseFirstThrowableConverter extends RootCauseFirstThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return Secrets.mask(super.throwableProxyToString(proxy));
    }
}
