package dev.ourahrvsync.auth;

/** The stored authorization does not include a scope a series needs. */
public class ScopeMissingException extends RuntimeException {

    public ScopeMissingException(String message) {
        super(message);
    }
}
