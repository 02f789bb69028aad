package dev.ourahrvsync.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed command line: a command and its {@code --option value} pairs.
 */
record CommandLine(String command, Map<String, String> options) {

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "run", Set.of(),
            "sync", Set.of("--from", "--to", "--wait"),
            "serve", Set.of(),
            "authorize", Set.of("--code", "--redirect-url"),
            "status", Set.of(),
            "export", Set.of("--from", "--to", "--format", "--metric", "--out"),
            "demo", Set.of(),
            "help", Set.of(),
            "version", Set.of());

    /** Options that stand alone, without a value. */
    private static final Set<String> FLAGS = Set.of("--wait");

    /** The home folder option, taken by every command, before or after it. */
    static final String HOME = "--home";

    static CommandLine parse(String... args) {
        List<String> words = new ArrayList<>(List.of(args));
        String home = null;
        for (int i = words.indexOf(HOME); i >= 0; i = words.indexOf(HOME)) {
            if (i + 1 >= words.size()) {
                throw new IllegalArgumentException(HOME + " needs a value");
            }
            home = words.get(i + 1);
            words.subList(i, i + 2).clear();
        }
        CommandLine line = parse(words);
        if (home != null && !line.startsNoProgram()) {
            Map<String, String> options = new LinkedHashMap<>(line.options());
            options.put(HOME, home);
            return new CommandLine(line.command(), options);
        }
        return line;
    }

    private static CommandLine parse(List<String> words) {
        if (words.isEmpty()) {
            return new CommandLine("run", Map.of());
        }
        String command = words.get(0);
        if (command.equals("--help") || command.equals("-h")) {
            command = "help";
        } else if (command.equals("--version")) {
            command = "version";
        }
        Set<String> allowed = OPTIONS.get(command);
        if (allowed == null) {
            throw new IllegalArgumentException("unknown command '" + command + "'");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < words.size(); i++) {
            String option = words.get(i);
            if (option.equals("--help") || option.equals("-h")) {
                return new CommandLine("help", Map.of());
            }
            if (!allowed.contains(option)) {
                throw new IllegalArgumentException("'" + command + "' takes no option '" + option + "'");
            }
            if (FLAGS.contains(option)) {
                options.put(option, "true");
                continue;
            }
            if (i + 1 >= words.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            options.put(option, words.get(++i));
        }
        return new CommandLine(command, options);
    }

    /** {@code --help} and {@code --version}: they read no settings and start nothing. */
    boolean startsNoProgram() {
        return command.equals("help") || command.equals("version");
    }

    String option(String name) {
        return options.get(name);
    }

    static final String USAGE = """
            Usage: java -jar target/oura-hrv-sync.jar [--home DIR] [command]

            Commands:
              run                      keep running and sync on the schedule in sync.cron (the default);
                                       with serve.enabled=true, also serve the data folder (private serving)
              sync [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--wait]
                                       sync once, then exit: without dates, everything new since the
                                       last sync (the first time: the whole history from sync.start-date);
                                       with dates, exactly those days (both inclusive). --wait waits for a
                                       sync that is already running on the data folder instead of exiting 6
              serve                    keep running and only serve the data folder to holders of serve.key
                                       (private serving, as run does with serve.enabled=true), no syncing
              authorize [--redirect-url URL | --code CODE]
                                       connect this tool to your Oura account (once): prints the address to
                                       open, then takes the browser's return or what you paste
              status                   show whether tokens are stored, until when, their scopes, the last sync
              export --format csv|json|healthxml --out FILE [--metric hrv|rhr]
                     [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                                       write one file of the whole range (both inclusive; default: all
                                       that is synced) from the data folder, with no API call: csv and
                                       json as the per-day files, healthxml as a zip in Apple Health's
                                       export layout. --metric: hrv (the default) or rhr
              demo                     sync sample nights from a stand-in Oura API on 127.0.0.1 into the data folder
              --version                print the version of this program and of Apache Camel
              --help                   show this help

            Settings: the application.properties of --home DIR if given, else ./application.properties
            if there is one, else that of $OURA_HRV_SYNC_HOME or ~/.config/oura-hrv-sync (if any), over
            the jar's own defaults; any key can be overridden by -Dkey=value or by an environment
            variable (oura.client-id -> OURA_CLIENT_ID). Relative paths (sync.data-dir = data) are
            relative to the working folder. Routes: the routes/*.camel.yaml beside those settings if
            there are any, else the jar's own.
            Exit status: 0 ok, 1 unexpected failure, 2 bad configuration or arguments,
            3 authorization needed, 4 Oura API or network failure, 5 local file failure,
            6 another sync is running on the data folder.
            """;
}
