package dev.ourahrvsync.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/** Logback's {@code %xEx}: stack traces with packaging data, every known secret masked. */
public class MaskedExtendedThrowableConverter extends ExtendedThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return Secrets.mask(super.throwableProxyToString(proxy));
    }
}
