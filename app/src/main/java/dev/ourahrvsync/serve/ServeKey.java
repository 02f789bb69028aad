package dev.ourahrvsync.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * The key a phone presents to read the data folder. Only its SHA-256 digest is kept, and a presented key is
 * compared digest to digest: equal lengths and {@link MessageDigest#isEqual}, so the time taken says nothing about
 * how much of a guess was right.
 */
public final class ServeKey {

    /** Long enough that guessing over the network is hopeless; a random hex key of 24 bytes is 48 characters. */
    public static final int MIN_LENGTH = 24;

    /**
     * What a key may be made of: characters an address carries as they are. A key that needs percent-encoding
     * would be logged by Vert.x in its encoded form, which the log masking does not know.
     */
    private static final Pattern KEY_CHARACTERS = Pattern.compile("[A-Za-z0-9_-]+");

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
        if (!KEY_CHARACTERS.matcher(trimmed).matches()) {
            // never which character: that would tell part of the key
            throw new IllegalArgumentException("serve.key may only contain the letters A-Z and a-z, the digits 0-9,"
                    + " '-' and '_', so that it travels in an address as it is: set SERVE_KEY to a random key"
                    + " (openssl rand -hex 24)");
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
