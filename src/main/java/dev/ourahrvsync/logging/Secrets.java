package dev.ourahrvsync.logging;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret value this process has seen (client secret, tokens, authorization codes), so that the logging layer
 * can mask them wherever they would appear: in a message, an argument or a stack trace, at any level, from any
 * library. The first line of defence is not logging them; this is the net under it.
 */
public final class Secrets {

    /**
     * The settings that hold a secret: masked wherever they appear, and refused as -D system properties, since the
     * command line of a running process is visible to every user of the machine.
     */
    public static final List<String> SETTINGS = List.of("oura.client-secret", "oura.refresh-token", "serve.key");

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
