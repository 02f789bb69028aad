package dev.ourahrvsync.oura;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The sleep period types Oura knows (its API's {@code PublicSleepType}), and a list of them as a setting names them:
 * a type Oura never sends would silently drop the periods meant (a misspelt {@code late_nap} drops every nap).
 */
public final class SleepTypes {

    /** As Oura's API lists them, the kinds of sleep first. */
    public static final List<String> KNOWN = List.of("long_sleep", "sleep", "late_nap", "rest", "deleted");

    private SleepTypes() {
    }

    /** A comma-separated list of types, each one Oura knows; {@code setting} names the list in failures. */
    public static Set<String> parse(String list, String setting) {
        Set<String> types = new LinkedHashSet<>();
        for (String type : (list == null ? "" : list).split(",")) {
            String name = type.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException(setting + ": unknown sleep type '" + name + "' (known: "
                        + String.join(", ", KNOWN) + ")");
            }
            types.add(name);
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException(setting + " names no sleep type (known: " + String.join(", ", KNOWN)
                    + ")");
        }
        return Set.copyOf(types);
    }
}
