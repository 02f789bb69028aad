package dev.ourahrvsync.jbang;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ourahrvsync.SyncTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * examples/jbang as a user runs it: {@code camel run application.properties} in that folder, on Camel JBang's own
 * Camel (not the core jar's), as a real process. The shipped file is used as it is, with the core jar where it
 * points; the settings of the run come from the environment, and a route of the host's own beside the file
 * ({@code oura-sync-once.camel.yaml}) sends one request to the sync's {@code direct:oura-sync}. The files it writes
 * must be the golden ones, byte for byte.
 */
class CamelJBangRunIT {

    private static final Path EXAMPLE = Path.of("examples/jbang/application.properties");
    private static final Path GOLDEN = Path.of("core/src/test/resources/golden/recorded-2024-10");
    /** Start-up resolves and may download JBang's Camel modules: generous, and only an upper bound. */
    private static final Duration DEADLINE = Duration.ofSeconds(240);

    private WireMockServer oura;
    private Path workDir;
    private Process camel;

    @BeforeEach
    void standInOura() throws IOException {
        oura = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        oura.start();
        oura.stubFor(post(SyncTestSupport.TOKEN_PATH)
                .withRequestBody(containing("refresh_token=" + SyncTestSupport.SEED_REFRESH_TOKEN))
                .willReturn(okJson("{\"access_token\":\"jbang-access-1\",\"refresh_token\":\"jbang-refresh-1\","
                        + "\"expires_in\":86400,\"token_type\":\"bearer\",\"scope\":\"personal daily heartrate\"}")));
        SyncTestSupport.serveSleepPages(oura, SyncTestSupport.recordedDocuments(), 10);
        workDir = Files.createTempDirectory("oura-hrv-sync-jbang");
    }

    @AfterEach
    void stop() throws Exception {
        if (camel != null && camel.isAlive()) {
            camel.destroy();
            if (!camel.waitFor(30, TimeUnit.SECONDS)) {
                camel.destroyForcibly();
            }
        }
        oura.stop();
        // the folder holds the run's data, tokens and JBang's work folder
        SyncTestSupport.deleteFolder(workDir);
    }

    @Test
    void camelRunOfTheExampleSyncsTheGoldenFiles() throws Exception {
        Path folder = exampleLayout();
        Path data = workDir.resolve("data");
        Path log = Path.of(System.getProperty("camel-jbang.log-dir", "target")).resolve("camel-run.log");
        Files.createDirectories(log.getParent());

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("camel-jbang.launcher") + java.io.File.pathSeparator
                        + Files.readString(Path.of(System.getProperty("camel-jbang.classpath"))).trim(),
                CamelJBangLauncher.class.getName(),
                "run", "application.properties", "--logging-color=false"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        // the developer's own settings must not leak in; the run's come as a user gives secrets: the environment
        builder.environment().keySet().removeIf(name -> name.startsWith("OURA_") || name.startsWith("SYNC_")
                || name.startsWith("CAMEL_"));
        SyncTestSupport.settings("http://127.0.0.1:" + oura.port(), workDir)
                .forEach((key, value) -> builder.environment().put(environmentName((String) key), (String) value));
        camel = builder.start();

        Map<String, byte[]> golden = SyncTestSupport.tree(GOLDEN);
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!sameFiles(golden, data)) {
            if (!camel.isAlive()) {
                fail("camel run ended with status " + camel.exitValue() + " before the sync was done; see " + log);
            }
            if (Instant.now().isAfter(deadline)) {
                fail("no golden files in " + data + " within " + DEADLINE.toSeconds() + " s; wrote "
                        + SyncTestSupport.outputs(data).keySet() + "; see " + log);
            }
            Thread.sleep(200);
        }

        // one refresh of the seeded token, then the data calls with the access token it gave
        assertEquals(1, oura.findAll(postRequestedFor(urlPathEqualTo(SyncTestSupport.TOKEN_PATH))).size());
        assertTrue(oura.findAll(getRequestedFor(urlPathEqualTo(SyncTestSupport.SLEEP_PATH))).stream()
                .allMatch(call -> "Bearer jbang-access-1".equals(call.getHeader("Authorization"))));
    }

    /**
     * The shipped application.properties and the host's route in a folder of their own, with the core jar of this
     * build at the path the file names (relative to it, as in the repository).
     */
    private Path exampleLayout() throws IOException {
        Path folder = workDir.resolve("examples/jbang");
        Files.createDirectories(folder);
        Files.copy(EXAMPLE, folder.resolve("application.properties"));
        try (InputStream route = getClass().getResourceAsStream("/oura-sync-once.camel.yaml")) {
            Files.copy(route, folder.resolve("oura-sync-once.camel.yaml"));
        }
        Properties example = new Properties();
        try (InputStream in = Files.newInputStream(EXAMPLE)) {
            example.load(in);
        }
        Path jar = folder.resolve(example.getProperty("camel.jbang.classpathFiles")).normalize();
        Files.createDirectories(jar.getParent());
        Files.copy(Path.of(System.getProperty("oura-hrv-sync-core.jar")), jar);
        return folder;
    }

    /** oura.client-secret -> OURA_CLIENT_SECRET, as the settings file's header says. */
    private static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Whether the data folder holds exactly these outputs; a file that goes while it is read means not yet. */
    private static boolean sameFiles(Map<String, byte[]> expected, Path data) throws IOException {
        Map<String, byte[]> actual;
        try {
            actual = SyncTestSupport.outputs(data);
        } catch (NoSuchFileException | UncheckedIOException e) {
            // a temporary file renamed into place during the walk
            return false;
        }
        return expected.keySet().equals(actual.keySet())
                && expected.keySet().stream().allMatch(name -> Arrays.equals(expected.get(name), actual.get(name)));
    }
}
