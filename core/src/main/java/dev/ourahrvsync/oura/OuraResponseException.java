package dev.ourahrvsync.oura;

/** Oura answered, but with something this tool cannot use (not JSON, no {@code data}, a looping page token). */
public class OuraResponseException extends RuntimeException {

    public OuraResponseException(String message) {
        super(message);
    }
}
