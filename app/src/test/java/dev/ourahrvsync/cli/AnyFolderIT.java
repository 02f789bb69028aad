package dev.ourahrvsync.cli;

import dev.ourahrvsync.SyncTestSupport;
import dev.ourahrvsync.auth.StoredTokens;
import dev.ourahrvsync.auth.TokenStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar started from an empty folder, as an installed tool is: settings from a home folder, routes from
 * the jar unless the home has its own.
 */
class AnyFolderIT {

    private static final Path GOLDEN = Path.of("core/src/test/resources/golden/recorded-2024-10");
    private static final Path ROUTES = Path.of("routes");

    @TempDir
    Path temp;

    private Path workDir;
    private Path home;
    private Path userHome;
    private WireMockOura oura;
    private final Map<String, String> environment = new HashMap<>(Map.of("OURA_CLIENT_SECRET", "it-secret",
            "OURA_REFRESH_TOKEN", "it-seed-refresh"));

    @BeforeEach
    void folders() throws IOException {
        workDir = Files.createDirectory(temp.resolve("work"));
        home = Files.createDirectory(temp.resolve("home"));
        // the default home and token store lie under it: never the developer's own
        userHome = Files.createDirectory(temp.resolve("user"));
    }

    @AfterEach
    void stopOura() {
        if (oura != null) {
            oura.stop();
        }
    }

    @Test
    void aSyncWithHomeWritesTheGoldenFilesThroughTheJarsOwnRoutes() throws Exception {
        homeSettingsForWireMock();

        JarProcess.Result result = run("--home", home.toString(), "sync", "--from", "2024-10-10", "--to",
                "2024-11-02");

        assertEquals(0, result.exitCode(), result.stderr());
        Map<String, byte[]> golden = SyncTestSupport.tree(GOLDEN);
        Map<String, byte[]> written = SyncTestSupport.outputs(home.resolve("data"));
        assertEquals(golden.keySet(), written.keySet());
        golden.forEach((path, bytes) -> assertArrayEquals(bytes, written.get(path), path));
        assertTrue(Files.readString(temp.resolve("config/tokens.json")).contains("it-refresh-1"));
        assertEquals(List.of(), entries(workDir), "nothing written into the working folder");
    }

    @Test
    void editedRoutesBesideTheHomeSettingsAreTheOnesThatRun() throws Exception {
        homeSettingsForWireMock();
        Path routes = Files.createDirectory(home.resolve("routes"));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(ROUTES, "*.camel.yaml")) {
            for (Path file : files) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        // the edit: the sync also writes its summary line to a file of its own
        Path sync = routes.resolve("oura-sync.camel.yaml");
        String original = Files.readString(sync);
        String edited = original.replace("""
                                      method: summary
                """, """
                                      method: summary
                              - to:
                                  uri: "file:{{sync.data-dir}}?fileName=edited-route-ran.txt"
                """);
        assertNotEquals(original, edited, "the edit applies to the route as it is");
        Files.writeString(sync, edited);

        JarProcess.Result result = run("--home", home.toString(), "sync", "--from", "2024-10-10", "--to",
                "2024-10-12");

        assertEquals(0, result.exitCode(), result.stderr());
        Path marker = home.resolve("data/edited-route-ran.txt");
        assertTrue(Files.isRegularFile(marker), "the edited route ran");
        assertTrue(Files.readString(marker).contains("days written"), Files.readString(marker));
    }

    @Test
    void demoRunsFromAnEmptyFolderIntoItsOwnFolderThere() throws Exception {
        // the demo brings its own stand-in and credentials; with no home folder yet, it writes beside where
        // a relative sync.data-dir would lead, never into it
        environment.clear();

        JarProcess.Result result = run("demo");

        assertEquals(0, result.exitCode(), result.stderr());
        Path demo = workDir.toRealPath().resolve("data-demo");
        assertTrue(result.stdout().strip().endsWith("files in " + demo), result.stdout());
        try (Stream<Path> files = Files.walk(demo.resolve("hrv"))) {
            assertEquals(22, files.filter(path -> path.toString().endsWith("_sleep-hrv.json")).count());
        }
        assertEquals(List.of(workDir.resolve("data-demo")), entries(workDir), "no data folder of the user's");
        assertEquals(List.of(), entries(userHome), "no token store, no home folder");
    }

