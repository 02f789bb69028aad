package dev.ourahrvsync;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ourahrvsync.OuraFault.FaultyOura;
import dev.ourahrvsync.auth.StoredTokens;
import dev.ourahrvsync.auth.TokenStore;
import dev.ourahrvsync.cli.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault scenarios of {@link FaultSuiteTest} through the packaged jar, as {@code sync --from 2024-10-10 --to
 * 2024-10-15} processes: a handful at the default log level for their real exit status and a standard error of
 * exactly one line; every one of them at TRACE, failing if the client secret or a token appears anywhere in what
 * the process printed.
 */
class FaultProcessIT {

    private static final String FAILED = "oura-hrv-sync: sync failed: ";
    private static final String DONE = "oura-hrv-sync: sync done: ";
    private static final List<OuraFault> HANDFUL = List.of(OuraFault.HTTP_503_THEN_OK, OuraFault.CONNECTION_RESET,
            OuraFault.RATE_LIMITED_TOO_LONG, OuraFault.UNAUTHORIZED_TWICE, OuraFault.UNPROCESSABLE,
            OuraFault.TRUNCATED_JSON);
    /** How long a child may take: far beyond a sync of six days even on a loaded machine. */
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    /** Two children at a time. */
    private static final int AT_ONCE = 2;

    @TempDir
    Path workDir;

    /** What one process did: its output, and the calls the stand-in saw of the second window. */
    private record Run(JarProcess.Result result, int secondWindowCalls, int elsewhereCalls) {
    }

    @Test
    void aHandfulOfFaultsEndWithTheirExitStatusAndOneLineOnStandardError() throws Exception {
        Map<OuraFault, Run> runs = runAll(HANDFUL, Map.of());

        runs.forEach((fault, run) -> {
            JarProcess.Result result = run.result();
            String stderr = result.stderr().strip();
            assertAll(fault.name(),
                    () -> assertEquals(fault.exitCode().status(), result.exitCode(), result.stderr()),
                    () -> assertEquals(fault.secondWindowCalls(), run.secondWindowCalls(), "bounded calls"),
                    () -> assertEquals(0, run.elsewhereCalls()));
            if (fault.syncSucceeds()) {
                assertEquals("", stderr, fault.name());
                assertEquals(1, result.stdout().strip().lines().count(), result.stdout());
                assertTrue(result.stdout().startsWith(DONE), result.stdout());
            } else {
                assertEquals("", result.stdout(), fault.name());
                assertEquals(1, stderr.lines().count(), fault.name() + ": " + stderr);
                assertTrue(stderr.startsWith(FAILED), stderr);
                fault.said().forEach(words -> assertTrue(stderr.contains(words), words + ": " + stderr));
                assertTrue(stderr.contains(SyncTestSupport.SLEEP_PATH + " for " + FaultyOura.SECOND_WINDOW),
                        stderr);
            }
        });
    }

    @Test
    void noFaultPrintsASecretAtTheMostVerboseLogLevel() throws Exception {
        Map<OuraFault, Run> runs = runAll(List.of(OuraFault.values()), Map.of(
                "oura-hrv-sync.root-log-level", "TRACE", "oura-hrv-sync.log-level", "TRACE"));

        List<String> leaks = new ArrayList<>();
        runs.forEach((fault, run) -> {
            JarProcess.Result result = run.result();
            assertEquals(fault.exitCode().status(), result.exitCode(), fault.name() + ": " + tail(result.stderr()));
            assertEquals(fault.secondWindowCalls(), run.secondWindowCalls(), fault.name() + ": bounded calls");
            assertEquals(0, run.elsewhereCalls(), fault.name() + ": nothing followed elsewhere");
            assertTrue(result.stderr().length() > 20_000, fault.name() + ": TRACE logging was on");
            String output = result.stdout() + result.stderr();
            for (String secret : FaultyOura.SECRETS) {
                int at = output.indexOf(secret);
                if (at >= 0) {
                    leaks.add(fault.name() + ": '" + secret + "' in ..." + output.substring(Math.max(0, at - 120),
                            Math.min(output.length(), at + secret.length() + 40)).replace('\n', ' '));
                }
            }
        });
        assertEquals(List.of(), leaks);
    }

