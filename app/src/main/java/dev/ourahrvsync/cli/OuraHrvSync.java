package dev.ourahrvsync.cli;

import dev.ourahrvsync.auth.Authorizer;
import dev.ourahrvsync.auth.OuraTokens;
import dev.ourahrvsync.auth.RealPaths;
import dev.ourahrvsync.auth.StoredTokens;
import dev.ourahrvsync.demo.OuraStandIn;
import dev.ourahrvsync.export.ExportFormat;
import dev.ourahrvsync.export.ExportMetric;
import dev.ourahrvsync.export.HistoryExport;
import dev.ourahrvsync.export.RawArchive;
import dev.ourahrvsync.logging.LoggingSetup;
import dev.ourahrvsync.logging.Secrets;
import dev.ourahrvsync.output.NightFiles;
import dev.ourahrvsync.settings.SettingKeys;
import dev.ourahrvsync.sync.ExitCode;
import dev.ourahrvsync.sync.Failures;
import dev.ourahrvsync.sync.SettingsCheck;
import dev.ourahrvsync.sync.SyncPlanner;
import dev.ourahrvsync.sync.SyncRequest;
import dev.ourahrvsync.sync.SyncState;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line: {@code run}, {@code sync}, {@code serve}, {@code authorize}, {@code status}, {@code export},
 * {@code demo},
 * {@code --help}, {@code --version}.
 */
public final class OuraHrvSync {

    /** Where the demo writes its sample nights. */
    static final String DEMO_FOLDER = "data-demo";
    /** The commands that start no Camel, and so load no routes. */
    private static final Set<String> ROUTELESS = Set.of("help", "status", "export");

    private OuraHrvSync() {
    }

