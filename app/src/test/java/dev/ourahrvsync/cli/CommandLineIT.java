package dev.ourahrvsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ourahrvsync.SyncTestSupport;
import dev.ourahrvsync.auth.StoredTokens;
import dev.ourahrvsync.auth.TokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged jar, run as a user runs it: commands, exit codes, one-line failures. */
class CommandLineIT {

    @TempDir
    Path workDir;

    private Map<String, String> properties;
    private final Map<String, String> environment = new HashMap<>(Map.of("OURA_CLIENT_SECRET", "it-secret"));

    @BeforeEach
    void isolate() {
        properties = new HashMap<>();
        properties.put("sync.data-dir", workDir.resolve("data").toString());
        properties.put("oura.token-file", workDir.resolve("config/tokens.json").toString());
        properties.put("oura.api-url", "http://127.0.0.1:9");
        properties.put("oura.token-url", "http://127.0.0.1:9/oauth/token");
        properties.put("oura.client-id", "it-client");
    }

    @Test
    void helpListsTheCommands() throws Exception {
        JarProcess.Result result = JarProcess.run(properties, environment, workDir, "--help");

        assertEquals(0, result.exitCode());
        for (String command : new String[] {"run", "sync", "export", "demo", "--help", "--version", "Exit status"}) {
            assertTrue(result.stdout().contains(command), command);
        }
    }

    @Test
    void versionNamesThisProgramsAndCamelsVersions() throws Exception {
        JarProcess.Result result = JarProcess.run(properties, environment, workDir, "--version");

        assertEquals(0, result.exitCode(), result.stderr());
        // the jar's own version from its manifest, Camel's as the build resolved it (the test's classpath has the same)
        assertTrue(result.stdout().strip().matches("oura-hrv-sync \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Apache Camel "
                + Pattern.quote(ProgramVersion.camel()) + "\\)"), result.stdout());
        assertEquals("", result.stderr());
    }

    @Test
    void runWithoutTokensIsExit3AtOnceInsteadOfFailingAtEveryTrigger() throws Exception {
        JarProcess.Result result = JarProcess.run(properties, environment, workDir, "run");

        assertEquals(3, result.exitCode(), result.stderr());
        assertEquals(1, result.stderr().strip().lines().count(), result.stderr());
        assertTrue(result.stderr().contains("oura-hrv-sync: run failed: no Oura tokens in"), result.stderr());
        assertTrue(result.stderr().contains("authorize"), result.stderr());
        assertFalse(Files.exists(workDir.resolve("data")));
    }

    @Test
    void runWithNothingScheduledAndNothingServedIsExit2() throws Exception {
        properties.put("sync.scheduled", "false");

        JarProcess.Result result = JarProcess.run(properties, environment, workDir, "run");

        assertEquals(2, result.exitCode(), result.stderr());
        assertEquals(1, result.stderr().strip().lines().count(), result.stderr());
        assertTrue(result.stderr().contains("run failed: nothing to do"), result.stderr());
    }

    @Test
    void anUnknownCommandIsExit2WithOneLine() throws Exception {
        JarProcess.Result result = JarProcess.run(properties, environment, workDir, "synk");

        assertEquals(2, result.exitCode());
        assertEquals(1, result.stderr().strip().lines().count(), result.stderr());
        assertTrue(result.stderr().contains("unknown command 'synk'"), result.stderr());
    }

    @Test
    void aSecretOnTheCommandLineIsRefused() throws Exception {
        properties.put("oura.client-secret", "cmdline-secret");

        JarProcess.Result result = JarProcess.run(properties, Map.of(), workDir, "sync");

        assertEquals(2, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("set OURA_CLIENT_SECRET in the environment"), result.stderr());
        assertFalse(result.stderr().contains("cmdline-secret"));
    }

    @Test
    void anUnparseableDateIsExit2NamingTheOption() throws Exception {
        JarProcess.Result result = JarProcess.run(properties, environment, workDir, "sync", "--from", "2024-13-01");

        assertEquals(2, result.exitCode(), result.stderr());
        assertEquals(1, result.stderr().strip().lines().count(), result.stderr());
        assertTrue(result.stderr().contains("--from must be a date like"), result.stderr());
        assertFalse(Files.exists(workDir.resolve("data")));
    }

    @Test
    void aTokenStoreInsideTheDataFolderIsRefusedAtStart() throws Exception {
        properties.put("oura.token-file", workDir.resolve("data/secret/tokens.json").toString());

        JarProcess.Result result = JarProcess.run(properties, environment, workDir, "sync");

        assertEquals(2, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("oura.token-file must not be inside sync.data-dir"), result.stderr());
        assertFalse(Files.exists(workDir.resolve("data")));
    }

    @Test
    void noTokensIsExit3AndTouchesNoFile() throws Exception {
        JarProcess.Result result = JarProcess.run(properties, environment, workDir, "sync");

        assertEquals(3, result.exitCode(), result.stderr());
        assertEquals(1, result.stderr().strip().lines().count(), result.stderr());
        assertTrue(result.stderr().contains("authorize"), result.stderr());
        assertFalse(Files.exists(workDir.resolve("data")));
    }

