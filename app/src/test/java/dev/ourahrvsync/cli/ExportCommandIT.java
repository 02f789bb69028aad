package dev.ourahrvsync.cli;

import dev.ourahrvsync.export.AppleHealthExports;
import dev.ourahrvsync.export.RawArchiveFixture;
import dev.ourahrvsync.output.DataPaths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code export} run as a user runs it, over a data folder the sync left, with no Oura anywhere. */
class ExportCommandIT {

    @TempDir
    Path workDir;

    private Map<String, String> properties;

    @BeforeEach
    void dataFolder() throws Exception {
        RawArchiveFixture.recorded(workDir.resolve("data"));
        // an address nothing answers on: the export must not need it
        properties = Map.of(
                "sync.data-dir", workDir.resolve("data").toString(),
                "oura.token-file", workDir.resolve("config/tokens.json").toString(),
                "oura.api-url", "http://127.0.0.1:9",
                "oura.token-url", "http://127.0.0.1:9/oauth/token");
    }

    @Test
    void healthXmlOfARangeIsAZipOfAppleHealthRecords() throws Exception {
        Path zip = workDir.resolve("exports/export.zip");

        JarProcess.Result result = JarProcess.run(properties, Map.of(), workDir, "export", "--from", "2024-10-25",
                "--to", "2024-10-28", "--format", "healthxml", "--out", zip.toString());

        assertEquals(0, result.exitCode(), result.stderr());
        List<Element> records = AppleHealthExports.records(
                AppleHealthExports.parseValidating(AppleHealthExports.exportXml(zip)));
        assertEquals("oura-hrv-sync: export done: " + records.size() + " hrv records from 2 nights, 2024-10-25 to"
                + " 2024-10-28, in " + zip + " (healthxml)", result.stdout().strip());
        assertTrue(records.size() > 100, "two nights of 5-minute samples: " + records.size());
        assertEquals("2024-10-25 02:36:00 +0200", records.get(0).getAttribute("startDate"));
        assertTrue(records.get(records.size() - 1).getAttribute("startDate").endsWith("+0100"));
        assertFalse(Files.exists(workDir.resolve("config")), "no token store needed, none touched");
    }

    @Test
    void aBadFormatIsExit2NamingTheOption() throws Exception {
        JarProcess.Result result = JarProcess.run(properties, Map.of(), workDir, "export", "--format", "xml",
                "--out", workDir.resolve("export.xml").toString());

        assertEquals(2, result.exitCode(), result.stderr());
        assertEquals(1, result.stderr().strip().lines().count(), result.stderr());
        assertTrue(result.stderr().contains("--format must be csv, json or healthxml, not 'xml'"), result.stderr());
        assertFalse(Files.exists(workDir.resolve("export.xml")));
    }

    @Test
    void anUnreadableRawFileIsExit5NamingTheFile() throws Exception {
        Path broken = workDir.resolve("data").resolve(DataPaths.rawSleep(LocalDate.parse("2024-10-20")));
        Files.writeString(broken, "not json");
        Path out = workDir.resolve("export.csv");

        JarProcess.Result result = JarProcess.run(properties, Map.of(), workDir, "export", "--format", "csv",
                "--out", out.toString());

        assertEquals(5, result.exitCode(), result.stderr());
        assertEquals(1, result.stderr().strip().lines().count(), result.stderr());
        assertTrue(result.stderr().contains("export failed: " + broken + ": not a JSON array"), result.stderr());
        assertFalse(Files.exists(out));
    }
}
