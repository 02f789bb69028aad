package dev.ourahrvsync.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.ourahrvsync.transform.HrvSample;
import dev.ourahrvsync.transform.RestingHeartRate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthRecordFormatsTest {

    private static final List<HrvSample> SAMPLES = List.of(
            new HrvSample(OffsetDateTime.parse("2024-03-10T01:55:00-05:00"), 38.0, "id-1", "long_sleep"),
            new HrvSample(OffsetDateTime.parse("2024-03-10T03:00:00-04:00"), 41.5, "id-1", "long_sleep"),
            new HrvSample(OffsetDateTime.parse("2024-03-10T13:00:00Z"), 20.0, "id,\"2\"", "sleep"));

    @Test
    void hrvJsonHasTheFieldsShortcutsRead() throws Exception {
        JsonNode json = new ObjectMapper().readTree(HealthRecordFormats.hrvJson(SAMPLES));

        assertEquals(3, json.size());
        JsonNode first = json.get(0);
        assertEquals(List.of("date", "date_readable", "timezone", "timezone_offset", "hrv", "unit", "source",
                "measurement_type", "timestamp", "sleep_id", "sleep_type"), fieldNames(first));
        assertEquals(OffsetDateTime.parse("2024-03-10T01:55:00-05:00").toEpochSecond(), first.get("date").asLong());
        assertEquals("2024-03-10 01:55:00", first.get("date_readable").asText());
        assertEquals("UTC-05:00", first.get("timezone").asText());
        assertEquals("-0500", first.get("timezone_offset").asText());
        assertTrue(first.get("hrv").isIntegralNumber());
        assertEquals(38, first.get("hrv").asInt());
        assertEquals("ms", first.get("unit").asText());
        assertEquals("oura_ring_rmssd", first.get("source").asText());
        assertEquals("rMSSD", first.get("measurement_type").asText());
        assertEquals("2024-03-10T01:55:00-05:00", first.get("timestamp").asText());
        assertEquals(41.5, json.get(1).get("hrv").asDouble());
        assertEquals("UTC-04:00", json.get(1).get("timezone").asText());
        assertEquals("UTC+00:00", json.get(2).get("timezone").asText());
        assertEquals("2024-03-10T13:00:00+00:00", json.get(2).get("timestamp").asText());
    }

    @Test
    void hrvCsvReadsBackWithACsvParser() throws Exception {
        byte[] csv = HealthRecordFormats.hrvCsv(SAMPLES);
        String text = new String(csv, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Date,HRV (ms),UTC Offset,Sleep ID,Sleep Type\r\n"), text);
        assertTrue(text.endsWith("\r\n"));

        List<List<String>> rows = readCsv(csv);

        assertEquals(4, rows.size());
        assertEquals(List.of("2024-03-10 01:55:00", "38", "-0500", "id-1", "long_sleep"), rows.get(1));
        assertEquals(List.of("2024-03-10 03:00:00", "41.5", "-0400", "id-1", "long_sleep"), rows.get(2));
        assertEquals(List.of("2024-03-10 13:00:00", "20", "+0000", "id,\"2\"", "sleep"), rows.get(3));
    }

    @Test
    void restingHeartRateJsonAndCsv() throws Exception {
        RestingHeartRate rhr = new RestingHeartRate(OffsetDateTime.parse("2024-10-10T08:26:59+02:00"), 60, "n",
                "long_sleep");

        JsonNode json = new ObjectMapper().readTree(HealthRecordFormats.rhrJson(rhr));
        List<List<String>> rows = readCsv(HealthRecordFormats.rhrCsv(rhr));

        assertEquals(1, json.size());
        assertEquals(60, json.get(0).get("heart_rate").asInt());
        assertEquals("count/min", json.get(0).get("unit").asText());
        assertEquals("2024-10-10 08:26:59", json.get(0).get("date_readable").asText());
        assertEquals(List.of("Date", "Resting Heart Rate (count/min)", "UTC Offset", "Sleep ID", "Sleep Type"),
                rows.get(0));
        assertEquals(List.of("2024-10-10 08:26:59", "60", "+0200", "n", "long_sleep"), rows.get(1));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<List<String>> readCsv(byte[] csv) throws Exception {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (MappingIterator<List<String>> rows = mapper.readerForListOf(String.class).readValues(csv)) {
            return rows.readAll();
        }
    }
}
