package dev.ourahrvsync;

import dev.ourahrvsync.auth.StoredTokens;
import dev.ourahrvsync.auth.TokenStore;
import dev.ourahrvsync.cli.JarProcess;
import dev.ourahrvsync.host.HostLogMaskingTest;
import dev.ourahrvsync.cli.ProcessLogs;
import dev.ourahrvsync.cli.RawEnvironmentIT;
import dev.ourahrvsync.logging.SecretSpellings;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No token, client secret or authorization code ever appears in a log line, message, exception text or the data
 * folder: runs the tool's paths at TRACE level as real processes, then scans their output, every other process
 * output of the suite (target/process-logs) and every unit-test log (target/surefire-reports).
 */
public class SecretsScanIT {

    /** Only characters a serve key may have, so that it is accepted; sent fully percent-encoded. */
    private static final String SERVE_KEY = "scan-serve-key-6b2e90d4c1a7f358";

    /** Every secret value the suite hands to the tool. */
    private static final List<String> SECRETS = Stream.concat(Stream.concat(Stream.of(
            // this test
            "scan-client-secret-71c", "scan-seed-refresh-3e0", "scan-access-1-aa9", "scan-refresh-1-0f2",
            "scan-revoked-refresh-55d", "scan-auth-code-c41",
            // SyncTestSupport and the route tests
            SyncTestSupport.CLIENT_SECRET, SyncTestSupport.SEED_REFRESH_TOKEN, "stored-access", "stored-refresh",
            "old-access", "refresh-2", "access-2",
            // the process tests
            "it-secret", "it-seed-refresh", "it-access-1", "it-refresh-1", "authorize-it-secret",
            "it-access-token-0c4", "it-refresh-token-8b2", "auth-code-5d1e", "cmdline-secret", "expired-access-9a",
            "revoked-refresh-4c",
            // private serving
            "serve-test-key-5b0c2e9a71d4f3", "file-server-test-key-83d1c0", "serve-it-key-2f8e61b09c4d7a35",
            SERVE_KEY, SecretSpellings.percentEncoded(SERVE_KEY, "%%%02X"),
            SecretSpellings.percentEncoded(SERVE_KEY, "%%%02x"),
            // values Camel would take for placeholders, as they are and as a form sends them
            RawSettingsTest.SECRET, RawEnvironmentIT.SECRET,
            URLEncoder.encode(RawSettingsTest.SECRET, StandardCharsets.UTF_8),
            URLEncoder.encode(RawEnvironmentIT.SECRET, StandardCharsets.UTF_8)),
            // the fault suite (FaultSuiteTest, FaultProcessIT)
            OuraFault.FaultyOura.SECRETS.stream()),
            // the embedding host (HostLogMaskingTest), in every encoded form
            HostLogMaskingTest.SECRETS.stream().flatMap(secret -> SecretSpellings.forms(secret).stream()))
            .toList();

    @TempDir
    Path workDir;

