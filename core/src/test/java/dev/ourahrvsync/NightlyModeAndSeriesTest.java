package dev.ourahrvsync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ourahrvsync.output.DataPaths;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sync.hrv-mode=nightly} with every sleep-derived series on, over the recorded response: golden files per
 * format, one value per period, and a data folder that never mixes modes.
 */
class NightlyModeAndSeriesTest extends SyncTestSupport {

    private static final Path GOLDEN = Path.of("core/src/test/resources/golden/recorded-2024-10-nightly");

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("sync.hrv-mode", "nightly");
        properties.put("sync.metrics", "hrv,rhr,respiratory-rate,sleep-stages");
        return properties;
    }

    @Test
    void everyFormatOfEverySeriesMatchesItsGoldenFile() throws Exception {
        storeTokens("stored-access", "stored-refresh", Instant.now().plus(Duration.ofHours(2)));
        serveSleepPages(recordedDocuments(), 10);

        syncOk("2024-10-10", "2024-11-02");

        Map<String, byte[]> written = outputs(dataDir());
        if (Boolean.getBoolean("golden.update")) {
            for (Map.Entry<String, byte[]> file : written.entrySet()) {
                Path target = GOLDEN.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
        }
        Map<String, byte[]> expected = tree(GOLDEN);
        assertEquals(expected.keySet(), written.keySet());
        expected.forEach((path, bytes) -> assertArrayEquals(bytes, written.get(path), path));
    }

    @Test
    void nightlyModeWritesOneAverageAtEachPeriodsMidpoint() throws Exception {
        storeTokens("stored-access", "stored-refresh", Instant.now().plus(Duration.ofHours(2)));
        serveSleepPages(recordedDocuments(), 48);

        syncOk("2024-10-10", "2024-10-10");

        JsonNode night = JSON.readTree(dataDir().resolve(DataPaths.hrvJson(LocalDate.parse("2024-10-10"))).toFile());
        assertEquals(2, night.size(), "the long sleep and the nap, one value each");
        assertEquals(38, night.get(0).get("hrv").asInt(), "average_hrv of the long sleep");
        OffsetDateTime start = OffsetDateTime.parse("2024-10-10T01:01:59+02:00");
        OffsetDateTime end = OffsetDateTime.parse("2024-10-10T09:04:12+02:00");
        assertEquals(start.plus(Duration.between(start, end).dividedBy(2)).toEpochSecond(),
                night.get(0).get("date").asLong());
        assertEquals("rMSSD", night.get(0).get("measurement_type").asText(), "same fields in both modes");
        assertEquals(List.of("date", "date_readable", "timezone", "timezone_offset", "hrv", "unit", "source",
                "measurement_type", "timestamp", "sleep_id", "sleep_type"), fieldNames(night.get(0)));
        JsonNode breath = JSON.readTree(dataDir().resolve(DataPaths.series("respiratory-rate",
                LocalDate.parse("2024-10-10"), "json")).toFile());
        assertEquals(14.5, breath.get(0).get("respiratory_rate").asDouble(), "the main period's average_breath");
        JsonNode stages = JSON.readTree(dataDir().resolve(DataPaths.sleepStages(LocalDate.parse("2024-10-10"),
                "json")).toFile());
        assertEquals("2024-10-10 01:01:59", stages.get(0).get("date_readable").asText(), "from bedtime_start");
        for (int i = 1; i < stages.size(); i++) {
            if (stages.get(i).get("sleep_id").equals(stages.get(i - 1).get("sleep_id"))) {
                assertEquals(stages.get(i - 1).get("end_date").asLong(), stages.get(i).get("date").asLong(),
                        "consecutive intervals");
            }
        }
    }

    @Test
    void aFolderHoldingSamplesIsNeverMixedWithNightlyValues() throws Exception {
        Files.createDirectories(dataDir());
        Files.writeString(dataDir().resolve("sync-state.json"),
                "{\"last_synced_day\":\"2024-10-09\",\"hrv_mode\":\"samples\"}");
        storeTokens("stored-access", "stored-refresh", Instant.now().plus(Duration.ofHours(2)));
        serveSleepPages(recordedDocuments(), 48);

        Exception failure = sync("2024-10-10", "2024-10-12");

        assertNotNull(failure);
        assertInstanceOf(IllegalArgumentException.class, rootOf(failure));
        assertTrue(rootOf(failure).getMessage().contains("sync.hrv-mode is nightly but"), rootOf(failure).getMessage());
        assertEquals(Map.of(), outputs(dataDir()), "nothing written");
    }

    private static Throwable rootOf(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
