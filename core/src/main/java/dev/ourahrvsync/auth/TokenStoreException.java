package dev.ourahrvsync.auth;

/** The token store cannot be read or written. The message names the file and never its content. */
public class TokenStoreException extends RuntimeException {

    public TokenStoreException(String message) {
        super(message);
    }
}
