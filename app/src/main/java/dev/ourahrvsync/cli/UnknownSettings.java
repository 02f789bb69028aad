package dev.ourahrvsync.cli;

import dev.ourahrvsync.settings.SettingKeys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings the tool does not know, which would otherwise be ignored without a word: a key of ours in the user's
 * application.properties ({@code sync.data-dri}), or an environment variable of ours ({@code SYNC_DATADIR}). One
 * warning each, naming the closest known setting; never the value, which may be a secret. Keys of other prefixes
 * ({@code camel.*}, a host's own) are not ours to judge.
 */
final class UnknownSettings {

    /** The prefixes of our settings in the file, and of their spellings in the environment. */
    private static final List<String> PREFIXES = List.of("oura.", "sync.", "serve.", "authorize.");
    private static final List<String> VARIABLE_PREFIXES = List.of("OURA_", "SYNC_", "SERVE_", "AUTHORIZE_");

    private final Set<String> keys;

    /** @param keys every setting the tool knows */
    UnknownSettings(Set<String> keys) {
        this.keys = new TreeSet<>(keys);
    }

    /** The keys of the jar's defaults, and those the standalone jar sets itself. */
    static UnknownSettings ofTheJar() {
        Properties defaults = new Properties();
        String resource = Installation.JAR_SETTINGS.substring("classpath:".length());
        try (InputStream in = UnknownSettings.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + resource);
            }
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> known = new TreeSet<>(defaults.stringPropertyNames());
        CamelApp.CAMEL_SETTINGS.keySet().stream().filter(key -> !key.startsWith("camel.")).forEach(known::add);
        return new UnknownSettings(known);
    }

    /** One warning for each unknown key of ours in {@code file} (if any), then each unknown variable of ours. */
    List<String> warnings(Optional<Path> file, Map<String, String> environment) {
        List<String> warnings = new ArrayList<>();
        file.ifPresent(path -> {
            for (String key : new TreeSet<>(read(path).stringPropertyNames())) {
                if (PREFIXES.stream().anyMatch(key::startsWith) && !keys.contains(key)) {
                    warnings.add("warning: unknown setting " + key + " in " + path.toAbsolutePath()
                            + suggestion(key, keys));
                }
            }
        });
        Set<String> variables = new TreeSet<>();
        keys.forEach(key -> variables.add(SettingKeys.environmentVariable(key)));
        variables.add(Installation.HOME_VARIABLE);
        for (String name : new TreeSet<>(environment.keySet())) {
            if (VARIABLE_PREFIXES.stream().anyMatch(name::startsWith) && !variables.contains(name)) {
                warnings.add("warning: unknown environment variable " + name + suggestion(name, variables));
            }
        }
        return warnings;
    }

    /** "; did you mean sync.data-dir?" when a known name is a few typing slips away, else nothing. */
    private static String suggestion(String name, Set<String> known) {
        return known.stream()
                .min(Comparator.comparingInt((String candidate) -> distance(name, candidate))
                        .thenComparing(Comparator.naturalOrder()))
                .filter(closest -> distance(name, closest) <= Math.max(2, name.length() / 4))
                .map(closest -> "; did you mean " + closest + "?")
                .orElse("");
    }

    /**
     * The number of typing slips between two names: characters inserted, deleted, replaced, or two neighbours
     * swapped (the optimal string alignment distance).
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** The user's file as Camel reads it; one that cannot be read is reported by the command itself. */
    private static Properties read(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            // nothing to warn about here
        }
        return properties;
    }
}
