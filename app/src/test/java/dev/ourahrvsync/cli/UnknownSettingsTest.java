package dev.ourahrvsync.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A setting of ours the tool does not know is warned about, with the closest known one, and never its value. */
class UnknownSettingsTest {

    private static final UnknownSettings JAR = UnknownSettings.ofTheJar();

    @TempDir
    Path home;

    @Test
    void misspeltKeysInTheFileNameTheClosestKnownOneAndNoValue() throws Exception {
        Path file = Files.writeString(home.resolve("application.properties"), """
                sync.data-dri = /data/oura
                oura.clientsecret = s3cr3t-value-never-printed
                sync.colour = blue
                # not ours to judge: Camel's, a host's
                camel.main.name = mine
                camel.main.tracing = true
                myapp.thing = 1
                # known, also those the jar sets itself
                sync.data-dir = data
                serve.active = false
                """);

        assertEquals(List.of(
                "warning: unknown setting oura.clientsecret in " + file + "; did you mean oura.client-secret?",
                "warning: unknown setting sync.colour in " + file,
                "warning: unknown setting sync.data-dri in " + file + "; did you mean sync.data-dir?"),
                JAR.warnings(Optional.of(file), Map.of()));
    }

    @Test
    void environmentVariablesOfOursAreJudgedToo() {
        assertEquals(List.of(
                "warning: unknown environment variable OURA_CLIENTSECRET; did you mean OURA_CLIENT_SECRET?",
                "warning: unknown environment variable SYNC_DATADIR; did you mean SYNC_DATA_DIR?"),
                JAR.warnings(Optional.empty(), Map.of(
                        "SYNC_DATADIR", "/data", "OURA_CLIENTSECRET", "s3cr3t", "OURA_CLIENT_ID", "id",
                        "OURA_HRV_SYNC_HOME", "/home", "SERVE_KEY", "k", "AUTHORIZE_OPEN_BROWSER", "false",
                        "PATH", "/bin", "CAMEL_MAIN_NAME", "x")));
    }

    @Test
    void theCheckoutsOwnSettingsAreAllKnown() {
        assertEquals(List.of(), JAR.warnings(Optional.of(Path.of("application.properties")), Map.of()));
    }

    @Test
    void typingSlipsAreCounted() {
        assertEquals(0, UnknownSettings.distance("sync.cron", "sync.cron"));
        assertEquals(1, UnknownSettings.distance("sync.data-dri", "sync.data-dir"), "two neighbours swapped");
        assertEquals(1, UnknownSettings.distance("SYNC_DATADIR", "SYNC_DATA_DIR"), "one left out");
        assertEquals(1, UnknownSettings.distance("sync.zome", "sync.zone"), "one replaced");
        assertEquals(3, UnknownSettings.distance("", "abc"));
    }
}
