package dev.ourahrvsync.oura;

import java.io.IOException;

/**
 * A call to Oura went past one of {@link CallLimits}: its answer took longer than {@code oura.call-timeout-ms}, or
 * was larger than {@code oura.max-response-bytes}. An IOException because it is thrown while the answer is read, but
 * with no cause and outside the retried network failures: the same call would only waste the same time again.
 */
public class CallLimitException extends IOException {

    private final String limit;

    /** @param limit what the answer did, after "Oura's answer": "took longer than oura.call-timeout-ms (3000 ms)" */
    public CallLimitException(String limit) {
        super("Oura's answer " + limit);
        this.limit = limit;
    }

    /** The one line for a call: {@code where} is "to /v2/usercollection/sleep for 2024-10-13..2024-10-15". */
    public String describe(String where) {
        return "Oura's answer " + where + " " + limit + "; not retried";
    }
}