    @Test
    void noSecretAppearsInAnyOutputAtTheMostVerboseLogLevel() throws Exception {
        WireMockServer oura = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        oura.start();
        List<String> outputs = new ArrayList<>();
        try {
            String base = "http://127.0.0.1:" + oura.port();
            oura.stubFor(post("/oauth/token").withRequestBody(containing("refresh_token=scan-seed-refresh-3e0"))
                    .willReturn(okJson("{\"access_token\":\"scan-access-1-aa9\",\"refresh_token\":"
                            + "\"scan-refresh-1-0f2\",\"expires_in\":86400,\"scope\":\"personal daily heartrate\"}")));
            oura.stubFor(post("/oauth/token").withRequestBody(containing("scan-revoked-refresh-55d"))
                    .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"invalid_grant\"}")));
            oura.stubFor(post("/oauth/token").withRequestBody(containing("grant_type=authorization_code"))
                    .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"invalid_client\"}")));
            oura.stubFor(get(urlPathEqualTo("/v2/usercollection/sleep")).willReturn(okJson(Files.readString(
                    Path.of("core/src/test/resources/oura/sleep-recorded-2024-10.json")))));

            Map<String, String> properties = new HashMap<>();
            properties.put("oura-hrv-sync.root-log-level", "TRACE");
            properties.put("oura-hrv-sync.log-level", "TRACE");
            properties.put("oura.api-url", base);
            properties.put("oura.token-url", base + "/oauth/token");
            properties.put("oura.client-id", "scan-client");
            properties.put("oura.redirect-uri", "https://example.com/callback");
            properties.put("authorize.open-browser", "false");
            properties.put("sync.data-dir", workDir.resolve("data").toString());
            properties.put("oura.token-file", workDir.resolve("config/tokens.json").toString());
            Map<String, String> environment = Map.of("OURA_CLIENT_SECRET", "scan-client-secret-71c",
                    "OURA_REFRESH_TOKEN", "scan-seed-refresh-3e0");

            // a sync that seeds, refreshes and writes; a second one that reuses the token; status
            outputs.add(expect(0, JarProcess.run(properties, environment, workDir, "sync", "--from", "2024-10-10",
                    "--to", "2024-10-20")));
            outputs.add(expect(0, JarProcess.run(properties, environment, workDir, "sync", "--from", "2024-10-10",
                    "--to", "2024-10-12")));
            outputs.add(expect(0, JarProcess.run(properties, environment, workDir, "status")));
            // a revoked refresh token; a refused authorization code
            new TokenStore(workDir.resolve("config/tokens.json")).write(new StoredTokens("scan-old-access",
                    "scan-revoked-refresh-55d", Instant.now().minusSeconds(5), "personal", Instant.now()));
            outputs.add(expect(3, JarProcess.run(properties, environment, workDir, "sync")));
            outputs.add(expect(3, JarProcess.run(properties, environment, workDir, "authorize", "--code",
                    "scan-auth-code-c41")));
        } finally {
            oura.stop();
        }

        List<String> leaks = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            scan("scenario " + i, outputs.get(i), leaks);
        }
        assertTrue(outputs.stream().mapToInt(String::length).sum() > 10_000, "TRACE logging was on");
        scanFolder(ProcessLogs.FOLDER, leaks);
        scanFolder(Path.of("target/surefire-reports"), leaks);
        scanFolder(workDir.resolve("data"), leaks);
        assertEquals(List.of(), leaks);
    }

    /**
     * 'serve' at TRACE answers a GET whose ?key= is percent-encoded character by character: Vert.x and Camel see the
     * request URI with the key in a form the plain mask does not match. Neither form may appear in the output.
     */
    @Test
    void aPercentEncodedServeKeyAppearsInNoFormAtTheMostVerboseLogLevel() throws Exception {
        Path data = workDir.resolve("data");
        Files.createDirectories(data.resolve("hrv"));
        Files.writeString(data.resolve("hrv/latest.json"), "[{\"hrv\":41}]");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Map<String, String> properties = Map.of("oura-hrv-sync.root-log-level", "TRACE",
                "oura-hrv-sync.log-level", "TRACE", "sync.data-dir", data.toString(),
                "oura.token-file", workDir.resolve("config/tokens.json").toString(), "serve.port",
                Integer.toString(port));
        Path stdout = workDir.resolve("serve-stdout.txt");
        Path stderr = workDir.resolve("serve-stderr.txt");
        Process process = JarProcess.builder(properties, Map.of("SERVE_KEY", SERVE_KEY), "serve")
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        int status;
        try {
            Instant deadline = Instant.now().plusSeconds(90);
            while (!Files.readString(stderr).contains("Serving the data folder")) {
                assertTrue(process.isAlive() && Instant.now().isBefore(deadline), Files.readString(stderr));
                Thread.sleep(200);
            }
            HttpRequest keyed = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/hrv/latest.json?key=" + SecretSpellings.percentEncoded(SERVE_KEY, "%%%02X"))).timeout(Duration.ofSeconds(30))
                    .build();
            status = HttpClient.newHttpClient().send(keyed, HttpResponse.BodyHandlers.discarding()).statusCode();
        } finally {
            process.destroy();
        }
        JarProcess.Result result = JarProcess.finish(process, stdout, stderr, Duration.ofSeconds(120), "serve");

        assertEquals(200, status, "the encoded key was accepted, so the request went all the way through");
        String output = result.stdout() + result.stderr();
        assertTrue(output.length() > 10_000, "TRACE logging was on");
        List<String> leaks = new ArrayList<>();
        scan("serve", output, leaks);
        assertEquals(List.of(), leaks);
    }

    /** Every character of {@code text} as %XX, in the given hex case ({@code "%%%02X"} or {@code "%%%02x"}). */
    private static String expect(int exitCode, JarProcess.Result result) {
        assertEquals(exitCode, result.exitCode(), result.stderr());
        return result.stdout() + result.stderr();
    }

    private static void scanFolder(Path folder, List<String> leaks) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                scan(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.UTF_8), leaks);
            }
        }
    }

    private static void scan(String where, String text, List<String> leaks) {
        for (String secret : SECRETS) {
            int at = text.indexOf(secret);
            if (at >= 0) {
                int from = Math.max(0, at - 120);
                leaks.add(where + ": '" + secret + "' in ..." + text.substring(from, Math.min(text.length(),
                        at + secret.length() + 40)).replace('\n', ' '));
            }
        }
    }
}
