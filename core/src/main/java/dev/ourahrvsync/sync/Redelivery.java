package dev.ourahrvsync.sync;

import org.apache.camel.Exchange;

/** For the {@code onRedelivery} processors of the {@code oura-calls} route configuration. */
public final class Redelivery {

    private Redelivery() {
    }

    /**
     * Fails the call with {@code failure} instead of trying it again. Camel's error handler does not stop for an
     * exception an {@code onRedelivery} processor throws: it sets it on the exchange and calls again all the same.
     * It does stop for an exchange marked to stop, and the failure then travels on as any other.
     */
    public static void stop(Exchange exchange, Exception failure) {
        exchange.setException(failure);
        exchange.setRouteStop(true);
    }
}
