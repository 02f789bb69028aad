package dev.ourahrvsync.auth;

/**
 * The token endpoint could not be reached or answered something unusable, not a refusal of the grant. It never
 * carries a cause: Camel's error handler matches the deepest cause first, so a network exception below it would make
 * the data calls' retry rule ({@code oura-calls}) send the same single-use refresh token again.
 */
public class TokenEndpointException extends RuntimeException {

    public TokenEndpointException(String message) {
        super(message);
    }
}