    public static void main(String[] args) {
        // before the first logger: our logging configuration, and the secrets it must mask
        LoggingSetup.forCommandLine(settingsFile(args));
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** The user's settings file, for the secrets logging must mask; a bad command line is reported later. */
    private static Path settingsFile(String[] args) {
        try {
            return Installation.find(CommandLine.parse(args).option(CommandLine.HOME)).settingsFile()
                    .orElse(Path.of(Installation.SETTINGS));
        } catch (IllegalArgumentException e) {
            return Path.of(Installation.SETTINGS);
        }
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        CommandLine line;
        Installation installation;
        try {
            line = CommandLine.parse(args);
            refuseSecretsOnTheCommandLine();
            installation = line.startsNoProgram() ? null : Installation.find(line.option(CommandLine.HOME));
        } catch (IllegalArgumentException e) {
            return badArguments(e.getMessage(), err);
        }
        try {
            if (installation != null) {
                warnings(installation, line.command(), err);
            }
            return switch (line.command()) {
                case "help" -> {
                    out.print(CommandLine.USAGE);
                    yield ExitCode.OK.status();
                }
                case "version" -> {
                    out.println(ProgramVersion.line());
                    yield ExitCode.OK.status();
                }
                case "run" -> {
                    CamelApp.runService(installation, Map.of());
                    yield ExitCode.OK.status();
                }
                case "sync" -> sync("sync", installation, line, Map.of(), out, err);
                case "serve" -> {
                    CamelApp.runService(installation, Map.of("serve.active", "true", "sync.scheduled", "false"));
                    yield ExitCode.OK.status();
                }
                case "authorize" -> authorize(installation, line, in, out, err);
                case "status" -> status(installation, out);
                case "export" -> export(installation, line, out, err);
                case "demo" -> demo(installation, out, err);
                default -> throw new IllegalStateException(line.command());
            };
        } catch (Exception e) {
            return fail(line.command(), e, err);
        }
    }

    /** What the command would otherwise ignore without a word: unknown settings, a routes folder not used. */
    private static void warnings(Installation installation, String command, PrintStream err) {
        List<String> warnings = new ArrayList<>(UnknownSettings.ofTheJar().warnings(installation.settingsFile(),
                System.getenv()));
        if (!ROUTELESS.contains(command)) {
            installation.routesNotice().ifPresent(warnings::add);
        }
        warnings.forEach(warning -> err.println(Secrets.mask("oura-hrv-sync: " + warning)));
    }

    private static void refuseSecretsOnTheCommandLine() {
        for (String key : Secrets.SETTINGS) {
            if (System.getProperty(key) != null) {
                String variable = SettingKeys.environmentVariable(key);
                throw new IllegalArgumentException(key + " must not be given on the command line, where every user"
                        + " of this machine can read it: set " + variable + " in the environment instead");
            }
        }
    }

    /** @param command the command the user gave, for its failure line ({@code sync} or {@code demo}) */
    private static int sync(String command, Installation installation, CommandLine line,
                            Map<String, String> overrides, PrintStream out, PrintStream err) {
        Map<String, Object> headers = new HashMap<>();
        if (line.option("--from") != null) {
            headers.put(SyncRequest.FROM, line.option("--from"));
        }
        if (line.option("--to") != null) {
            headers.put(SyncRequest.TO, line.option("--to"));
        }
        headers.put(SyncRequest.WAIT, line.option("--wait") != null);
        CamelApp.Outcome<String> outcome = CamelApp.once(installation, overrides, context -> {
            try (ProducerTemplate template = context.createProducerTemplate()) {
                String summary = template.requestBodyAndHeaders(SyncRequest.ENDPOINT, null, headers, String.class);
                return summary + ", files in " + CamelApp.property(context, "sync.data-dir");
            }
        });
        if (outcome.failure() != null) {
            return fail(command, outcome.failure(), err);
        }
        // the data folder is named as given, and a name may hold a secret: never echo one
        out.println(Secrets.mask("oura-hrv-sync: sync done: " + outcome.result()));
        return ExitCode.OK.status();
    }

    private static int authorize(Installation installation, CommandLine line, InputStream in, PrintStream out,
                                 PrintStream err) {
        if (line.option("--code") != null && line.option("--redirect-url") != null) {
            return badArguments("give --code or --redirect-url, not both", err);
        }
        CamelApp.Outcome<StoredTokens> outcome = CamelApp.once(installation, Map.of(), context -> {
            OuraTokens tokens = tokensBean(context);
            Authorizer authorizer = new Authorizer(authorizeSettings(context), tokens.endpoint(), tokens.store(), out,
                    Clock.systemUTC());
            if (line.option("--code") != null) {
                return authorizer.withCode(line.option("--code"));
            }
            if (line.option("--redirect-url") != null) {
                return authorizer.withRedirectUrl(line.option("--redirect-url"));
            }
            return authorizer.interactive(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        });
        if (outcome.failure() != null) {
            return fail(line.command(), outcome.failure(), err);
        }
        out.println();
        out.println("Authorized (scopes: " + Optional.ofNullable(outcome.result().scope()).orElse("not stated")
                + "); the tokens are stored. Next: java -jar target/oura-hrv-sync.jar sync");
        return ExitCode.OK.status();
    }

    private static Authorizer.Settings authorizeSettings(CamelContext context) {
        String key = "authorize.timeout-seconds";
        Duration callbackTimeout = Duration.ofSeconds(SettingsCheck.wholeNumber(key, CamelApp.property(context, key),
                SettingsCheck.NUMBERS.get(key)));
        return new Authorizer.Settings(
                CamelApp.property(context, "oura.authorize-url"),
                CamelApp.property(context, "oura.client-id"),
                CamelApp.property(context, "oura.redirect-uri"),
                CamelApp.property(context, "oura.scopes"),
                callbackTimeout,
                Boolean.parseBoolean(CamelApp.property(context, "authorize.open-browser").trim()));
    }

    /** Reads the token store and the sync state where the settings say: no Camel start, no routes. */
    private static int status(Installation installation, PrintStream out) {
        List<String> lines;
        Settings settings = Settings.of(installation);
        {
            OuraTokens tokens = new OuraTokens();
            // as the bean is given them: the store must stay out of the data folder
            tokens.setDataDir(settings.get("sync.data-dir"));
            tokens.setTokenFile(settings.get("oura.token-file"));
            SyncState state = new SyncState();
            state.setDataDir(settings.get("sync.data-dir"));
            lines = StatusReport.lines(tokens.store().file(), tokens.stored(), state.read(), Instant.now());
        }
        lines.forEach(text -> out.println(Secrets.mask(text)));
        return ExitCode.OK.status();
    }

    /** Exports from the raw archive, with no Camel start: the settings are all it needs. */
    private static int export(Installation installation, CommandLine line, PrintStream out, PrintStream err)
            throws Exception {
        HistoryExport.Request request;
        try {
            request = exportRequest(line);
        } catch (IllegalArgumentException e) {
            return badArguments(e.getMessage(), err);
        }
        HistoryExport.Summary summary;
        Settings settings = Settings.of(installation);
        {
            // the data folder, sleep types and HRV mode as the sync's beans have them
            NightFiles nightFiles = new NightFiles();
            nightFiles.setSleepTypes(settings.get("sync.sleep-types"));
            nightFiles.setHrvMode(settings.get("sync.hrv-mode"));
            HistoryExport.Request inMode = new HistoryExport.Request(request.from(), request.to(),
                    request.metric().inMode(nightFiles.getHrvMode()), request.format(), request.out());
            summary = new HistoryExport(new RawArchive(Path.of(settings.get("sync.data-dir"))),
                    nightFiles.getSleepTypes(), Clock.systemDefaultZone()).write(inMode);
        }
        out.println(Secrets.mask("oura-hrv-sync: export done: " + summary.line()));
        return ExitCode.OK.status();
    }

    private static HistoryExport.Request exportRequest(CommandLine line) {
        if (line.option("--format") == null) {
            throw new IllegalArgumentException("export needs --format csv, json or healthxml");
        }
        if (line.option("--out") == null) {
            throw new IllegalArgumentException("export needs --out FILE");
        }
        String from = line.option("--from");
        String to = line.option("--to");
        return new HistoryExport.Request(
                from == null ? null : SyncPlanner.date(from, "--from"),
                to == null ? null : SyncPlanner.date(to, "--to"),
                ExportMetric.named(Optional.ofNullable(line.option("--metric")).orElse(ExportMetric.HRV.name())),
                ExportFormat.named(line.option("--format")),
                Path.of(line.option("--out")));
    }

    private static OuraTokens tokensBean(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("ouraTokens", OuraTokens.class);
    }

    /**
     * Syncs the sample nights into a folder of the demo's own ({@value #DEMO_FOLDER} in the folder the settings come
     * from), never into the user's data folder, where they could reach Apple Health or the phone; the user's token
     * store and sync state are left alone too (the stand-in's tokens live in a temporary folder).
     */
    private static int demo(Installation installation, PrintStream out, PrintStream err) throws Exception {
        Path folder = demoFolder(installation);
        // where they really lead: through a link the user's data folder could be the demo's under another name
        Path userData = RealPaths.of(Path.of(Settings.of(installation).get("sync.data-dir").strip()));
        Path realFolder = RealPaths.of(folder);
        if (userData.startsWith(realFolder) || realFolder.startsWith(userData)) {
            throw new IllegalArgumentException("the demo writes into " + folder + ", and sync.data-dir ("
                    + userData + ") must not share it: set another sync.data-dir");
        }
        try (OuraStandIn standIn = OuraStandIn.start()) {
            out.println("oura-hrv-sync demo: a stand-in Oura API serves sample nights on " + standIn.baseUrl());
            Map<String, String> overrides = new HashMap<>(standIn.properties());
            overrides.put("sync.data-dir", folder.toString());
            // the demo's folder, stand-in and tokens must win over the user's environment and -D (OURA_TOKEN_FILE,
            // SYNC_DATA_DIR), which otherwise rank above them: these are read only where nothing else sets a key
            overrides.put("camel.component.properties.environment-variable-mode", "1");
            overrides.put("camel.component.properties.system-properties-mode", "1");
            CommandLine line = CommandLine.parse("sync", "--from", OuraStandIn.FIRST_DAY.toString(),
                    "--to", OuraStandIn.LAST_DAY.toString());
            out.println("oura-hrv-sync demo: syncing " + OuraStandIn.FIRST_DAY + ".." + OuraStandIn.LAST_DAY
                    + " through the real routes into " + folder + " (your data folder and tokens are left alone)");
            return sync("demo", installation, line, overrides, out, err);
        }
    }

    /**
     * {@value #DEMO_FOLDER} in the folder the settings come from: the working folder of a checkout, or the home
     * folder ({@code --home}, {@code OURA_HRV_SYNC_HOME}, {@code ~/.config/oura-hrv-sync}); in the working folder
     * when there is no home folder yet, as a relative {@code sync.data-dir} would be.
     */
    static Path demoFolder(Installation installation) {
        Path base = Files.isDirectory(installation.folder()) ? installation.folder() : Path.of("");
        return base.resolve(DEMO_FOLDER).toAbsolutePath().normalize();
    }

    private static int badArguments(String message, PrintStream err) {
        err.println(Secrets.mask("oura-hrv-sync: " + message + " (see --help)"));
        return ExitCode.BAD_CONFIGURATION.status();
    }

    private static int fail(String command, Throwable failure, PrintStream err) {
        ExitCode code = ExitCode.of(failure);
        err.println(Secrets.mask("oura-hrv-sync: " + command + " failed: " + Failures.oneLine(failure)));
        return code.status();
    }
}