    @Test
    void aRefusedConnectionStopsTheSyncWithExit4AndOneLine() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Path dir = Files.createDirectories(workDir.resolve("refused"));
        Map<String, String> properties = properties(dir, "http://127.0.0.1:" + closedPort, Map.of());

        JarProcess.Result result = JarProcess.run(List.of(), properties, environment(), dir, DEADLINE,
                "sync", "--from", FaultyOura.FIRST_DAY.toString(), "--to", FaultyOura.LAST_DAY.toString());

        String stderr = result.stderr().strip();
        assertEquals(4, result.exitCode(), stderr);
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.startsWith(FAILED + "the Oura API could not be reached or broke off ("), stderr);
        assertTrue(stderr.contains("Connection refused"), stderr);
        assertTrue(stderr.endsWith("on the call to /v2/usercollection/sleep for " + FaultyOura.FIRST_DAY + ".."
                + FaultyOura.LAST_DAY_OF_FIRST_WINDOW + ", after the configured retries"), stderr);
        assertFalse(Files.exists(dir.resolve("data/hrv")), "nothing written");
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedGetsNoRequestAndTheSyncStopsWithExit4() throws Exception {
        // WireMock's own self-signed certificate: trusted by no one, and issued to no name of 127.0.0.1
        WireMockServer untrusted = new WireMockServer(options().bindAddress("127.0.0.1").httpDisabled(true)
                .dynamicHttpsPort());
        untrusted.start();
        try {
            SyncTestSupport.serveSleepPages(untrusted, SyncTestSupport.recordedDocuments(), 48);
            Path dir = Files.createDirectories(workDir.resolve("untrusted"));
            Map<String, String> properties = properties(dir, "https://127.0.0.1:" + untrusted.httpsPort(), Map.of());

            JarProcess.Result result = JarProcess.run(List.of(), properties, environment(), dir,
                    DEADLINE, "sync", "--from", FaultyOura.FIRST_DAY.toString(), "--to",
                    FaultyOura.LAST_DAY.toString());

            String stderr = result.stderr().strip();
            assertEquals(4, result.exitCode(), stderr);
            assertEquals(1, stderr.lines().count(), stderr);
            assertTrue(stderr.startsWith(FAILED + "the Oura API's certificate or host name could not be verified"),
                    stderr);
            assertEquals(0, untrusted.getAllServeEvents().size(), "no request got through");
            assertFalse(Files.exists(dir.resolve("data/hrv")), "nothing written");
        } finally {
            untrusted.stop();
        }
    }

    @Test
    void aHundredMegabytePageEndsWithExit4AndOneLineInA64MegabyteHeap() throws Exception {
        Path dir = Files.createDirectories(workDir.resolve("huge"));
        try (HugeAnswerOura oura = new HugeAnswerOura(FaultyOura.SECOND_WINDOW_QUERY_START)) {
            // the shipped oura.max-response-bytes: the settings of the scenarios leave it alone
            Map<String, String> properties = properties(dir, oura.url(), Map.of());
            List<String> options = new ArrayList<>();
            options.add("-Xmx64m");
            Path stdout = dir.resolve("stdout.txt");
            Path stderr = dir.resolve("stderr.txt");
            Process child = JarProcess.builder(options, properties, environment(), "sync", "--from",
                            FaultyOura.FIRST_DAY.toString(), "--to", FaultyOura.LAST_DAY.toString())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            long peakRssKb = 0;
            Instant deadline = Instant.now().plusSeconds(120);
            while (!child.waitFor(50, TimeUnit.MILLISECONDS) && Instant.now().isBefore(deadline)) {
                peakRssKb = Math.max(peakRssKb, SyncProcesses.peakRssKb(child.pid()));
            }
            JarProcess.Result result = JarProcess.finish(child, stdout, stderr, Duration.ofSeconds(5), "sync");

            String line = result.stderr().strip();
            assertAll(
                    () -> assertEquals(4, result.exitCode(), line),
                    () -> assertEquals(1, line.lines().count(), line),
                    () -> assertTrue(line.startsWith(FAILED + "Oura's answer to " + SyncTestSupport.SLEEP_PATH + " for "
                            + FaultyOura.SECOND_WINDOW + " is larger than oura.max-response-bytes (8388608 bytes)"),
                            line),
                    () -> assertEquals(1, oura.callsStarting(FaultyOura.SECOND_WINDOW_QUERY_START), "not retried"));
            System.out.printf("FaultProcessIT: a %d MB page with -Xmx64m: exit %d, peak RSS %d MB%n",
                    HugeAnswerOura.HUGE_BYTES >> 20, result.exitCode(), peakRssKb / 1024);
        }
    }

    /** Runs each fault in a process of its own, {@value #AT_ONCE} at a time, each against stand-ins of its own. */
    private Map<OuraFault, Run> runAll(List<OuraFault> faults, Map<String, String> logging) throws Exception {
        Map<OuraFault, Run> runs = new EnumMap<>(OuraFault.class);
        ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
        try {
            Map<OuraFault, Future<Run>> started = new EnumMap<>(OuraFault.class);
            for (OuraFault fault : faults) {
                started.put(fault, pool.submit(() -> run(fault, logging)));
            }
            for (Map.Entry<OuraFault, Future<Run>> run : started.entrySet()) {
                runs.put(run.getKey(), run.getValue().get());
            }
            return runs;
        } finally {
            pool.shutdownNow();
        }
    }

    private Run run(OuraFault fault, Map<String, String> logging) throws Exception {
        Path dir = Files.createDirectories(workDir.resolve(fault.name() + "-" + logging.size()));
        // started and answered once: a fresh server's first answer can take seconds
        WireMockServer oura = SyncTestSupport.startLoopbackServer();
        WireMockServer elsewhere = SyncTestSupport.startLoopbackServer();
        try {
            FaultyOura stand = new FaultyOura(oura, elsewhere);
            stand.serveRecorded();
            fault.inject(stand);
            Map<String, String> properties = properties(dir, "http://127.0.0.1:" + oura.port(), logging);
            properties.putAll(fault.limits());

            JarProcess.Result result = JarProcess.run(List.of(), properties, environment(), dir,
                    DEADLINE, "sync", "--from", FaultyOura.FIRST_DAY.toString(), "--to",
                    FaultyOura.LAST_DAY.toString());

            return new Run(result, stand.secondWindowCalls().size(), stand.elsewhereCalls().size());
        } finally {
            oura.stop();
            elsewhere.stop();
        }
    }

    /** The -D settings of a sync into {@code dir}, with a token store there that holds a valid pair. */
    private static Map<String, String> properties(Path dir, String ouraUrl, Map<String, String> logging) {
        Path tokenFile = dir.resolve("config/tokens.json");
        new TokenStore(tokenFile).write(new StoredTokens(FaultyOura.ACCESS_1, FaultyOura.REFRESH_1,
                Instant.now().plus(Duration.ofHours(2)), "personal daily heartrate", Instant.now()));
        Map<String, String> properties = new HashMap<>(FaultyOura.SETTINGS);
        properties.putAll(logging);
        properties.put("oura.api-url", ouraUrl);
        properties.put("oura.token-url", ouraUrl + SyncTestSupport.TOKEN_PATH);
        properties.put("oura.client-id", "fault-client");
        properties.put("oura.token-file", tokenFile.toString());
        properties.put("sync.data-dir", dir.resolve("data").toString());
        return properties;
    }

    /** Secrets go in the environment, as a user sets them. */
    private static Map<String, String> environment() {
        return Map.of("OURA_CLIENT_SECRET", SyncTestSupport.CLIENT_SECRET,
                "OURA_REFRESH_TOKEN", SyncTestSupport.SEED_REFRESH_TOKEN);
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 2000));
    }
}
