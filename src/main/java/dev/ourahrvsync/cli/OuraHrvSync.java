package dev.ourahrvsync.cli;

import dev.ourahrvsync.demo.OuraStandIn;
import dev.ourahrvsync.sync.Failures;
import dev.ourahrvsync.sync.SyncPlanner;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/** The command line: {@code run}, {@code sync}, {@code demo}, {@code --help}. */
public final class OuraHrvSync {

    private OuraHrvSync() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line;
        try {
            line = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("oura-hrv-sync: " + e.getMessage() + " (see --help)");
            return ExitCode.BAD_CONFIGURATION.status();
        }
        try {
            return switch (line.command()) {
                case "help" -> {
                    out.print(CommandLine.USAGE);
                    yield ExitCode.OK.status();
                }
                case "run" -> {
                    CamelApp.runService(Map.of());
                    yield ExitCode.OK.status();
                }
                case "sync" -> sync(line, Map.of(), out, err);
                case "demo" -> demo(out, err);
                default -> throw new IllegalStateException(line.command());
            };
        } catch (Exception e) {
            return fail(line.command(), e, err);
        }
    }

    private static int sync(CommandLine line, Map<String, String> overrides, PrintStream out, PrintStream err) {
        Map<String, Object> headers = new HashMap<>();
        if (line.option("--from") != null) {
            headers.put(SyncPlanner.FROM, line.option("--from"));
        }
        if (line.option("--to") != null) {
            headers.put(SyncPlanner.TO, line.option("--to"));
        }
        CamelApp.SyncOutcome outcome = CamelApp.syncOnce(overrides, headers);
        if (outcome.failure() != null) {
            return fail(line.command(), outcome.failure(), err);
        }
        out.println("oura-hrv-sync: sync done, files in " + outcome.dataDir());
        return ExitCode.OK.status();
    }

    private static int demo(PrintStream out, PrintStream err) throws Exception {
        try (OuraStandIn standIn = OuraStandIn.start()) {
            out.println("oura-hrv-sync demo: a stand-in Oura API serves sample nights on " + standIn.baseUrl());
            Map<String, String> overrides = standIn.properties();
            CommandLine line = CommandLine.parse("sync", "--from", OuraStandIn.FIRST_DAY.toString(),
                    "--to", OuraStandIn.LAST_DAY.toString());
            out.println("oura-hrv-sync demo: syncing " + OuraStandIn.FIRST_DAY + ".." + OuraStandIn.LAST_DAY
                    + " through the real routes");
            return sync(line, overrides, out, err);
        }
    }

    private static int fail(String command, Throwable failure, PrintStream err) {
        ExitCode code = ExitCode.of(failure);
        err.println("oura-hrv-sync: " + command + " failed: " + Failures.oneLine(failure));
        return code.status();
    }
}
