package dev.ourahrvsync.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The key a phone presents to read the data folder. Only its SHA-256 digest is kept, and a presented key is
 * compared digest to digest: equal lengths and {@link MessageDigest#isEqual}, so the time taken says nothing about
 * how much of a guess was right.
 */
public final class ServeKey {

    /** Long enough that guessing over the network is hopeless; a random hex key of 24 bytes is 48 characters. */
    public static final int MIN_LENGTH = 24;

    private final byte[] digest;

    private ServeKey(String key) {
        this.digest = sha256(key);
    }

    /** The key of the settings; refuses a missing or short one with a message that says what to do. */
    public static ServeKey of(String key) {
        String trimmed = key == null ? "" : key.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("serving needs serve.key: set SERVE_KEY in the environment to a"
                    + " random key of at least " + MIN_LENGTH + " characters (openssl rand -hex 24)");
        }
        if (trimmed.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("serve.key is " + trimmed.length() + " characters long, it must have"
                    + " at least " + MIN_LENGTH + ": set SERVE_KEY to a random key (openssl rand -hex 24)");
        }
        return new ServeKey(trimmed);
    }

    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
