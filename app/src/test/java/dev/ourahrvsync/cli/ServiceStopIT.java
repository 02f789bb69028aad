package dev.ourahrvsync.cli;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ourahrvsync.Await;
import dev.ourahrvsync.SyncTestSupport;
import dev.ourahrvsync.sync.SyncState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stopping the running service while Oura trickles an answer: the stop ends the call under way at once, rather than
 * waiting for it up to {@code camel.main.shutdown-timeout} (set far above the deadline below, so only the fix can
 * make the process end in time).
 */
class ServiceStopIT {

    /** How long the process may take to end after SIGTERM: generous for a loaded machine, far below the timeouts. */
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(90);
    private static final int SHUTDOWN_TIMEOUT_SECONDS = 900;

    @TempDir
    Path workDir;

    private WireMockServer oura;

    @BeforeEach
    void ouraTricklesItsSleepPage() {
        oura = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        oura.start();
        oura.stubFor(post(SyncTestSupport.TOKEN_PATH).withRequestBody(containing("refresh_token=stop-it-seed"))
                .willReturn(okJson("{\"access_token\":\"stop-it-access-1\",\"refresh_token\":\"stop-it-refresh-1\","
                        + "\"expires_in\":86400,\"token_type\":\"bearer\",\"scope\":\"personal daily heartrate\"}")));
        // a page that would take an hour to arrive, a byte now and then
        oura.stubFor(get(urlPathEqualTo(SyncTestSupport.SLEEP_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"data\":[],\"next_token\":null}")
                .withGzipDisabled(true).withChunkedDribbleDelay(30, 3_600_000)));
    }

    @AfterEach
    void stopOura() {
        oura.stop();
    }

    @Test
    void sigtermDuringATricklingCallEndsTheServiceWithoutWaitingForTheCall() throws Exception {
        String base = "http://127.0.0.1:" + oura.port();
        Path dataDir = workDir.resolve("data");
        Map<String, String> properties = Map.of(
                "oura.api-url", base,
                "oura.token-url", base + SyncTestSupport.TOKEN_PATH,
                "oura.client-id", "stop-it-client",
                "oura.token-file", workDir.resolve("config/tokens.json").toString(),
                "sync.data-dir", dataDir.toString(),
                "sync.cron", "0/2 * * * * ?",
                "oura.call-timeout-ms", String.valueOf(TimeUnit.SECONDS.toMillis(3 * SHUTDOWN_TIMEOUT_SECONDS)),
                "camel.main.shutdown-timeout", String.valueOf(SHUTDOWN_TIMEOUT_SECONDS));
        Map<String, String> environment = Map.of("OURA_CLIENT_SECRET", "stop-it-client-secret",
                "OURA_REFRESH_TOKEN", "stop-it-seed");
        Process service = JarProcess.builder(properties, environment, "run")
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .redirectError(workDir.resolve("stderr.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        Path stderr = workDir.resolve("stderr.txt");
        try {
            // the one line 'run' says once it is up: where the data goes, the schedule, when it fires next, serving
            Pattern startLine = Pattern.compile("Syncing into " + Pattern.quote(dataDir.toAbsolutePath().toString())
                    + " on schedule '0/2 \\* \\* \\* \\* \\?' \\(sync.cron\\), next at \\d{4}-\\d\\d-\\d\\d"
                    + " \\d\\d:\\d\\d:\\d\\d \\(\\S+\\)\\. Not serving \\(serve.enabled=false\\)\\.");
            Await.until(() -> startLine.matcher(read(stderr)).find(), Duration.ofSeconds(120), "the start line",
                    stderr);
            // the first trigger's sync is waiting on the trickling page
            Await.until(() -> !oura.findAll(getRequestedFor(urlPathEqualTo(SyncTestSupport.SLEEP_PATH))).isEmpty(),
                    Duration.ofSeconds(120), "the scheduled sync's first call to reach Oura",
                    stderr);

            service.destroy();

            assertTrue(service.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS),
                    () -> "the service ended within " + STOP_DEADLINE.toSeconds() + " s of SIGTERM, not after its "
                            + SHUTDOWN_TIMEOUT_SECONDS + " s shutdown timeout: " + Await.tail(workDir.resolve(
                            "stderr.txt")));
        } finally {
            service.destroyForcibly();
        }
        // the window was never written, so the state never moved
        assertFalse(Files.exists(dataDir.resolve(SyncState.FILE_NAME)), "no sync state was written");
        assertTrue(!Files.exists(dataDir.resolve("hrv")), "no HRV file was written");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
