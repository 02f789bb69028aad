package dev.ourahrvsync.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Private serving from the packaged jar: the 'serve' command, and the settings it refuses to start with. */
class ServeCommandIT {

    private static final String KEY = "serve-it-key-2f8e61b09c4d7a35";
    private static final String SERVING = "Serving the data folder's JSON and CSV files";

    @TempDir
    Path workDir;

    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>(Map.of("SERVE_KEY", KEY));
    private int port;

    @BeforeEach
    void isolate() throws IOException {
        port = freeLoopbackPort();
        properties.put("sync.data-dir", workDir.resolve("data").toString());
        properties.put("oura.token-file", workDir.resolve("config/tokens.json").toString());
        properties.put("serve.port", Integer.toString(port));
        Files.createDirectories(workDir.resolve("data/hrv"));
        Files.writeString(workDir.resolve("data/hrv/latest.json"), "[{\"hrv\":41}]");
    }

    @Test
    void serveAnswersWithTheKeyUntilStopped() throws Exception {
        Path stdout = workDir.resolve("stdout.txt");
        Path stderr = workDir.resolve("stderr.txt");
        Process process = JarProcess.builder(properties, environment, "serve")
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            awaitServing(stderr, process);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> served = http.send(request("/hrv/latest.json?key=" + KEY),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, served.statusCode());
            assertEquals("[{\"hrv\":41}]", served.body());
            assertEquals(401, http.send(request("/hrv/latest.json"), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
        } finally {
            process.destroy();
        }
        JarProcess.Result result = JarProcess.finish(process, stdout, stderr, Duration.ofSeconds(120), "serve");
        assertTrue(result.stderr().contains(SERVING + " on http://127.0.0.1:" + port + "/"), result.stderr());
        assertFalse((result.stdout() + result.stderr()).contains(KEY));
    }

    @Test
    void servingWithoutAKeyOrWithAShortOneIsExit2() throws Exception {
        environment.remove("SERVE_KEY");
        properties.put("serve.enabled", "true");
        JarProcess.Result none = JarProcess.run(properties, environment, workDir, "run");

        assertEquals(2, none.exitCode(), none.stderr());
        assertTrue(none.stderr().contains("oura-hrv-sync: run failed: serving needs serve.key: set SERVE_KEY in"
                + " the environment"), none.stderr());

        environment.put("SERVE_KEY", "too-short-a-key");
        JarProcess.Result shortKey = JarProcess.run(properties, environment, workDir, "serve");

        assertEquals(2, shortKey.exitCode(), shortKey.stderr());
        assertTrue(shortKey.stderr().contains("serve.key is 15 characters long, it must have at least 24"),
                shortKey.stderr());
        assertFalse(shortKey.stderr().contains("too-short-a-key"), shortKey.stderr());
    }

    @Test
    void aServingLimitOutOfRangeIsExit2NamingIt() throws Exception {
        properties.put("serve.max-connections-per-client", "0");

        JarProcess.Result result = JarProcess.run(properties, environment, workDir, "serve");

        assertEquals(2, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("serve.max-connections-per-client must be a whole number from 1 to"
                + " 10000, not '0'"), result.stderr());
    }

    @Test
    void theKeyIsRefusedOnTheCommandLine() throws Exception {
        properties.put("serve.key", KEY);

        JarProcess.Result result = JarProcess.run(properties, Map.of(), workDir, "serve");

        assertEquals(2, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("set SERVE_KEY in the environment"), result.stderr());
        assertFalse(result.stderr().contains(KEY), result.stderr());
    }

    @Test
    void aPortInUseIsExit2NamingTheSettings() throws Exception {
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            JarProcess.Result result = JarProcess.run(properties, environment, workDir, "serve");

            assertEquals(2, result.exitCode(), result.stderr());
            assertTrue(result.stderr().contains("cannot listen on 127.0.0.1:" + port), result.stderr());
            assertTrue(result.stderr().contains("serve.port"), result.stderr());
        }
    }

    @Test
    void theOneShotCommandsNeverServeWhateverTheEnvironmentSays() throws Exception {
        environment.put("SERVE_ENABLED", "true");
        environment.put("SERVE_KEY", "short");

        JarProcess.Result result = JarProcess.run(properties, environment, workDir, "status");

        assertEquals(0, result.exitCode(), result.stderr());
    }

    /** Waits for the line 'serve' logs once it is up: before, the server may answer 404 to every path. */
    static void awaitServing(Path stderr, Process process) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!Files.readString(stderr).contains(SERVING)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("'serve' did not start: " + Files.readString(stderr));
            }
            Thread.sleep(200);
        }
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build();
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
