package dev.ourahrvsync.logging;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret value this process has seen (client secret, tokens, authorization codes), so that the logging layer
 * can mask them wherever they would appear: in a message, an argument or a stack trace, at any level, from any
 * library. The first line of defence is not logging them; this is the net under it.
 */
public final class Secrets {

    /** Shorter values are not masked: they would hide ordinary words, and no real secret is that short. */
    static final int MIN_LENGTH = 6;
    static final String MASK = "****";
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    private Secrets() {
    }

    public static void register(String value) {
        if (value != null) {
            String trimmed = value.trim();
            if (trimmed.length() >= MIN_LENGTH) {
                KNOWN.add(trimmed);
            }
        }
    }

    public static String mask(String text) {
        if (text == null || KNOWN.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : KNOWN) {
            if (masked.contains(secret)) {
                masked = masked.replace(secret, MASK);
            }
        }
        return masked;
    }
}
