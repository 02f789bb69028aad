package dev.ourahrvsync;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.ourahrvsync.sync.ExitCode;
import dev.ourahrvsync.output.DataPaths;
import dev.ourahrvsync.sync.Failures;
import dev.ourahrvsync.sync.PlannerClock;
import dev.ourahrvsync.sync.SyncPlanner;
import dev.ourahrvsync.sync.SyncState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data folder goes away in the middle of a backfill: removed, moved elsewhere, or replaced by a new empty folder.
 * WireMock does it while it answers the second window's call, so the first window is written and recorded and the
 * second is not, whatever the timing. The run must fail (exit 5, one line naming the folder), must not make the
 * folder anew, and the sync state must not move past the first window.
 */
class VanishedDataFolderTest extends SyncTestSupport {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    /** Windows of 8 days from here: 10-10..10-17, 10-18..10-25, 10-26..11-02, 11-03. */
    private static final LocalDate START = LocalDate.parse("2024-10-10");
    private static final LocalDate FIRST_WINDOW_LAST = LocalDate.parse("2024-10-17");
    private static final LocalDate TODAY = LocalDate.parse("2024-11-02");
    private static final FolderAction ACTION = new FolderAction();
    private static final WireMockServer VANISHING_OURA = startVanishingOura();

    /** What happens to the data folder when the second sleep call arrives, before it is answered. */
    private static final class FolderAction implements ResponseDefinitionTransformerV2 {

        final AtomicInteger sleepCalls = new AtomicInteger();
        volatile Path dataDir;
        volatile Path movedTo;
        volatile boolean replace;

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            if (serveEvent.getRequest().getUrl().startsWith(SLEEP_PATH) && sleepCalls.incrementAndGet() == 2) {
                try {
                    if (movedTo != null) {
                        Files.move(dataDir, movedTo);
                    } else {
                        SyncTestSupport.deleteContents(dataDir);
                        Files.delete(dataDir);
                    }
                    if (replace) {
                        Files.createDirectory(dataDir);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return serveEvent.getResponseDefinition();
        }

        @Override
        public String getName() {
            return "vanishing-data-folder";
        }
    }

    private static WireMockServer startVanishingOura() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .extensions(ACTION));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("oura.api-url", "http://127.0.0.1:" + VANISHING_OURA.port());
        properties.put("sync.start-date", START.toString());
        properties.put("sync.window-days", "8");
        return properties;
    }

    @BeforeEach
    void recordedNightsOnePageAWindow() {
        VANISHING_OURA.resetAll();
        serveSleepPages(VANISHING_OURA, recordedDocuments(), 48);
        ACTION.sleepCalls.set(0);
        ACTION.dataDir = dataDir();
        ACTION.movedTo = null;
        ACTION.replace = false;
        storeTokens("vanishing-access", "vanishing-refresh", Instant.now().plus(2, ChronoUnit.HOURS));
        PlannerClock.today(context.getRegistry().lookupByNameAndType("ouraSyncPlanner", SyncPlanner.class), TODAY,
                ZONE);
    }

    @Test
    void aDataFolderRemovedBetweenWindowsFailsTheRunAndIsNotMadeAnew() {
        Exception failure = sync(null, null);

        assertFolderGone(failure);
        assertFalse(Files.exists(dataDir()), "the removed data folder was made anew");
    }

    @Test
    void aDataFolderMovedAwayKeepsItsStateAtTheFirstWindow() throws Exception {
        Path moved = workDir.resolve("moved");
        ACTION.movedTo = moved;

        Exception failure = sync(null, null);

        assertFolderGone(failure);
        assertFalse(Files.exists(dataDir()), "the moved data folder was made anew");
        assertEquals(FIRST_WINDOW_LAST, state(moved).lastSyncedDay(), "the state stays at the first window");
        assertNotNull(state(moved).read().orElseThrow(), "a state");
        assertEquals(null, state(moved).read().orElseThrow().lastSuccess(), "no sync was recorded as done");
        Map<String, byte[]> files = outputs(moved);
        assertTrue(files.containsKey(DataPaths.hrvJson(START)), "the first window's files are there");
        assertFalse(files.keySet().stream().anyMatch(path -> path.contains("2024-10-2") || path.contains("latest")),
                "nothing of the second window, nor the latest pointers: " + files.keySet());
    }

    @Test
    void aDataFolderReplacedByAnEmptyOneGetsNoFileAndNoState() throws Exception {
        ACTION.replace = true;

        Exception failure = sync(null, null);

        assertFolderGone(failure);
        assertEquals(Map.of(), tree(dataDir()), "nothing is written into the folder that replaced it");
    }

    private void assertFolderGone(Exception failure) {
        assertNotNull(failure, "the sync failed");
        assertEquals(ExitCode.LOCAL_IO_FAILURE, ExitCode.of(failure), () -> Failures.oneLine(failure));
        assertEquals("the data folder " + dataDir() + " was removed or replaced during the sync: nothing more was"
                + " written there, and the sync state did not move past the last whole window; sync again",
                Failures.oneLine(failure));
        assertEquals(2, VANISHING_OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))).size(),
                "the run stopped in the second window");
    }

    private static SyncState state(Path dataDir) {
        SyncState state = new SyncState();
        state.setDataDir(dataDir.toString());
        return state;
    }
}
