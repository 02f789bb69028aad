package dev.ourahrvsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ourahrvsync.auth.StoredTokens;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real routes, end to end, against WireMock serving Oura's recorded 48-document response. */
class SyncRoutesTest extends SyncTestSupport {

    private static final String FIRST = "2024-10-10";
    private static final String LAST = "2024-11-02";
    private static final Path GOLDEN = Path.of("core/src/test/resources/golden/recorded-2024-10");
    private static final Set<String> INCLUDED = Set.of("long_sleep", "sleep", "late_nap");

    @Test
    void theRecordedResponseOverSeveralPagesProducesTheExpectedFiles() throws Exception {
        tokenEndpointRotates(SEED_REFRESH_TOKEN, "access-1", "refresh-1", 86400);
        serveSleepPages(recordedDocuments(), 7);

        syncOk(FIRST, LAST);

        assertEquals(7, OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))).size(), "48 documents, 7 a page");
        Map<String, byte[]> written = outputs(dataDir());
        if (Boolean.getBoolean("golden.update")) {
            writeGolden(written);
        }
        Map<String, byte[]> expected = tree(GOLDEN);
        assertEquals(expected.keySet(), written.keySet());
        expected.forEach((path, bytes) -> assertArrayEquals(bytes, written.get(path), path));
    }

    @Test
    void nothingInTheDataFolderIsWorldWritableOrWorldReadable() throws Exception {
        tokenEndpointRotates(SEED_REFRESH_TOKEN, "access-1", "refresh-1", 86400);
        serveSleepPages(recordedDocuments(), 48);

        syncOk("2024-10-10", "2024-10-12");

        try (var paths = Files.walk(dataDir())) {
            for (Path path : paths.toList()) {
                var permissions = Files.getPosixFilePermissions(path);
                assertFalse(permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE), path::toString);
                assertFalse(permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ), path::toString);
            }
        }
    }

    @Test
    void everyHrvFileHoldsExactlyTheSamplesTheDocumentsHold() throws Exception {
        tokenEndpointRotates(SEED_REFRESH_TOKEN, "access-1", "refresh-1", 86400);
        List<JsonNode> documents = recordedDocuments();
        serveSleepPages(documents, 10);

        syncOk(FIRST, LAST);

        // an oracle written straight from the API facts: sample i at timestamp + i × interval, nulls skipped
        Map<String, List<String>> expectedByDay = new TreeMap<>();
        for (JsonNode doc : documents) {
            expectedByDay.computeIfAbsent(doc.get("day").asText(), day -> new ArrayList<>());
            JsonNode hrv = doc.get("hrv");
            if (!INCLUDED.contains(doc.get("type").asText()) || hrv.isNull()) {
                continue;
            }
            long start = OffsetDateTime.parse(hrv.get("timestamp").asText()).toEpochSecond();
            for (int i = 0; i < hrv.get("items").size(); i++) {
                JsonNode item = hrv.get("items").get(i);
                if (!item.isNull() && item.asDouble() > 0) {
                    expectedByDay.get(doc.get("day").asText())
                            .add((start + i * hrv.get("interval").asLong()) + "=" + item.asDouble());
                }
            }
        }
        int days = 0;
        for (Map.Entry<String, List<String>> day : expectedByDay.entrySet()) {
            Path json = hrvFile(day.getKey(), "json");
            Path csv = hrvFile(day.getKey(), "csv");
            if (day.getValue().isEmpty()) {
                assertFalse(Files.exists(json), "no samples, no file: " + json);
                assertFalse(Files.exists(csv), "no samples, no file: " + csv);
                continue;
            }
            days++;
            List<String> actual = new ArrayList<>();
            JsonNode samples = JSON.readTree(json.toFile());
            samples.forEach(s -> actual.add(s.get("date").asLong() + "=" + s.get("hrv").asDouble()));
            List<String> expected = new ArrayList<>(day.getValue());
            expected.sort(null);
            assertEquals(expected, actual.stream().sorted().toList(), day.getKey());
            assertEquals(actual.stream().sorted().toList(), actual, "in time order: " + day.getKey());
            String[] lines = Files.readString(csv, StandardCharsets.UTF_8).split("\r\n");
            assertEquals(samples.size() + 1, lines.length, "header + one row per sample: " + csv);
            assertTrue(lines[1].startsWith(samples.get(0).get("date_readable").asText() + ","), lines[1]);
        }
        assertEquals(22, days, "every recorded day but 2024-10-26/27 has samples");
    }

    @Test
    void aDaylightSavingChangeKeepsEachNightsOwnOffset() throws Exception {
        tokenEndpointRotates(SEED_REFRESH_TOKEN, "access-1", "refresh-1", 86400);
        serveSleepPages(recordedDocuments(), 48);

        syncOk("2024-10-25", "2024-10-28");

        JsonNode before = JSON.readTree(hrvFile("2024-10-25", "json").toFile()).get(0);
        JsonNode after = JSON.readTree(hrvFile("2024-10-28", "json").toFile()).get(0);
        assertEquals("UTC+02:00", before.get("timezone").asText());
        assertEquals("2024-10-25 02:36:00", before.get("date_readable").asText(), "slot 0 is null: the first sample is slot 1");
        assertEquals("UTC+01:00", after.get("timezone").asText());
        assertEquals("+0100", after.get("timezone_offset").asText());
        assertEquals("2024-10-28 01:40:33", after.get("date_readable").asText());
        assertEquals(OffsetDateTime.parse("2024-10-28T01:40:33+01:00").toEpochSecond(), after.get("date").asLong());
    }

    @Test
    void unknownFieldsAreIgnoredInTheRecordsAndKeptInTheRawArchive() throws Exception {
        tokenEndpointRotates(SEED_REFRESH_TOKEN, "access-1", "refresh-1", 86400);
        List<JsonNode> documents = recordedDocuments();
        documents.forEach(doc -> ((ObjectNode) doc).putObject("field_from_2027").put("nested", 1));
        serveSleepPages(documents, 5);

        syncOk(FIRST, LAST);

        Map<String, byte[]> golden = tree(GOLDEN);
        Map<String, byte[]> written = outputs(dataDir());
        assertEquals(golden.keySet(), written.keySet());
        golden.forEach((path, bytes) -> {
            if (!path.startsWith("oura/")) {
                assertArrayEquals(bytes, written.get(path), path);
            }
        });
        JsonNode raw = JSON.readTree(dataDir().resolve("oura/sleep/2024/10/2024-10-10.json").toFile());
        assertEquals(1, raw.get(0).get("field_from_2027").get("nested").asInt());
    }

    @Test
    void theRotatedPairIsPersistedAndASecondRunChangesNoByteAndRefreshesNoToken() throws Exception {
        tokenEndpointRotates(SEED_REFRESH_TOKEN, "access-1", "refresh-1", 86400);
        serveSleepPages(recordedDocuments(), 10);

        syncOk(FIRST, LAST);

        StoredTokens stored = tokenStore().read().orElseThrow();
        assertEquals("access-1", stored.accessToken());
        assertEquals("refresh-1", stored.refreshToken());
        assertTrue(stored.expiresAt().isAfter(Instant.now().plus(23, ChronoUnit.HOURS)));
        assertEquals(1, OURA.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))).size());
        for (LoggedRequest request : OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH)))) {
            assertEquals("Bearer access-1", request.getHeader("Authorization"));
        }

        Map<String, byte[]> first = outputs(dataDir());
        Map<String, FileTime> firstTimes = modificationTimes(first.keySet());
        int sleepCalls = OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))).size();

        syncOk(FIRST, LAST);

        Map<String, byte[]> second = outputs(dataDir());
        assertEquals(first.keySet(), second.keySet());
        first.forEach((path, bytes) -> assertArrayEquals(bytes, second.get(path), path));
        assertEquals(firstTimes, modificationTimes(second.keySet()), "unchanged files are not rewritten");
        assertEquals(1, OURA.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))).size(), "no second refresh");
        assertEquals(2 * sleepCalls, OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))).size());
    }

    @Test
    void aStillValidTokenIsUsedWithoutRefreshing() throws Exception {
        storeTokens("stored-access", "stored-refresh", Instant.now().plus(2, ChronoUnit.HOURS));
        serveSleepPages(recordedDocuments(), 48);

        syncOk("2024-10-10", "2024-10-12");

        assertEquals(0, OURA.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))).size());
        List<LoggedRequest> calls = OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH)));
        assertEquals(1, calls.size());
        assertEquals("Bearer stored-access", calls.get(0).getHeader("Authorization"));
        assertEquals("2024-10-09", calls.get(0).queryParameter("start_date").firstValue(), "one day more each side");
        assertEquals("2024-10-13", calls.get(0).queryParameter("end_date").firstValue());
        assertEquals("stored-refresh", tokenStore().read().orElseThrow().refreshToken());
        assertTrue(Files.exists(hrvFile("2024-10-12", "json")));
        assertFalse(Files.exists(hrvFile("2024-10-13", "json")), "a day outside the range is not written");
    }

    @Test
    void anExpiredTokenIsRefreshedWithTheStoredRefreshTokenNotTheSeed() throws Exception {
        storeTokens("old-access", "stored-refresh", Instant.now().minusSeconds(60));
        tokenEndpointRotates("stored-refresh", "access-2", "refresh-2", 86400);
        serveSleepPages(recordedDocuments(), 48);

        syncOk("2024-10-10", "2024-10-10");

        List<LoggedRequest> refreshes = OURA.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        assertEquals(1, refreshes.size());
        assertTrue(refreshes.get(0).getBodyAsString().contains("refresh_token=stored-refresh"));
        assertTrue(refreshes.get(0).getBodyAsString().contains("client_id=test-client"));
        assertEquals("refresh-2", tokenStore().read().orElseThrow().refreshToken());
        assertEquals("Bearer access-2",
                OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))).get(0).getHeader("Authorization"));
    }

    private Path hrvFile(String day, String extension) {
        return dataDir().resolve("hrv/" + day.substring(0, 4) + "/" + day.substring(5, 7) + "/" + day
                + "_sleep-hrv." + extension);
    }

    private Map<String, FileTime> modificationTimes(Set<String> paths) throws Exception {
        Map<String, FileTime> times = new HashMap<>();
        for (String path : paths) {
            times.put(path, Files.getLastModifiedTime(dataDir().resolve(path)));
        }
        return times;
    }

    private static void writeGolden(Map<String, byte[]> files) throws Exception {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = GOLDEN.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
    }
}
