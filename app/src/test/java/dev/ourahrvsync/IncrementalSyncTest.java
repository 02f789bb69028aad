package dev.ourahrvsync;

import dev.ourahrvsync.cli.StandaloneTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ourahrvsync.demo.OuraStandIn;
import dev.ourahrvsync.output.DataPaths;
import dev.ourahrvsync.sync.SyncPlanner;
import dev.ourahrvsync.sync.SyncRequest;
import dev.ourahrvsync.sync.SyncState;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Incremental sync over the real routes against the stand-in Oura serving a generated history: the first run's
 * backfill, later runs' lookback, revisions, and results that do not depend on how the server pages or reads
 * {@code end_date}.
 */
class IncrementalSyncTest extends StandaloneTestSupport {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final LocalDate TODAY = LocalDate.now(ZONE);
    /** 100 days of history, ending tomorrow (a night can already belong to it). */
    private static final LocalDate START = TODAY.minusDays(98);
    private static final OuraStandIn STAND_IN = startStandIn();

    private static OuraStandIn startStandIn() {
        try {
            return OuraStandIn.start(List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.putAll(STAND_IN.properties());
        properties.put("oura.token-file", workDir.resolve("config/tokens.json").toString());
        properties.put("sync.start-date", START.toString());
        properties.put("sync.window-days", "30");
        return properties;
    }

    @BeforeEach
    void standInServesTheHistory() {
        STAND_IN.documents(HistoryGenerator.nights(START, TODAY.plusDays(1), 7));
        STAND_IN.pageSize(9);
        STAND_IN.endInclusive(false);
        STAND_IN.repeatAcrossPages(false);
        STAND_IN.resetCounts();
        STAND_IN.acceptAccessToken("stand-in-access");
        storeTokens("stand-in-access", "stand-in-refresh", Instant.now().plus(Duration.ofHours(2)));
    }

    @Test
    void theFirstRunBackfillsFromTheStartDateWindowByWindowAndPageByPage() throws Exception {
        String summary = syncSummary();

        assertEquals(TODAY, state().lastSyncedDay(), "tomorrow is fetched, but its night is not over");
        int windows = 4;
        assertTrue(STAND_IN.sleepCalls() > windows, "several pages per window: " + STAND_IN.sleepCalls());
        Map<String, byte[]> paged = outputs(dataDir());
        assertTrue(paged.containsKey(DataPaths.hrvJson(START)), "the first day of the history");
        assertTrue(summary.contains(" samples, " + STAND_IN.sleepCalls() + " API calls"), summary);

        // the same history in one window and one page gives the same bytes
        assertEqualFiles(withoutPaging(), paged);
    }

    @Test
    void aSecondRunFetchesOnlyTheLookbackAndChangesNothing() throws Exception {
        syncSummary();
        Map<String, byte[]> first = outputs(dataDir());
        STAND_IN.resetCounts();
        STAND_IN.pageSize(100);

        String summary = syncSummary();

        assertEquals(1, STAND_IN.sleepCalls(), "3 days before the last synced day up to tomorrow: one page");
        assertEquals(0, STAND_IN.tokenCalls());
        assertTrue(summary.startsWith("0 days written, 5 unchanged"), summary);
        assertEqualFiles(first, outputs(dataDir()));
    }

    @Test
    void revisedDeletedAndVanishedPeriodsLeaveExactlyTheCurrentNights() throws Exception {
        syncSummary();
        List<JsonNode> revised = HistoryGenerator.nights(START, TODAY.plusDays(1), 7);
        LocalDate rescored = TODAY.minusDays(1);
        LocalDate napDeleted = TODAY.minusDays(2);
        LocalDate vanished = TODAY;
        revise(revised, rescored, doc -> ((ObjectNode) doc.get("hrv")).putArray("items").add(77.0).add(78.0));
        revise(revised, napDeleted, doc -> {
            if (!doc.get("type").asText().equals("long_sleep")) {
                ((ObjectNode) doc).put("type", "deleted");
            }
        });
        revised.removeIf(doc -> doc.get("day").asText().equals(vanished.toString()));
        STAND_IN.documents(revised);

        syncSummary();

        JsonNode rescoredNight = JSON.readTree(dataDir().resolve(DataPaths.hrvJson(rescored)).toFile());
        assertEquals(77, rescoredNight.get(0).get("hrv").asInt());
        assertFalse(Files.exists(dataDir().resolve(DataPaths.hrvJson(vanished))), "a vanished day loses its files");
        assertFalse(Files.exists(dataDir().resolve(DataPaths.rawSleep(vanished))));
        for (JsonNode sample : JSON.readTree(dataDir().resolve(DataPaths.hrvJson(napDeleted)).toFile())) {
            assertEquals("long_sleep", sample.get("sleep_type").asText(), "no sample of a deleted period");
        }
        // the same as a first sync of the revised history
        Map<String, byte[]> incremental = outputs(dataDir());
        assertEqualFiles(withoutPaging(), incremental);
    }

    @Test
    void inclusiveAndExclusiveEndDatesAndRepeatedDocumentsGiveTheSameBytes() throws Exception {
        STAND_IN.endInclusive(true);
        STAND_IN.repeatAcrossPages(true);
        syncSummary();
        Map<String, byte[]> inclusive = outputs(dataDir());
        assertTrue(STAND_IN.sleepCalls() > 4, "several pages, each repeating the last document of the one before");

        assertEqualFiles(withoutPaging(), inclusive);
    }

    @Test
    void aFailedWindowLeavesTheStateWhereItWasAndTheNextRunRedoesIt() throws Exception {
        List<JsonNode> broken = new ArrayList<>(HistoryGenerator.nights(START, TODAY.plusDays(1), 7));
        LocalDate inThirdWindow = START.plusDays(65);
        revise(broken, inThirdWindow, doc -> ((ObjectNode) doc).remove("id"));
        STAND_IN.documents(broken);

        Exception failure = sync(null, null);

        assertNotNull(failure, "a document without id fails its window");
        assertEquals(START.plusDays(59), state().lastSyncedDay(), "two windows of 30 days are done, not the third");
        assertFalse(Files.exists(dataDir().resolve(DataPaths.hrvJson(inThirdWindow))));

        STAND_IN.documents(HistoryGenerator.nights(START, TODAY.plusDays(1), 7));
        STAND_IN.resetCounts();
        syncSummary();
        assertEquals(TODAY, state().lastSyncedDay());
        Map<String, byte[]> redone = outputs(dataDir());
        assertEqualFiles(withoutPaging(), redone);
    }

    @Test
    void whatKilledRunsLeftUnderTemporaryNamesGoesAtTheNextSyncWhateverItsDays() throws Exception {
        Path old = dataDir().resolve("hrv/2019/03/.2019-03-04_sleep-hrv.json.part");
        Files.createDirectories(old.getParent());
        Files.writeString(old, "[{\"hrv\":");
        Path kept = dataDir().resolve("hrv/2019/03/2019-03-04_sleep-hrv.json");
        Files.writeString(kept, "[]");

        syncOk(TODAY.minusDays(1).toString(), TODAY.toString());

        assertFalse(Files.exists(old));
        assertTrue(Files.exists(kept), "only temporary files go");
    }

    @Test
    void aRangeOnTheCommandLineDoesNotMoveTheState() throws Exception {
        syncSummary();
        SyncState.State before = state();

        syncOk(START.toString(), START.plusDays(5).toString());

        assertEquals(before.lastSyncedDay(), state().lastSyncedDay());
    }

    @Test
    void whatAKilledStateWriteLeftIsGoneAfterTheNextRun() throws Exception {
        syncSummary();
        // AtomicFiles names the state's temporary file .sync-state.json<digits>.tmp; a kill before the rename keeps it
        Path leftover = Files.createTempFile(dataDir(), "." + SyncState.FILE_NAME, ".tmp");
        Files.writeString(leftover, "{\n  \"last_synced_day\" : \"20");

        syncSummary();

        assertFalse(Files.exists(leftover), "the next run's state write removed it");
        assertEquals(TODAY, state().lastSyncedDay());
    }

    private String syncSummary() {
        Exchange result = template.request(SyncRequest.ENDPOINT, exchange -> { });
        assertEquals(null, result.getException(), () -> "sync failed: " + result.getException());
        return result.getMessage().getBody(String.class);
    }

    private SyncState.State state() {
        return context.getRegistry().lookupByNameAndType("ouraSyncState", SyncState.class).read().orElseThrow();
    }

    /**
     * What a first sync of what the stand-in serves now writes with one window and one page, into an emptied data
     * folder: the reference a run must match whatever the paging, windows or revisions before it.
     */
    private Map<String, byte[]> withoutPaging() throws Exception {
        SyncTestSupport.deleteContents(dataDir());
        STAND_IN.pageSize(100_000);
        STAND_IN.endInclusive(false);
        STAND_IN.repeatAcrossPages(false);
        SyncPlanner planner = context.getRegistry().lookupByNameAndType("ouraSyncPlanner", SyncPlanner.class);
        planner.setWindowDays(100_000);
        try {
            syncOk(START.toString(), TODAY.plusDays(1).toString());
        } finally {
            planner.setWindowDays(30);
        }
        return outputs(dataDir());
    }

    private static void revise(List<JsonNode> documents, LocalDate day, Consumer<JsonNode> change) {
        documents.stream().filter(doc -> doc.get("day").asText().equals(day.toString())).forEach(change);
    }

    private static void assertEqualFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((path, bytes) -> assertArrayEquals(bytes, actual.get(path), path));
    }
}
