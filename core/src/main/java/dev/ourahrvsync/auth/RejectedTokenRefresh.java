package dev.ourahrvsync.auth;

import dev.ourahrvsync.sync.Redelivery;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The {@code onRedelivery} step of a data call Oura answered with 401: see {@link OuraTokens#refreshRejected}. When
 * the refresh fails (refused, the token endpoint unreachable, the store not writable), that failure ends the call
 * as it is, rather than a second try with the rejected token and a misleading second 401.
 */
public class RejectedTokenRefresh implements Processor {

    private OuraTokens tokens;

    public void setTokens(OuraTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void process(Exchange exchange) {
        try {
            tokens.refreshRejected(exchange);
        } catch (Exception failure) {
            Redelivery.stop(exchange, failure);
        }
    }
}
