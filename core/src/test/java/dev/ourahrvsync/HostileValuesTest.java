package dev.ourahrvsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ourahrvsync.sync.ExitCode;
import dev.ourahrvsync.output.DataPaths;
import dev.ourahrvsync.sync.Failures;
import dev.ourahrvsync.sync.SyncRequest;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values no body can have, over the real routes: the recorded nights of 2024-10-10..2024-10-19, with copies of
 * some documents made hostile (non-finite, non-positive and absurd HRV items; intervals of 1e12, 1e300, 0 and -300 s;
 * a series of a million items). Each impossible value is skipped and counted; every other file is exactly what a
 * clean run writes. A time no file can spell fails the window with exit 4, naming the call.
 */
class HostileValuesTest extends SyncTestSupport {

    private static final LocalDate FIRST = LocalDate.parse("2024-10-10");
    private static final LocalDate LAST = LocalDate.parse("2024-10-19");
    private static final String WINDOW = FIRST + ".." + LAST;

    /** The slots of the 12th's long sleep whose values become impossible (each held a sample before). */
    private static final Map<Integer, JsonNode> HOSTILE_ITEMS = Map.of(
            3, JSON.getNodeFactory().textNode("Infinity"),
            5, JSON.getNodeFactory().textNode("NaN"),
            7, JSON.getNodeFactory().numberNode(-5.0),
            9, JSON.getNodeFactory().numberNode(0.0),
            11, JSON.getNodeFactory().numberNode(1e9),
            13, JSON.getNodeFactory().numberNode(1e300));
    /** Long sleeps whose HRV interval becomes impossible, by document id: their HRV goes, nothing else. */
    private static final Map<String, Double> HOSTILE_INTERVALS = Map.of(
            "2fad4944", 1e12, "68aa9f73", 1e300, "056d2f43", 0.0, "01608d64", -300.0);
    private static final String ITEMS_CHANGED = "fd99b77f";
    private static final String MILLION_ITEMS = "d96e7a54";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("sync.metrics", "hrv,rhr");
        return properties;
    }

    @Test
    void impossibleValuesAreSkippedAndCountedAndEveryOtherByteIsAsACleanRunWritesIt() throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        long hostileValues = 0;
        Set<String> hrvGone = new HashSet<>();
        for (JsonNode recorded : recordedDocuments()) {
            ObjectNode document = recorded.deepCopy();
            String id = document.path("id").asText().substring(0, 8);
            ObjectNode hrv = document.path("hrv").isObject() ? (ObjectNode) document.path("hrv") : null;
            if (id.equals(ITEMS_CHANGED)) {
                ArrayNode items = (ArrayNode) hrv.path("items");
                for (Map.Entry<Integer, JsonNode> hostile : HOSTILE_ITEMS.entrySet()) {
                    assertTrue(items.get(hostile.getKey()).isNumber(), "slot " + hostile.getKey() + " had a sample");
                    items.set(hostile.getKey(), hostile.getValue());
                }
                hostileValues += HOSTILE_ITEMS.size();
            } else if (HOSTILE_INTERVALS.containsKey(id)) {
                hrv.put("interval", HOSTILE_INTERVALS.get(id));
                hostileValues += samples(hrv);
                hrvGone.add(document.path("id").asText());
            } else if (id.equals(MILLION_ITEMS)) {
                ArrayNode items = hrv.putArray("items");
                for (int i = 0; i < 1_000_000; i++) {
                    items.add(45.0);
                }
                hostileValues += 1_000_000;
                hrvGone.add(document.path("id").asText());
            }
            documents.add(document);
        }
        serveSleepPages(documents, 48);

        Exchange result = syncExchange();

        assertEquals(null, result.getException(), () -> Failures.oneLine(result.getException()));
        String summary = result.getMessage().getBody(String.class);
        assertTrue(summary.endsWith(", " + hostileValues + " impossible values skipped"), summary);
        Map<String, byte[]> golden = FaultSuiteTest.golden(FIRST, LAST);
        Map<String, byte[]> written = outputs(dataDir());
        Set<LocalDate> touched = Set.of(LocalDate.parse("2024-10-12"), LocalDate.parse("2024-10-13"),
                LocalDate.parse("2024-10-14"), LocalDate.parse("2024-10-15"), LocalDate.parse("2024-10-16"),
                LocalDate.parse("2024-10-17"));
        for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
            String hrvJson = DataPaths.hrvJson(day);
            if (!touched.contains(day)) {
                for (String path : List.of(hrvJson, DataPaths.hrvCsv(day), DataPaths.rhrJson(day),
                        DataPaths.rhrCsv(day), DataPaths.rawSleep(day))) {
                    assertArrayEquals(golden.get(path), written.get(path), path);
                }
                continue;
            }
            // the HRV of a touched day: the clean run's records, less the skipped ones, in the same order
            List<JsonNode> expected = new ArrayList<>();
            for (JsonNode record : JSON.readTree(golden.get(hrvJson))) {
                boolean gone = hrvGone.contains(record.path("sleep_id").asText())
                        || record.path("sleep_id").asText().startsWith(ITEMS_CHANGED)
                        && skippedSlotTimes().contains(OffsetDateTime.parse(record.path("timestamp").asText()));
                if (!gone) {
                    expected.add(record);
                }
            }
            if (expected.isEmpty()) {
                assertFalse(written.containsKey(hrvJson), hrvJson + ": no sample left, no file");
                assertFalse(written.containsKey(DataPaths.hrvCsv(day)));
            } else {
                assertEquals(expected, List.copyOf(StreamSupport.stream(
                        JSON.readTree(written.get(hrvJson)).spliterator(), false).toList()), hrvJson);
            }
            // the resting heart rate does not come from the HRV series: as a clean run writes it
            assertArrayEquals(golden.get(DataPaths.rhrJson(day)), written.get(DataPaths.rhrJson(day)));
            assertNotNull(written.get(DataPaths.rawSleep(day)), "the raw documents are kept as sent");
        }
        // nowhere a value or a time that cannot be true
        written.forEach((path, bytes) -> {
            if (path.startsWith("hrv/")) {
                String text = new String(bytes, StandardCharsets.UTF_8);
                assertAll(path,
                        () -> assertFalse(text.contains("Infinity") || text.contains("NaN"), path),
                        () -> assertFalse(text.contains("E+") || text.contains("1000000000"), path));
                if (path.endsWith(".json")) {
                    for (JsonNode record : readTree(bytes)) {
                        double value = record.path("hrv").asDouble();
                        assertTrue(value >= 1 && value <= 500, path + ": " + record);
                        assertEquals(2024, OffsetDateTime.parse(record.path("timestamp").asText()).getYear(), path);
                    }
                }
            }
        });
    }

    @Test
    void aYearBeyond9999FailsTheWindowWithExit4NamingTheCall() throws Exception {
        String line = failingSync(document -> ((ObjectNode) document.path("hrv"))
                .put("timestamp", "+10000-10-12T03:17:00.000+02:00"));

        assertTrue(line.contains("Oura's answer to " + SLEEP_PATH + " for " + WINDOW), line);
        assertTrue(line.contains("time out of range (hrv.timestamp +10000-10-12T03:17+02:00)"), line);
    }

    @Test
    void aTimeBeyondWhatADateCanHoldFailsTheWindowWithExit4NamingTheCall() throws Exception {
        String line = failingSync(document -> document.put("bedtime_end", "+1000000000-10-12T03:17:00+02:00"));

        assertTrue(line.startsWith("a sleep document in Oura's answer to " + SLEEP_PATH + " for " + WINDOW
                + " could not be read ("), line);
    }

    /** Serves the recording with the 12th's long sleep changed, syncs, and returns the failure's one line. */
    private String failingSync(Consumer<ObjectNode> change) throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        for (JsonNode recorded : recordedDocuments()) {
            ObjectNode document = recorded.deepCopy();
            if (document.path("id").asText().startsWith(ITEMS_CHANGED)) {
                change.accept(document);
            }
            documents.add(document);
        }
        serveSleepPages(documents, 48);

        Exception failure = syncExchange().getException();

        assertNotNull(failure, "the sync should fail");
        String line = Failures.oneLine(failure);
        assertEquals(ExitCode.API_FAILURE, ExitCode.of(failure), line);
        assertEquals(Map.of(), new TreeMap<>(outputs(dataDir())), "nothing of the window is written");
        return line;
    }

    private Exchange syncExchange() {
        storeTokens("hostile-access", "hostile-refresh", Instant.now().plus(2, ChronoUnit.HOURS));
        return template.request(SyncRequest.ENDPOINT, exchange -> {
            exchange.getIn().setHeader(SyncRequest.FROM, FIRST.toString());
            exchange.getIn().setHeader(SyncRequest.TO, LAST.toString());
        });
    }

    /** The times of the hostile slots of the 12th's long sleep: item i at timestamp + i × 300 s. */
    private static Set<OffsetDateTime> skippedSlotTimes() {
        JsonNode hrv = recordedDocuments().stream()
                .filter(document -> document.path("id").asText().startsWith(ITEMS_CHANGED))
                .findFirst().orElseThrow().path("hrv");
        OffsetDateTime start = OffsetDateTime.parse(hrv.path("timestamp").asText());
        Set<OffsetDateTime> times = new HashSet<>();
        HOSTILE_ITEMS.keySet().forEach(slot -> times.add(start.plusSeconds(300L * slot)));
        return times;
    }

    private static long samples(JsonNode hrv) {
        return StreamSupport.stream(hrv.path("items").spliterator(), false).filter(JsonNode::isNumber).count();
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