    @Test
    void serveWithHomeAndNoRoutesFolderServesThroughTheJarsOwnServeRoute() throws Exception {
        homeSettingsForWireMock();
        int port = ServeCommandIT.freeLoopbackPort();
        Files.writeString(home.resolve("application.properties"), "serve.port = " + port + "\n",
                StandardOpenOption.APPEND);
        Files.createDirectories(home.resolve("data/hrv"));
        Files.writeString(home.resolve("data/hrv/latest.json"), "[{\"hrv\":42}]");
        String key = "any-folder-it-key-5c2e9a71d04b";
        environment.put("SERVE_KEY", key);
        Path stderr = Files.createTempFile(temp, "stderr", ".txt");
        Process process = JarProcess.builder(Map.of("user.home", userHome.toString()), environment,
                        "--home", home.toString(), "serve")
                .directory(workDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile())
                .start();
        try {
            ServeCommandIT.awaitServing(stderr, process);
            HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/hrv/latest.json?key=" + key))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, served.statusCode());
            assertEquals("[{\"hrv\":42}]", served.body());
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    @Test
    void statusAndHelpRunFromAnEmptyFolderWithNoHome() throws Exception {
        JarProcess.Result status = run("status");

        assertEquals(0, status.exitCode(), status.stderr());
        // the jar's own defaults: the token store in the default home
        assertTrue(status.stdout().contains(userHome.resolve(".config/oura-hrv-sync/tokens.json").toString()),
                status.stdout());
        assertTrue(status.stdout().contains("Last sync:         never"), status.stdout());

        JarProcess.Result help = run("--help");

        assertEquals(0, help.exitCode(), help.stderr());
        assertTrue(help.stdout().contains("--home DIR"), help.stdout());
        assertEquals(List.of(), entries(workDir), "nothing written into the working folder");
    }

    @Test
    void statusReadsTheHomeNamedByTheEnvironment() throws Exception {
        homeSettingsForWireMock();
        new TokenStore(temp.resolve("config/tokens.json")).write(new StoredTokens(
                "status-access", "status-refresh", Instant.now().plusSeconds(3600), "personal",
                Instant.now()));
        environment.put(Installation.HOME_VARIABLE, home.toString());

        JarProcess.Result status = run("status");

        assertEquals(0, status.exitCode(), status.stderr());
        assertTrue(status.stdout().contains(temp.resolve("config/tokens.json").toString()), status.stdout());
        assertTrue(status.stdout().contains("access token present, refresh token present"), status.stdout());
        assertFalse(status.stdout().contains("status-access"), "no token printed");
    }

    @Test
    void aHomeThatIsNoFolderIsExit2WithOneLine() throws Exception {
        JarProcess.Result result = run("--home", temp.resolve("missing").toString(), "status");

        assertEquals(2, result.exitCode(), result.stderr());
        assertEquals(1, result.stderr().strip().lines().count(), result.stderr());
        assertTrue(result.stderr().contains("--home " + temp.resolve("missing") + " is not a folder"),
                result.stderr());
    }

    /** The home's own settings: Oura is a WireMock, the token store and data folder lie outside the work folder. */
    private void homeSettingsForWireMock() throws IOException {
        oura = new WireMockOura();
        Map<String, String> settings = new HashMap<>(oura.properties());
        settings.put("oura.client-id", "it-client");
        settings.put("oura.token-file", temp.resolve("config/tokens.json").toString());
        settings.put("sync.data-dir", home.resolve("data").toString());
        settings.put("sync.zone", "Europe/Berlin");
        StringBuilder file = new StringBuilder();
        settings.forEach((key, value) -> file.append(key).append(" = ").append(value).append('\n'));
        Files.writeString(home.resolve("application.properties"), file);
    }

    /** The jar run in the (empty) working folder, its output kept outside it. */
    private JarProcess.Result run(String... args) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(temp, "stdout", ".txt");
        Path stderr = Files.createTempFile(temp, "stderr", ".txt");
        Process process = JarProcess.builder(Map.of("user.home", userHome.toString()), environment, args)
                .directory(workDir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        return JarProcess.finish(process, stdout, stderr, args);
    }

    private static List<Path> entries(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
