package dev.ourahrvsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ourahrvsync.SyncProcesses;
import dev.ourahrvsync.SyncTestSupport;
import dev.ourahrvsync.auth.StoredTokens;
import dev.ourahrvsync.auth.TokenStore;
import dev.ourahrvsync.export.RawArchiveFixture;
import dev.ourahrvsync.output.DataPaths;
import dev.ourahrvsync.sync.SyncLock;
import dev.ourahrvsync.sync.SyncState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar in a child shell under {@code ulimit -f}: every write past the limit is cut short by the OS (the JVM
 * ignores SIGXFSZ, so it lives on and gets a short write, then "File too large"), as on a nearly full disk. Camel's
 * {@code file} producer ignores a short write; the tool must not: the file that does not fit keeps its old bytes,
 * the run exits 5 with one line naming it and the reason, the sync state does not move, and nothing half-written
 * stays behind. The runs also go under {@code umask 000} and {@code umask 077}: the data files are rw-r----- and
 * the folders rwxr-x--- either way.
 */
class FileSizeLimitIT {

    /** 36 KiB ({@code ulimit -f} counts 1024-byte blocks): the new HRV JSON of 2024-10-17 (40,125 bytes) does not fit, every file of the days before it does. */
    private static final int LIMIT_BLOCKS = 36;
    private static final LocalDate START = LocalDate.parse("2024-10-10");
    private static final LocalDate FIRST_TOO_LARGE = LocalDate.parse("2024-10-17");
    private static final Path GOLDEN = Path.of("core/src/test/resources/golden/recorded-2024-10");
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @TempDir
    Path workDir;

    private WireMockServer oura;
    private Path tokenFile;
    private Path dataDir;

    @BeforeEach
    void ouraAndTokens() {
        oura = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        oura.start();
        tokenFile = workDir.resolve("config/tokens.json");
        new TokenStore(tokenFile).write(new StoredTokens(SyncProcesses.ACCESS_TOKEN, "limit-refresh-unused",
                Instant.now().plus(Duration.ofHours(2)), "personal daily heartrate", Instant.now()));
        dataDir = workDir.resolve("data");
    }

    @AfterEach
    void stop() {
        oura.stop();
    }

