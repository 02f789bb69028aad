package dev.ourahrvsync.logging;

import org.apache.camel.spi.PropertiesComponent;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Every secret value this process has seen (client secret, tokens, authorization codes), so that the logging layer
 * can mask them wherever they would appear: in a message, an argument or a stack trace, at any level, from any
 * library, as they are or percent-encoded (a request URI with {@code ?key=%61%62...}, a form body). The first line of
 * defence is not logging them; this is the net under it.
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
    private static final Map<String, Pattern> ENCODED = new ConcurrentHashMap<>();

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

    /**
     * Registers what the secret settings resolve to in a Camel context's properties, wherever they came from (the
     * environment, a host's own application.yml, a properties file), when the first bean that holds one is built:
     * the setters register only the values handed to them, this also those of a bean a host leaves out. A value
     * that does not resolve is left to the bean that needs it to report.
     */
    public static void registerSettings(PropertiesComponent properties) {
        for (String key : SETTINGS) {
            try {
                properties.resolveProperty(key).ifPresent(Secrets::register);
            } catch (RuntimeException unresolvable) {
                // a placeholder with no value: nothing to mask
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
        if (masked.indexOf('%') >= 0 || masked.indexOf('+') >= 0) {
            for (String secret : KNOWN) {
                masked = ENCODED.computeIfAbsent(secret, Secrets::encodedForms).matcher(masked).replaceAll(MASK);
            }
        }
        return masked;
    }

    /**
     * Every way a URI or form may spell the secret: each character as itself or percent-encoded (its UTF-8 bytes,
     * hex digits in either case), a space also as '+'.
     */
    private static Pattern encodedForms(String secret) {
        StringBuilder regex = new StringBuilder();
        secret.codePoints().forEach(codePoint -> {
            String character = Character.toString(codePoint);
            regex.append("(?:").append(Pattern.quote(character)).append('|');
            if (codePoint == ' ') {
                regex.append("\\+|");
            }
            for (byte b : character.getBytes(StandardCharsets.UTF_8)) {
                regex.append("%(?i:").append(String.format("%02x", b & 0xff)).append(')');
            }
            regex.append(')');
        });
        return Pattern.compile(regex.toString());
    }
}
