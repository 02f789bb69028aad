package dev.ourahrvsync.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A newcomer's mistakes, through the jar: each is said in one line on standard error that names the cause, with
 * the documented exit status, under the command's own name. The home folder is given with {@code --home}.
 */
class MistakesSaidIT {

    @TempDir
    Path home;

    @Test
    void unknownSettingsAreWarnedAndABadNumberNamesItsKey() throws Exception {
        Path settings = Files.writeString(home.resolve("application.properties"), """
                sync.window-days = abc
                sync.data-dri = /never/used
                oura.token-file = %s
                """.formatted(home.resolve("tokens.json")));
        Files.createDirectory(home.resolve("routes"));

        JarProcess.Result result = JarProcess.run(Map.of(), Map.of("SYNC_DATADIR", "/never/used/either"), home,
                "--home", home.toString(), "sync");

        assertEquals(2, result.exitCode(), result.stderr());
        assertEquals(List.of(
                "oura-hrv-sync: warning: unknown setting sync.data-dri in " + settings + "; did you mean sync.data-dir?",
                "oura-hrv-sync: warning: unknown environment variable SYNC_DATADIR; did you mean SYNC_DATA_DIR?",
                "oura-hrv-sync: notice: " + home.resolve("routes") + " holds no route files (*.camel.yaml), so the"
                        + " jar's own routes run",
                "oura-hrv-sync: sync failed: sync.window-days must be a whole number, not 'abc'"),
                result.stderr().lines().toList());
        assertFalse(result.stderr().contains("/never/used"), "never a value");
    }

    @Test
    void aRouteFileThatIsNotYamlNamesFileLineAndColumnUnderTheCommandsName() throws Exception {
        Files.writeString(home.resolve("application.properties"), "sync.data-dir = " + home.resolve("data") + "\n");
        Path routes = Files.createDirectory(home.resolve("routes"));
        Files.writeString(routes.resolve("oura-sync.camel.yaml"), """
                - route:
                    id: oura-sync
                    from:
                      uri: direct:oura-sync
                      steps:
                        - log: {message: "done: ${body}" : here}
                """);

        JarProcess.Result result = JarProcess.run(Map.of(), Map.of(), home, "--home", home.toString(), "demo");

        assertEquals(2, result.exitCode(), result.stderr());
        assertEquals("oura-hrv-sync: demo failed: the route file " + routes.resolve("oura-sync.camel.yaml")
                + " is not valid YAML at line 6, column 42: expected ',' or '}', but got :", result.stderr().strip());
        assertFalse(Files.exists(home.resolve("data")), "nothing written");
    }

    @Test
    void fileSystemFailuresNameThePathAndTheReason() throws Exception {
        Path file = Files.writeString(home.resolve("x"), "a file where the data folder should be");
        Files.writeString(home.resolve("application.properties"), "sync.data-dir = " + file + "\n");

        JarProcess.Result status = JarProcess.run(Map.of(), Map.of(), home, "--home", home.toString(), "status");
        JarProcess.Result export = JarProcess.run(Map.of(), Map.of(), home, "--home", home.toString(), "export",
                "--format", "csv", "--out", "/proc/nope/x.csv");

        assertEquals(5, status.exitCode(), status.stderr());
        assertEquals("oura-hrv-sync: status failed: cannot read the sync state " + file.resolve("sync-state.json")
                + ": " + file + " is a file, not a folder", status.stderr().strip());
        assertEquals(5, export.exitCode(), export.stderr());
        assertEquals("oura-hrv-sync: export failed: cannot create /proc/nope/x.csv: No such file or directory",
                export.stderr().strip());
    }
}
