package dev.ourahrvsync.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The settings of {@code status} and {@code export}, read without Camel, are what Camel's properties component reads
 * from the same layers: the user's file over the jar's, {@code -D} over both, raw values used as given.
 */
class SettingsTest {

    /** Set as -D for one test each, and cleared after. */
    private static final Map<String, String> SYSTEM = Map.of(
            "sync.zone", "Europe/Berlin",
            // a raw setting: used as given, never expanded
            "oura.token-file", "/tmp/settings-test/{{oura.client-secret}}/tokens.json",
            // not a raw setting: expanded as Camel would
            "sync.start-date", "{{sync.hrv-mode}}-x");

    @TempDir
    Path folder;

    @AfterEach
    void clearSystemProperties() {
        SYSTEM.keySet().forEach(System::clearProperty);
    }

    @Test
    void everyLayerReadsAsCamelReadsIt() throws Exception {
        Path file = folder.resolve("application.properties");
        Files.writeString(file, String.join("\n",
                "sync.data-dir = {{sys:user.home}}/oura-data",
                "sync.window-days = 14   ",
                "sync.lookback-days = {{env:OURA_HRV_SYNC_SETTINGS_TEST_UNSET:5}}",
                "oura.scopes = personal  daily heartrate",
                "sync.sleep-types =",
                "sync.hrv-mode = samples",
                ""));
        SYSTEM.forEach(System::setProperty);
        Settings settings = Settings.of(new Installation(folder, Optional.of(file)));

        for (String key : List.of("sync.data-dir", "sync.window-days", "sync.lookback-days", "oura.scopes",
                "sync.sleep-types", "oura.api-url", "sync.metrics", "sync.zone", "oura.token-file",
                "sync.start-date")) {
            assertEquals(settings.viaCamel(key), settings.get(key), key);
        }
        assertEquals(System.getProperty("user.home") + "/oura-data", settings.get("sync.data-dir"));
        assertEquals("14", settings.get("sync.window-days"));
        assertEquals("/tmp/settings-test/{{oura.client-secret}}/tokens.json", settings.get("oura.token-file"));
        assertEquals("samples-x", settings.get("sync.start-date"));
    }

    @Test
    void withoutAUserFileTheJarsSettingsHold() {
        Settings settings = Settings.of(new Installation(folder, Optional.empty()));

        assertEquals("data", settings.get("sync.data-dir"));
        assertEquals(settings.viaCamel("sync.cron"), settings.get("sync.cron"));
        assertThrows(IllegalArgumentException.class, () -> settings.get("sync.no-such-setting"));
    }
}
