package dev.ourahrvsync.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Where the jar takes its settings and routes from; tests run in the checkout, which has ./application.properties. */
class InstallationTest {

    @TempDir
    Path home;

    @Test
    void theCheckoutsOwnSettingsAndRoutesAreUsedAsBefore() {
        Installation installation = Installation.find(null, Map.of(Installation.HOME_VARIABLE, home.toString()),
                home.toString());

        assertEquals(Optional.of(Path.of("application.properties")), installation.settingsFile());
        assertEquals(List.of("file:routes/*.camel.yaml"), installation.routeLocations());
    }

    @Test
    void aHomeWithoutRouteFilesRunsTheJarsRoutes() throws Exception {
        Files.createDirectory(home.resolve("routes"));
        Files.writeString(home.resolve("routes/notes.txt"), "not a route");

        Installation installation = Installation.find(home.toString(), Map.of(), "/nowhere");

        assertEquals(Optional.empty(), installation.settingsFile());
        assertEquals(List.of("classpath:oura-hrv-sync/routes/*.camel.yaml", "classpath:oura-hrv-sync/serve/*.camel.yaml"),
                installation.routeLocations());
        assertEquals(List.of("classpath:oura-hrv-sync/application.properties"), installation.propertyLocations());
        assertEquals(Optional.of("notice: " + home.resolve("routes") + " holds no route files (*.camel.yaml), so the"
                + " jar's own routes run"), installation.routesNotice());
    }

    @Test
    void aRoutesFileThatIsNoFolderIsSaidAndNoRoutesFolderIsNormal() throws Exception {
        assertEquals(Optional.empty(), Installation.find(home.toString(), Map.of(), "/nowhere").routesNotice());

        Files.writeString(home.resolve("routes"), "not a folder");

        assertEquals(Optional.of("notice: " + home.resolve("routes") + " is not a folder, so the jar's own routes run"),
                Installation.find(home.toString(), Map.of(), "/nowhere").routesNotice());
    }

    @Test
    void aHomeWithRouteFilesRunsThem() throws Exception {
        Files.createDirectory(home.resolve("routes"));
        Files.writeString(home.resolve("routes/oura-sync.camel.yaml"), "[]");

        Installation installation = Installation.find(home.toString(), Map.of(), "/nowhere");

        assertEquals(List.of("file:" + home.toRealPath() + "/routes/*.camel.yaml"), installation.routeLocations());
    }

    @Test
    void theHomesFileIsOverTheJarsSettingsAndSystemPropertiesOverIt() throws Exception {
        Files.writeString(home.resolve("application.properties"), """
                sync.data-dir = /somewhere/data
                sync.metrics = hrv
                """);

        Settings settings = Settings.of(Installation.find(home.toString(), Map.of(), "/nowhere"));

        assertEquals("/somewhere/data", settings.get("sync.data-dir"));
        System.setProperty("sync.metrics", "rhr");
        try {
            assertEquals("rhr", settings.get("sync.metrics"));
        } finally {
            System.clearProperty("sync.metrics");
        }
        // not in the home's file: the jar's own default
        assertEquals("samples", settings.get("sync.hrv-mode"));
    }

    @Test
    void aNamedHomeThatIsNoFolderIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Installation.find(home.resolve("missing").toString(), Map.of(), "/nowhere"));

        assertEquals("--home " + home.resolve("missing") + " is not a folder", refused.getMessage());
    }
}
