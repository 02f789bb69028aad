package dev.ourahrvsync.auth;

/**
 * The user must authorize this tool (again): there are no tokens, or Oura refused the refresh token. Never retried:
 * only a new authorization mends it.
 */
public class AuthorizationException extends RuntimeException {

    public AuthorizationException(String message) {
        super(message);
    }
}
