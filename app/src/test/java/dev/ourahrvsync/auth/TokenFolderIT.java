package dev.ourahrvsync.auth;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ourahrvsync.SyncTestSupport;
import dev.ourahrvsync.cli.JarProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The token store's folder through the packaged jar: one that cannot take a file (the process runs under
 * {@code ulimit -f 0}, which root cannot escape as it escapes permissions) gets no refresh token spent; one that a
 * symbolic link puts inside the data folder stops the program at start.
 */
class TokenFolderIT {

    private static final String FAILED = "oura-hrv-sync: sync failed: ";

    @TempDir
    Path workDir;

    private final WireMockServer oura = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private Map<String, String> properties;

    @BeforeEach
    void standInOura() {
        oura.start();
        oura.stubFor(post(SyncTestSupport.TOKEN_PATH).willReturn(okJson("{\"access_token\":\"folder-access-1\","
                + "\"refresh_token\":\"folder-refresh-1\",\"expires_in\":86400}")));
        SyncTestSupport.serveSleepPages(oura, SyncTestSupport.recordedDocuments(), 48);
        String base = "http://127.0.0.1:" + oura.port();
        properties = new HashMap<>(Map.of("oura.api-url", base, "oura.token-url", base + SyncTestSupport.TOKEN_PATH,
                "oura.client-id", "folder-client", "sync.data-dir", workDir.resolve("data").toString()));
    }

    @AfterEach
    void stopOura() {
        oura.stop();
    }

    @Test
    void aTokenFolderThatCannotTakeAFileSpendsNoRefreshTokenAndIsExit5() throws Exception {
        Path tokenFile = workDir.resolve("config/tokens.json");
        new TokenStore(tokenFile).write(new StoredTokens("folder-access-0-expired", "folder-refresh-0",
                Instant.now().minusSeconds(60), "personal daily heartrate", Instant.now().minusSeconds(86_400)));
        byte[] before = Files.readAllBytes(tokenFile);
        properties.put("oura.token-file", tokenFile.toString());

        Result result = runWithoutFileSpace("sync", "--from", "2024-10-10", "--to", "2024-10-12");

        String stderr = result.stderr().strip();
        assertEquals(5, result.exitCode(), stderr);
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.startsWith(FAILED + "the token folder " + tokenFile.getParent()
                + " cannot take a new token pair (File too large), so nothing was sent to Oura"), stderr);
        assertEquals(0, oura.findAll(anyRequestedFor(anyUrl())).size(), "no refresh token sent, no data call");
        assertArrayEquals(before, Files.readAllBytes(tokenFile), "the store is unchanged");
        assertEquals(Set.of("tokens.json", "tokens.json.lock"), names(tokenFile.getParent()), "no probe left");
    }

    @Test
    void aTokenFileThatALinkPutsInsideTheDataFolderIsExit2AtStart() throws Exception {
        Path hidden = Files.createDirectories(workDir.resolve("data/private"));
        Path config = Files.createSymbolicLink(workDir.resolve("config"), hidden);
        properties.put("oura.token-file", config.resolve("tokens.json").toString());

        JarProcess.Result result = JarProcess.run(properties, Map.of("OURA_CLIENT_SECRET", "folder-secret",
                "OURA_REFRESH_TOKEN", "folder-seed-refresh"), workDir, "sync", "--from", "2024-10-10", "--to",
                "2024-10-12");

        String stderr = result.stderr().strip();
        assertEquals(2, result.exitCode(), stderr);
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.contains("oura.token-file must not be inside sync.data-dir (" + config.resolve("tokens.json")
                + ", that is " + hidden.toRealPath().resolve("tokens.json")), stderr);
        assertEquals(Set.of(), names(hidden), "no token was stored in the data folder");
        assertEquals(0, oura.findAll(anyRequestedFor(anyUrl())).size(), "nothing sent");
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    /**
     * Runs the jar under {@code ulimit -f 0}: no file may grow. Its output comes through pipes, which the limit does
     * not apply to (files would stay empty); no performance data file either, it could not be written.
     */
    private Result runWithoutFileSpace(String... args) throws Exception {
        ProcessBuilder jar = JarProcess.builder(List.of("-XX:-UsePerfData"), properties,
                Map.of("OURA_CLIENT_SECRET", "folder-secret"), args);
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -f 0 && exec \"$@\"", "bash"));
        command.addAll(jar.command());
        ProcessBuilder limited = new ProcessBuilder(command);
        limited.environment().clear();
        limited.environment().putAll(jar.environment());
        Process process = limited.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> text(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> text(process.getErrorStream()));
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the process did not end within 120 s");
        }
        return new Result(process.exitValue(), stdout.get(), stderr.get());
    }

    private static String text(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
