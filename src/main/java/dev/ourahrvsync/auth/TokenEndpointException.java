package dev.ourahrvsync.auth;

/** The token endpoint could not be reached or answered something unusable, not a refusal of the grant. */
public class TokenEndpointException extends RuntimeException {

    public TokenEndpointException(String message) {
        super(message);
    }

    public TokenEndpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
