package dev.ourahrvsync;

import dev.ourahrvsync.auth.StoredTokens;
import dev.ourahrvsync.auth.TokenStore;
import dev.ourahrvsync.cli.JarProcess;
import dev.ourahrvsync.demo.OuraStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One sync at a time per data folder, between real processes. */
class ConcurrentSyncIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Berlin"));
    private static final LocalDate START = TODAY.minusDays(40);

    @TempDir
    Path workDir;

    private OuraStandIn standIn;
    private Map<String, String> properties;
    private final Map<String, String> environment = Map.of("OURA_CLIENT_SECRET", "concurrent-secret");

    @BeforeEach
    void start() throws Exception {
        standIn = OuraStandIn.start(HistoryGenerator.nights(START, TODAY.plusDays(1), 3));
        standIn.pageSize(4);
        standIn.acceptAccessToken("concurrent-access");
        new TokenStore(workDir.resolve("config/tokens.json")).write(new StoredTokens("concurrent-access",
                "concurrent-refresh", Instant.now().plus(Duration.ofHours(2)), "personal", Instant.now()));
        properties = new HashMap<>();
        properties.put("oura.api-url", standIn.baseUrl());
        properties.put("oura.token-url", standIn.baseUrl() + "/oauth/token");
        properties.put("oura.client-id", "concurrent-client");
        properties.put("oura.token-file", workDir.resolve("config/tokens.json").toString());
        properties.put("sync.data-dir", workDir.resolve("data").toString());
        properties.put("sync.start-date", START.toString());
        properties.put("sync.zone", "Europe/Berlin");
    }

    @AfterEach
    void stop() throws Exception {
        standIn.releasePages();
        standIn.close();
    }

    @Test
    void aSecondSyncOnTheSameFolderExitsAtOnceOrWaitsWithWait() throws Exception {
        // the first sync stays at its first page until released: it holds the lock for as long as this test needs
        standIn.holdPages();
        Path out = workDir.resolve("first.out");
        Path err = workDir.resolve("first.err");
        Process first = JarProcess.builder(properties, environment, "sync")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        awaitFirstPage(first);

        JarProcess.Result second = JarProcess.run(properties, environment, workDir, "sync");
        assertEquals(6, second.exitCode(), second.stderr());
        assertEquals(1, second.stderr().strip().lines().count(), second.stderr());
        assertTrue(second.stderr().contains("another sync is running on"), second.stderr());
        assertTrue(second.stderr().contains("--wait"), second.stderr());

        Path waitOut = workDir.resolve("waiting.out");
        Path waitErr = workDir.resolve("waiting.err");
        Process waiting = JarProcess.builder(properties, environment, "sync", "--wait")
                .redirectOutput(waitOut.toFile()).redirectError(waitErr.toFile()).start();
        // it has the lock file open while the first still holds its lock: it waits for it
        Path lock = workDir.resolve("data/.sync.lock");
        Instant deadline = Instant.now().plusSeconds(120);
        while (SyncProcesses.openCount(waiting.pid(), lock) == 0) {
            assertTrue(waiting.isAlive(), "the waiting sync ended while the first held the lock: "
                    + Files.readString(waitErr));
            assertTrue(Instant.now().isBefore(deadline), "the waiting sync never opened the lock file");
            Thread.sleep(50);
        }
        assertTrue(first.isAlive(), "the first sync still runs");
        standIn.releasePages();
        JarProcess.Result firstResult = JarProcess.finish(first, out, err, "sync");
        JarProcess.Result waited = JarProcess.finish(waiting, waitOut, waitErr, "sync", "--wait");

        assertEquals(0, firstResult.exitCode(), firstResult.stderr());
        assertEquals(0, waited.exitCode(), waited.stderr());
        assertTrue(firstResult.stdout().contains("days written"), firstResult.stdout());
        assertTrue(waited.stdout().contains("0 days written"), "the waiting run found it all done: "
                + waited.stdout());
    }

    @Test
    void aLockLeftByAKilledSyncDoesNotBlockTheNext() throws Exception {
        standIn.holdPages();
        Process killed = JarProcess.builder(properties, environment, "sync")
                .redirectOutput(workDir.resolve("killed.out").toFile())
                .redirectError(workDir.resolve("killed.err").toFile()).start();
        awaitFirstPage(killed);
        killed.destroyForcibly().waitFor();
        standIn.releasePages();

        JarProcess.Result next = JarProcess.run(properties, environment, workDir, "sync");

        assertEquals(0, next.exitCode(), next.stderr());
        assertTrue(Files.exists(workDir.resolve("data/.sync.lock")), "the lock file stays; its lock went");
    }

    private void awaitFirstPage(Process process) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (standIn.sleepCalls() == 0) {
            assertTrue(process.isAlive(), "the first sync ended before its first page");
            assertTrue(Instant.now().isBefore(deadline), "the first sync never asked for a page");
            Thread.sleep(10);
        }
    }
}
