package dev.ourahrvsync.logging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a log scan looks for: every spelling of a secret, and the loggers the masking include pins. */
public final class SecretSpellings {

    private SecretSpellings() {
    }

    /** The secret as it is, as a form sends it, as a URI carries it, and fully percent-encoded in either case. */
    public static List<String> forms(String secret) {
        String formEncoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return List.of(secret, formEncoded, formEncoded.replace("+", "%20"), percentEncoded(secret, "%%%02X"),
                percentEncoded(secret, "%%%02x"));
    }

    /** Every byte of the text's UTF-8 form percent-encoded, in the given format ({@code %%%02X} or {@code %%%02x}). */
    public static String percentEncoded(String text, String format) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            encoded.append(String.format(format, b & 0xff));
        }
        return encoded.toString();
    }

    /** Each secret in each of its {@link #forms} that the text holds, as "secret as form". */
    public static List<String> leaks(String text, Collection<String> secrets) {
        List<String> leaks = new ArrayList<>();
        for (String secret : secrets) {
            for (String form : forms(secret)) {
                if (text.contains(form)) {
                    leaks.add(secret + " as " + form);
                }
            }
        }
        return leaks;
    }

    /** The logger names {@link LoggingSetup#INCLUDED} pins. */
    public static Set<String> pinnedLoggers() {
        String included;
        try (InputStream in = SecretSpellings.class.getResourceAsStream("/" + LoggingSetup.INCLUDED)) {
            included = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = Pattern.compile("<logger name=\"([^\"]+)\"").matcher(included);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