    @Test
    void aFileThatDoesNotFitKeepsItsOldBytesAndTheRunExits5NamingIt() throws Exception {
        // an earlier sync of the same nights, before Oura revised them: every file differs from today's
        SyncTestSupport.serveSleepPages(oura, revised(SyncTestSupport.recordedDocuments()), 10);
        JarProcess.Result earlier = run("", properties(), "sync", "--from", "2024-10-10", "--to", "2024-11-02");
        assertEquals(0, earlier.exitCode(), earlier.stderr());
        Map<String, byte[]> before = SyncTestSupport.outputs(dataDir);
        byte[] stateBefore = Files.readAllBytes(dataDir.resolve(SyncState.FILE_NAME));
        Map<String, byte[]> golden = SyncTestSupport.tree(GOLDEN);
        assertEquals(golden.keySet(), before.keySet());
        byte[] tooLarge = golden.get(DataPaths.hrvJson(FIRST_TOO_LARGE));
        assertTrue(tooLarge.length > LIMIT_BLOCKS * 1024 && before.get(DataPaths.hrvJson(FIRST_TOO_LARGE)).length
                > LIMIT_BLOCKS * 1024, "the old and the new file are both beyond the limit");
        golden.forEach((path, bytes) -> assertFalse(Arrays.equals(bytes, before.get(path)), path));

        // the revised nights, over a planned backfill from START, under the limit
        oura.resetAll();
        SyncTestSupport.serveSleepPages(oura, SyncTestSupport.recordedDocuments(), 10);
        JarProcess.Result limited = run("ulimit -f " + LIMIT_BLOCKS + " && umask 000 && ", properties(), "sync");

        assertEquals(5, limited.exitCode(), "exit 5, not 0 and not killed by SIGXFSZ (153): " + limited.stderr());
        assertEquals("oura-hrv-sync: sync failed: cannot write " + dataDir.resolve(DataPaths.hrvJson(
                FIRST_TOO_LARGE)) + ": File too large", limited.stderr().strip());
        assertArrayEquals(stateBefore, Files.readAllBytes(dataDir.resolve(SyncState.FILE_NAME)),
                "the sync state did not move");
        assertEquals(List.of(), temporaryFiles(), "nothing half-written left");
        Map<String, byte[]> after = SyncTestSupport.outputs(dataDir);
        assertEquals(before.keySet(), after.keySet());
        int rewritten = 0;
        for (Map.Entry<String, byte[]> file : after.entrySet()) {
            String path = file.getKey();
            byte[] bytes = file.getValue();
            assertTrue(bytes.length >= golden.get(path).length, path + " is shorter than its golden counterpart");
            if (path.startsWith("hrv/latest.") || !dayOf(path).isBefore(FIRST_TOO_LARGE)) {
                assertArrayEquals(before.get(path), bytes, path + " keeps its old bytes");
            } else {
                // the days before it fit: written whole, with the file mode whatever the umask
                assertArrayEquals(golden.get(path), bytes, path + " is the new whole file");
                assertMode("rw-r-----", dataDir.resolve(path));
                rewritten++;
            }
        }
        assertEquals(7 * 5, rewritten, "the 7 days before the file that did not fit: 5 files each");

        // a run without the limit finishes the job, byte for byte, and moves the state
        JarProcess.Result later = run("umask 077 && ", properties(), "sync");

        assertEquals(0, later.exitCode(), later.stderr());
        Map<String, byte[]> synced = SyncTestSupport.outputs(dataDir);
        assertEquals(golden.keySet(), synced.keySet());
        golden.forEach((path, bytes) -> assertArrayEquals(bytes, synced.get(path), path));
        assertEquals(List.of(), temporaryFiles());
        SyncState state = new SyncState();
        state.setDataDir(dataDir.toString());
        assertEquals(LocalDate.now(SyncProcesses.ZONE), state.lastSyncedDay());
        for (String path : synced.keySet()) {
            assertMode("rw-r-----", dataDir.resolve(path));
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path folder : paths.filter(Files::isDirectory).toList()) {
                assertMode("rwxr-x---", folder);
            }
        }
    }

    @Test
    void anExportThatDoesNotFitKeepsTheOldExportAndExits5NamingIt() throws Exception {
        RawArchiveFixture.recorded(dataDir);
        Path out = workDir.resolve("exports/hrv.csv");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "the previous export\r\n");

        JarProcess.Result limited = run("ulimit -f " + LIMIT_BLOCKS + " && ", properties(), "export", "--format",
                "csv", "--out", out.toString());

        assertEquals(5, limited.exitCode(), limited.stderr());
        assertEquals("oura-hrv-sync: export failed: cannot write " + out + ": File too large",
                limited.stderr().strip());
        assertEquals("the previous export\r\n", Files.readString(out, StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(List.of("hrv.csv"), files.map(file -> file.getFileName().toString()).toList(),
                    "no temporary file left");
        }

        // without the limit, into folders that do not exist yet, under umask 000
        Path deeper = workDir.resolve("exports/new/hrv.csv");
        JarProcess.Result whole = run("umask 000 && ", properties(), "export", "--format", "csv", "--out",
                deeper.toString());

        assertEquals(0, whole.exitCode(), whole.stderr());
        assertTrue(Files.size(deeper) > LIMIT_BLOCKS * 1024, "an export the limit would have cut");
        assertMode("rw-------", deeper);
        assertMode("rwxr-x---", deeper.getParent());
    }

    /** The jar, started by a shell that first runs {@code shell} (limits, umask), with English OS messages. */
    private JarProcess.Result run(String shell, Map<String, String> properties, String... args)
            throws IOException, InterruptedException {
        ProcessBuilder jar = JarProcess.builder(List.of(), properties, SyncProcesses.environment(), args);
        List<String> command = new ArrayList<>(List.of("bash", "-c", shell + "exec \"$@\"", "oura-hrv-sync"));
        command.addAll(jar.command());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(jar.environment());
        builder.environment().remove("LC_ALL");
        builder.environment().put("LC_MESSAGES", "C");
        Path stdout = Files.createTempFile(workDir, "stdout", ".txt");
        Path stderr = Files.createTempFile(workDir, "stderr", ".txt");
        Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        return JarProcess.finish(process, stdout, stderr, DEADLINE, args);
    }

    private Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>(SyncProcesses.properties("http://127.0.0.1:" + oura.port(),
                tokenFile, dataDir, START, 30));
        properties.put("oura.token-url", "http://127.0.0.1:9/oauth/token");
        return properties;
    }

    /** The same nights as Oura first scored them: every HRV sample and the lowest heart rate one higher. */
    private static List<JsonNode> revised(List<JsonNode> documents) {
        List<JsonNode> revised = new ArrayList<>();
        for (JsonNode document : documents) {
            ObjectNode copy = document.deepCopy();
            if (copy.path("lowest_heart_rate").isNumber()) {
                copy.put("lowest_heart_rate", copy.path("lowest_heart_rate").asInt() + 1);
            }
            if (copy.path("hrv").path("items").isArray()) {
                ArrayNode items = (ArrayNode) copy.path("hrv").path("items");
                for (int i = 0; i < items.size(); i++) {
                    if (items.get(i).isNumber()) {
                        items.set(i, items.get(i).asDouble() + 1);
                    }
                }
            }
            revised.add(copy);
        }
        return revised;
    }

    private static LocalDate dayOf(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return LocalDate.parse(name.substring(0, 10));
    }

    /** Temporary files anywhere in the data folder: the writer's .part, AtomicFiles' .tmp. */
    private List<String> temporaryFiles() throws IOException {
        Map<String, byte[]> all = new TreeMap<>(SyncTestSupport.tree(dataDir));
        all.remove(SyncLock.FILE_NAME);
        return all.keySet().stream().filter(path -> path.endsWith(".part") || path.endsWith(".tmp")).toList();
    }

    private static void assertMode(String mode, Path path) throws IOException {
        assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(path)), path::toString);
    }
}
