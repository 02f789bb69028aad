package dev.ourahrvsync.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Private serving is its own route file, loaded only by a process that serves. The proof is a copy of the routes
 * whose {@code serve.camel.yaml} cannot even be parsed: a sync never reads it, {@code serve} does and stops.
 */
class ServeRoutesOptInIT {

    @TempDir
    Path workDir;

    @Test
    void onlyAServingProcessLoadsTheServeRouteFile() throws Exception {
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(file -> file.toString().endsWith(".camel.yaml")).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Files.writeString(routes.resolve("serve.camel.yaml"), "- this: is: not: a route\n");
        Map<String, String> properties = Map.of(
                "camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml",
                "sync.data-dir", workDir.resolve("data").toString(),
                // a real port: the settings are checked before the routes are read
                "serve.port", Integer.toString(ServeCommandIT.freeLoopbackPort()));

        JarProcess.Result demo = JarProcess.run(properties, Map.of(), workDir, "--home", workDir.toString(), "demo");
        assertEquals(0, demo.exitCode(), demo.stderr());
        assertTrue(Files.isRegularFile(workDir.resolve("data-demo/hrv/latest.json")),
                "the demo's sync wrote its files");

        JarProcess.Result serve = JarProcess.run(properties, Map.of("SERVE_KEY", "opt-in-it-key-0123456789abcdef"),
                workDir, "serve");
        assertNotEquals(0, serve.exitCode(), "serving loaded the broken serve.camel.yaml");
        List<String> lines = serve.stderr().lines().toList();
        assertTrue(lines.get(lines.size() - 1).contains("serve.camel.yaml"), serve.stderr());
    }
}