    @Test
    void syncAgainstTheStandInWritesTheNightsAndKeepsTheRotatedToken() throws Exception {
        WireMockOura oura = new WireMockOura();
        try {
            properties.putAll(oura.properties());
            environment.put("OURA_REFRESH_TOKEN", "it-seed-refresh");

            JarProcess.Result result = JarProcess.run(properties, environment, workDir, "sync", "--from", "2024-10-10", "--to",
                    "2024-10-31");

            assertEquals(0, result.exitCode(), result.stderr());
            JsonNode night = new ObjectMapper().readTree(
                    workDir.resolve("data/hrv/2024/10/2024-10-10_sleep-hrv.json").toFile());
            assertEquals(93 + 6, night.size(), "96 slots of the long sleep with 3 null, and the nap's 11 with 5 null");
            assertTrue(Files.readString(workDir.resolve("config/tokens.json")).contains("it-refresh-1"));
            assertTrue(oura.server().findAll(getRequestedFor(urlPathEqualTo(SyncTestSupport.SLEEP_PATH))).size() > 1);
        } finally {
            oura.stop();
        }
    }

    @Test
    void aRevokedRefreshTokenIsExit3AndLeavesTheDataFolderUntouched() throws Exception {
        WireMockOura oura = new WireMockOura();
        try {
            properties.putAll(oura.properties());
            oura.server().stubFor(post("/oauth/token")
                    .withRequestBody(containing("revoked-refresh-4c"))
                    .willReturn(aResponse().withStatus(400)
                            .withBody("{\"error\":\"invalid_grant\"}")));
            new TokenStore(workDir.resolve("config/tokens.json")).write(
                    new StoredTokens("expired-access-9a", "revoked-refresh-4c",
                            Instant.now().minusSeconds(60), "personal", Instant.now()));
            Path night = workDir.resolve("data/hrv/2024/10/2024-10-10_sleep-hrv.json");
            Files.createDirectories(night.getParent());
            Files.writeString(night, "[{\"hrv\": 41}]");
            byte[] before = Files.readAllBytes(night);

            JarProcess.Result result = JarProcess.run(properties, environment, workDir, "sync", "--from",
                    "2024-10-10", "--to", "2024-10-12");

            assertEquals(3, result.exitCode(), result.stderr());
            assertEquals(1, result.stderr().strip().lines().count(), result.stderr());
            assertTrue(result.stderr().contains("revoked or lost"), result.stderr());
            assertTrue(result.stderr().contains("authorize"), result.stderr());
            assertEquals(Arrays.toString(before), Arrays.toString(Files.readAllBytes(night)));
            assertEquals(Set.of("hrv/2024/10/2024-10-10_sleep-hrv.json"),
                    SyncTestSupport.outputs(workDir.resolve("data")).keySet(), "nothing else written");
            assertFalse(Files.exists(workDir.resolve("data/sync-state.json")), "the state did not move");
            assertEquals(0, oura.server().findAll(getRequestedFor(urlPathEqualTo(SyncTestSupport.SLEEP_PATH))).size());
            assertEquals("revoked-refresh-4c", new TokenStore(
                    workDir.resolve("config/tokens.json")).read().orElseThrow().refreshToken(), "store untouched");
        } finally {
            oura.stop();
        }
    }

    @Test
    void demoWritesPlausibleHrvFilesIntoItsOwnFolderAndLeavesTheUsersDataAndTokensAlone() throws Exception {
        // the user's own data folder, sync state and token store, as after a sync of their own
        Path userData = workDir.resolve("data");
        Path night = userData.resolve("hrv/2025/01/2025-01-01_sleep-hrv.json");
        Files.createDirectories(night.getParent());
        Files.writeString(night, "[{\"hrv\": 41}]");
        Files.writeString(userData.resolve("sync-state.json"), "{\"last_synced_day\": \"2025-01-01\"}");
        Path tokenFile = workDir.resolve("config/tokens.json");
        new TokenStore(tokenFile).write(new StoredTokens("user-access", "user-refresh",
                Instant.now().plusSeconds(3600), "personal", Instant.now()));
        Map<String, byte[]> before = SyncTestSupport.tree(workDir);

        JarProcess.Result result = JarProcess.run(Map.of("sync.data-dir", userData.toString(),
                "oura.token-file", tokenFile.toString()), Map.of(), workDir, "--home", workDir.toString(), "demo");

        assertEquals(0, result.exitCode(), result.stderr());
        Path demo = workDir.toRealPath().resolve("data-demo");
        // on an empty folder, the two days of the recording without a night are not "unchanged"
        assertTrue(result.stdout().contains("sync done: 22 days written, 0 unchanged, 2 days without nights, "),
                result.stdout());
        assertTrue(result.stdout().strip().endsWith("files in " + demo), result.stdout());
        Path hrv = demo.resolve("hrv");
        try (Stream<Path> files = Files.walk(hrv)) {
            assertEquals(22, files.filter(p -> p.toString().endsWith("_sleep-hrv.json")).count());
        }
        JsonNode samples = new ObjectMapper().readTree(hrv.resolve("2024/10/2024-10-17_sleep-hrv.json").toFile());
        for (JsonNode sample : samples) {
            double value = sample.get("hrv").asDouble();
            assertTrue(value > 0 && value < 300, "plausible rMSSD: " + value);
            assertEquals("rMSSD", sample.get("measurement_type").asText());
        }
        Map<String, byte[]> after = SyncTestSupport.tree(workDir);
        after.keySet().removeIf(path -> path.startsWith("data-demo/") || path.startsWith("stdout")
                || path.startsWith("stderr"));
        before.keySet().removeIf(path -> path.startsWith("stdout") || path.startsWith("stderr"));
        assertEquals(before.keySet(), after.keySet(), "nothing else written beside the demo's folder");
        before.forEach((path, bytes) -> assertArrayEquals(bytes, after.get(path), path + " untouched"));
    }
}
