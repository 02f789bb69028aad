package dev.ourahrvsync.auth;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The {@code onRedelivery} step of a data call Oura answered with 401: see {@link OuraTokens#refreshRejected}. */
public class RejectedTokenRefresh implements Processor {

    private OuraTokens tokens;

    public void setTokens(OuraTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        tokens.refreshRejected(exchange);
    }
}
