package dev.ourahrvsync.serve;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServedFilesTest {

    @TempDir
    Path workDir;

    private Path data;
    private ServedFiles files;

    @BeforeEach
    void dataFolder() throws IOException {
        data = Files.createDirectories(workDir.resolve("data"));
        Files.createDirectories(data.resolve("hrv/2024/10"));
        Files.writeString(data.resolve("hrv/2024/10/2024-10-10_sleep-hrv.json"), "[]");
        Files.writeString(data.resolve("hrv/2024/10/2024-10-10_sleep-hrv.csv"), "Date\r\n");
        Files.writeString(workDir.resolve("outside.json"), "{}");
        files = new ServedFiles(data);
    }

    @Test
    void jsonAndCsvFilesAreFoundWithTheirType() throws IOException {
        ServedFiles.ServedFile json = files.find("/hrv/2024/10/2024-10-10_sleep-hrv.json").orElseThrow();
        assertEquals(data.toRealPath().resolve("hrv/2024/10/2024-10-10_sleep-hrv.json"), json.file());
        assertEquals("application/json; charset=utf-8", json.contentType());
        assertEquals("text/csv; charset=utf-8",
                files.find("/hrv/2024/10/2024-10-10_sleep-hrv.csv").orElseThrow().contentType());
    }

    @Test
    void namesThatMayNeverBeServed() {
        for (String name : new String[] {
                "hrv/latest.json", "rhr/2024/10/2024-10-10_sleep-rhr.csv", "oura/sleep/2024/10/2024-10-10.json",
                "sync-state.json"}) {
            assertTrue(ServedFiles.isServableName(name), name);
        }
        for (String name : new String[] {
                "", "hrv", "hrv/", "hrv/2024", "../outside.json", "hrv/../../outside.json", "hrv/./latest.json",
                "%2e%2e/outside.json", "hrv%2flatest.json", "hrv/..%2f..%2foutside.json", "hrv\\latest.json",
                "/etc/passwd.json", "hrv//latest.json", ".sync.lock", "hrv/.latest.json.part", ".hidden/a.json",
                "tokens.json", "oura-token.json", "TOKENS/a.json", "notes.txt", "latest.json.bak", "latest.JSON",
                "hrv/latest.json?x", "hrv/latest json", "hrv/läst.json"}) {
            assertFalse(ServedFiles.isServableName(name), name);
        }
    }

    @Test
    void nothingOutsideTheFolderOrBesideTheServedFilesIsFound() throws IOException {
        Files.createSymbolicLink(data.resolve("hrv/outside.json"), workDir.resolve("outside.json"));
        Files.createSymbolicLink(data.resolve("hrv/escape"), workDir);
        Files.createFile(data.resolve(".sync.lock"));
        Files.createSymbolicLink(data.resolve("hrv/lock.json"), data.resolve(".sync.lock"));
        Files.createDirectories(data.resolve("hrv/folder.json"));
        Files.writeString(data.resolve("tokens.json"), "{}");

        for (String path : new String[] {
                "/hrv/outside.json", "/hrv/escape/outside.json", "/hrv/lock.json", "/hrv/folder.json",
                "/tokens.json", "/.sync.lock", "/hrv/2099/01/2099-01-01_sleep-hrv.json",
                "/hrv/2024/10/2024-10-10_sleep-hrv.json/x.json", "/../outside.json", "hrv/latest.json", null,
                "/" + workDir.resolve("outside.json")}) {
            assertTrue(files.find(path).isEmpty(), path);
        }
    }

    @Test
    void aLinkThatStaysInsideIsFollowed() throws IOException {
        Files.createSymbolicLink(data.resolve("hrv/latest.json"),
                data.resolve("hrv/2024/10/2024-10-10_sleep-hrv.json"));

        assertEquals(data.toRealPath().resolve("hrv/2024/10/2024-10-10_sleep-hrv.json"),
                files.find("/hrv/latest.json").orElseThrow().file());
    }

    @Test
    void aDataFolderReachedThroughALinkStillServes() throws IOException {
        Path link = Files.createSymbolicLink(workDir.resolve("data-link"), data);

        assertTrue(new ServedFiles(link).find("/hrv/2024/10/2024-10-10_sleep-hrv.json").isPresent());
        assertTrue(new ServedFiles(workDir.resolve("missing")).find("/hrv/latest.json").isEmpty());
    }
}
