package dev.ourahrvsync.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.ourahrvsync.HistoryGenerator;
import dev.ourahrvsync.oura.OuraJson;
import dev.ourahrvsync.output.DataPaths;
import dev.ourahrvsync.transform.SleepTransforms;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.ourahrvsync.export.AppleHealthExports.exportXml;
import static dev.ourahrvsync.export.AppleHealthExports.metadata;
import static dev.ourahrvsync.export.AppleHealthExports.parseValidating;
import static dev.ourahrvsync.export.AppleHealthExports.records;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The export over the raw archive the sync wrote for Oura's recorded nights (2024-10-10 to 2024-11-02). */
class HistoryExportTest {

    private static final Path GOLDEN = Path.of("core/src/test/resources/golden/export");
    private static final Set<String> INCLUDED = Set.of("long_sleep", "sleep", "late_nap");
    private static final LocalDate FIRST = LocalDate.parse("2024-10-10");
    private static final LocalDate LAST = LocalDate.parse("2024-11-02");
    /** 10:00 in Berlin, an hour after UTC in November. */
    private static final Clock EXPORT_TIME = Clock.fixed(Instant.parse("2024-11-03T09:00:00Z"),
            ZoneId.of("Europe/Berlin"));
    private static final Pattern APPLE_DATE = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}");
    private static final DateTimeFormatter APPLE_DATE_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xx");
    private static final List<String> RECORD_ATTRIBUTES = List.of("type", "sourceName", "unit", "creationDate",
            "startDate", "endDate", "value");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    private Path dataDir;
    private HistoryExport export;

    @BeforeEach
    void archive() throws IOException {
        dataDir = workDir.resolve("data");
        RawArchiveFixture.recorded(dataDir);
        export = new HistoryExport(new RawArchive(dataDir), INCLUDED, EXPORT_TIME);
    }

    // ---- golden files: the daylight-saving change, with the two days the recording lacks ----

    @ParameterizedTest
    @CsvSource({"hrv, csv", "hrv, json", "hrv, healthxml", "rhr, csv", "rhr, json", "rhr, healthxml"})
    void theDaysAroundTheClockChangeMatchTheirGoldenFile(String metric, String format) throws Exception {
        Path out = write(metric, format, "2024-10-25", "2024-10-28");

        byte[] written = format.equals("healthxml") ? exportXml(out) : Files.readAllBytes(out);
        Path golden = GOLDEN.resolve("2024-10-25_2024-10-28")
                .resolve(metric + (format.equals("healthxml") ? "-export.xml" : "." + format));
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(golden.getParent());
            Files.write(golden, written);
        }
        assertEquals(Files.readString(golden), new String(written, StandardCharsets.UTF_8), golden.toString());
    }

    // ---- csv and json: the per-day formats, over the whole range ----

    @ParameterizedTest
    @CsvSource({"hrv, csv", "hrv, json", "rhr, csv", "rhr, json"})
    void aSingleDayExportIsByteForByteThatDaysFile(String metric, String format) throws Exception {
        for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
            Path golden = RawArchiveFixture.RECORDED.resolve(dayFile(metric, format, day));
            Path out = write(metric, format, day.toString(), day.toString());
            if (Files.exists(golden)) {
                assertArrayEquals(Files.readAllBytes(golden), Files.readAllBytes(out), golden.toString());
            }
        }
    }

    @Test
    void inNightlyModeTheHrvExportIsTheNightlyDayFilesToo() throws Exception {
        Path nightly = Path.of("core/src/test/resources/golden/recorded-2024-10-nightly");
        for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
            Path golden = nightly.resolve(DataPaths.hrvCsv(day));
            HistoryExport.Request request = new HistoryExport.Request(day, day,
                    ExportMetric.HRV.inMode(dev.ourahrvsync.output.HrvMode.NIGHTLY), ExportFormat.named("csv"),
                    workDir.resolve("nightly-" + day + ".csv"));
            Path out = export.write(request).request().out();
            if (Files.exists(golden)) {
                assertArrayEquals(Files.readAllBytes(golden), Files.readAllBytes(out), golden.toString());
            }
        }
    }

    @Test
    void theCsvIsOneHeaderThenEveryDaysRowsInTimeOrder() throws Exception {
        HistoryExport.Summary summary = export.write(request("hrv", "csv", null, null));

        List<List<String>> rows = readCsv(Files.readAllBytes(summary.request().out()));
        List<List<String>> expected = new ArrayList<>();
        for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
            Path golden = RawArchiveFixture.RECORDED.resolve(DataPaths.hrvCsv(day));
            if (Files.exists(golden)) {
                List<List<String>> dayRows = readCsv(Files.readAllBytes(golden));
                if (expected.isEmpty()) {
                    expected.add(dayRows.get(0));
                }
                expected.addAll(dayRows.subList(1, dayRows.size()));
            }
        }
        assertEquals(List.of("Date", "HRV (ms)", "UTC Offset", "Sleep ID", "Sleep Type"), rows.get(0));
        assertEquals(expected, rows);
        assertEquals(rows.size() - 1, summary.records());
        assertEquals(22, summary.nights(), "every recorded day but 2024-10-26/27");
        assertEquals(FIRST, summary.from(), "no --from: the archive's first day");
        assertEquals(LAST, summary.to(), "no --to: the archive's last day");
        assertInTimeOrder(rows);
    }

    @Test
    void theJsonIsOneArrayOfEveryDaysObjects() throws Exception {
        for (String metric : List.of("hrv", "rhr")) {
            Path out = write(metric, "json", FIRST.toString(), LAST.toString());

            List<JsonNode> expected = new ArrayList<>();
            for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
                Path golden = RawArchiveFixture.RECORDED.resolve(dayFile(metric, "json", day));
                if (Files.exists(golden)) {
                    JSON.readTree(golden.toFile()).forEach(expected::add);
                }
            }
            JsonNode array = JSON.readTree(out.toFile());
            assertTrue(array.isArray());
            List<JsonNode> actual = new ArrayList<>();
            array.forEach(actual::add);
            assertEquals(expected, actual, metric);
        }
    }

    // ---- healthxml: Apple Health's export layout ----

    @Test
    void theHealthXmlZipHoldsAnAppleHealthExportOfEverySample() throws Exception {
        HistoryExport.Summary summary = export.write(request("hrv", "healthxml", null, null));

        Document xml = parseValidating(exportXml(summary.request().out()));
        Element root = xml.getDocumentElement();
        assertEquals("HealthData", root.getTagName());
        assertEquals("en_US", root.getAttribute("locale"));
        Element exportDate = (Element) root.getElementsByTagName("ExportDate").item(0);
        assertEquals("2024-11-03 10:00:00 +0100", exportDate.getAttribute("value"));
        assertEquals(1, root.getElementsByTagName("Me").getLength());

        List<Element> records = records(xml);
        List<JsonNode> samples = dayJsonObjects("hrv");
        assertEquals(samples.size(), records.size(), "one Record per HRV sample");
        assertEquals(summary.records(), records.size());
        for (int i = 0; i < records.size(); i++) {
            Element record = records.get(i);
            for (String attribute : RECORD_ATTRIBUTES) {
                assertTrue(record.hasAttribute(attribute), attribute + " of record " + i);
            }
            assertEquals("HKQuantityTypeIdentifierHeartRateVariabilitySDNN", record.getAttribute("type"));
            assertEquals("Oura Ring (oura-hrv-sync)", record.getAttribute("sourceName"));
            assertEquals("ms", record.getAttribute("unit"));
            for (String date : List.of("creationDate", "startDate", "endDate")) {
                assertTrue(APPLE_DATE.matcher(record.getAttribute(date)).matches(), record.getAttribute(date));
            }
            // the same moment, wall clock and offset as the per-day file says
            JsonNode sample = samples.get(i);
            OffsetDateTime start = OffsetDateTime.parse(record.getAttribute("startDate"), APPLE_DATE_FORMAT);
            assertEquals(sample.get("date").asLong(), start.toEpochSecond());
            assertEquals(sample.get("date_readable").asText() + " " + sample.get("timezone_offset").asText(),
                    record.getAttribute("startDate"));
            assertEquals(sample.get("hrv").asDouble(), Double.parseDouble(record.getAttribute("value")));
            assertEquals(metadata(record, "oura_sleep_id"), sample.get("sleep_id").asText());
            assertEquals("rMSSD (Oura Ring), not SDNN", metadata(record, "measurement"));
        }
    }

    @Test
    void theClockChangeGivesEachRecordItsOwnLocalTime() throws Exception {
        List<Element> records = records(parseValidating(exportXml(
                write("hrv", "healthxml", "2024-10-25", "2024-10-28"))));

        assertEquals("2024-10-25 02:36:00 +0200", records.get(0).getAttribute("startDate"),
                "slot 0 is null: the first sample is slot 1");
        Element firstAfter = records.stream()
                .filter(record -> record.getAttribute("startDate").startsWith("2024-10-28"))
                .findFirst().orElseThrow();
        assertEquals("2024-10-28 01:40:33 +0100", firstAfter.getAttribute("startDate"));
        assertEquals(Instant.parse("2024-10-28T00:40:33Z"),
                OffsetDateTime.parse(firstAfter.getAttribute("startDate"), APPLE_DATE_FORMAT).toInstant());
        for (Element record : records) {
            String start = record.getAttribute("startDate");
            assertTrue(start.endsWith(start.startsWith("2024-10-25") ? "+0200" : "+0100"), start);
        }
    }

    @Test
    void restingHeartRateIsOneRecordANight() throws Exception {
        List<Element> records = records(parseValidating(exportXml(write("rhr", "healthxml", null, null))));
        List<JsonNode> nights = dayJsonObjects("rhr");

        assertEquals(nights.size(), records.size());
        for (int i = 0; i < records.size(); i++) {
            Element record = records.get(i);
            assertEquals("HKQuantityTypeIdentifierRestingHeartRate", record.getAttribute("type"));
            assertEquals("count/min", record.getAttribute("unit"));
            assertEquals(nights.get(i).get("heart_rate").asText(), record.getAttribute("value"));
            assertEquals(nights.get(i).get("date_readable").asText() + " "
                    + nights.get(i).get("timezone_offset").asText(), record.getAttribute("endDate"));
        }
    }

    // ---- the range, the settings, failures ----

    @Test
    void aRangeWithoutRawDataGivesAnEmptyButValidFile() throws Exception {
        HistoryExport.Summary csv = export.write(request("hrv", "csv", "2023-01-01", "2023-01-31"));
        Path json = write("hrv", "json", "2023-01-01", "2023-01-31");
        Path zip = write("hrv", "healthxml", "2023-01-01", "2023-01-31");

        assertEquals(0, csv.records());
        assertTrue(csv.line().startsWith("no hrv records in the raw archive"), csv.line());
        assertEquals(List.of(List.of("Date", "HRV (ms)", "UTC Offset", "Sleep ID", "Sleep Type")),
                readCsv(Files.readAllBytes(csv.request().out())));
        assertEquals(0, JSON.readTree(json.toFile()).size());
        Document xml = parseValidating(exportXml(zip));
        assertEquals(0, records(xml).size());
        assertEquals(1, xml.getElementsByTagName("ExportDate").getLength());
    }

    @Test
    void anEmptyArchiveWithoutDatesExportsNothing() throws Exception {
        HistoryExport empty = new HistoryExport(new RawArchive(workDir.resolve("no-data")), INCLUDED, EXPORT_TIME);

        HistoryExport.Summary summary = empty.write(request("rhr", "json", null, null));

        assertNull(summary.from());
        assertEquals(0, summary.records());
        assertEquals("[ ]", Files.readString(summary.request().out()));
    }

    @Test
    void onlyTheConfiguredSleepTypesAreExported() throws Exception {
        HistoryExport mainSleepOnly = new HistoryExport(new RawArchive(dataDir), Set.of("long_sleep"), EXPORT_TIME);

        HistoryExport.Summary summary = mainSleepOnly.write(request("hrv", "csv", null, null));

        List<List<String>> rows = readCsv(Files.readAllBytes(summary.request().out()));
        assertTrue(rows.size() - 1 < dayJsonObjects("hrv").size(), "the naps are left out");
        assertTrue(rows.subList(1, rows.size()).stream().allMatch(row -> row.get(4).equals("long_sleep")));
    }

    @Test
    void anUnreadableRawFileIsAFailureNamingItAndKeepsTheOldExport() throws Exception {
        Path out = workDir.resolve("export.csv");
        Files.writeString(out, "the previous export");
        Path broken = dataDir.resolve(DataPaths.rawSleep(LocalDate.parse("2024-10-20")));
        Files.writeString(broken, "{\"not\": \"an array\"");

        FileSystemException failure = assertThrows(FileSystemException.class,
                () -> export.write(new HistoryExport.Request(null, null, ExportMetric.HRV, ExportFormat.CSV, out)));

        assertEquals(broken.toString(), failure.getFile());
        assertTrue(failure.getMessage().contains("not a JSON array of sleep documents"), failure.getMessage());
        assertEquals("the previous export", Files.readString(out));
        try (Stream<Path> files = Files.list(workDir)) {
            assertEquals(List.of("data", "export.csv"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file left");
        }
    }

    @Test
    void aLongGeneratedHistoryIsExportedWholeAndInTimeOrder() throws Exception {
        Path generated = workDir.resolve("generated");
        LocalDate first = LocalDate.parse("2021-01-01");
        LocalDate last = LocalDate.parse("2023-12-31");
        RawArchiveFixture.write(generated, HistoryGenerator.nights(first, last, 7));
        RawArchive archive = new RawArchive(generated);
        HistoryExport history = new HistoryExport(archive, INCLUDED, EXPORT_TIME);

        HistoryExport.Summary summary = history.write(request("hrv", "csv", null, null));

        long expected = 0;
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            expected += archive.day(day).map(docs -> SleepTransforms.dayHrvSamples(docs, INCLUDED).size()).orElse(0);
        }
        List<List<String>> rows = readCsv(Files.readAllBytes(summary.request().out()));
        assertEquals(expected, rows.size() - 1);
        assertEquals(expected, summary.records());
        assertInTimeOrder(rows);
    }

    @Test
    void theArchivesDaysAreFoundByTheirNamesAlone() throws Exception {
        Files.writeString(dataDir.resolve("oura/sleep/2024/10/.2024-10-09.json.part"), "left by a killed run");
        Files.writeString(dataDir.resolve("oura/sleep/2024/notes.txt"), "not a day");
        Files.createDirectories(dataDir.resolve("oura/sleep/2025/01"));
        Files.writeString(dataDir.resolve("oura/sleep/2025/01/2024-11-05.json"), "[]");

        RawArchive archive = new RawArchive(dataDir);

        assertEquals(FIRST, archive.firstDay().orElseThrow());
        assertEquals(LAST, archive.lastDay().orElseThrow(), "a day in another month's folder is not that day's file");
        assertFalse(new RawArchive(workDir.resolve("missing")).firstDay().isPresent());
        assertEquals(2, archive.day(FIRST).orElseThrow().size());
        assertFalse(archive.day(LocalDate.parse("2024-10-26")).isPresent());
    }

    // ---- helpers ----

    private Path write(String metric, String format, String from, String to) throws IOException {
        return export.write(request(metric, format, from, to)).request().out();
    }

    private HistoryExport.Request request(String metric, String format, String from, String to) {
        return new HistoryExport.Request(from == null ? null : LocalDate.parse(from),
                to == null ? null : LocalDate.parse(to), ExportMetric.named(metric), ExportFormat.named(format),
                workDir.resolve("export-" + metric + "-" + from + "-" + to + "." + format));
    }

    private static String dayFile(String metric, String format, LocalDate day) {
        return switch (metric + "." + format) {
            case "hrv.csv" -> DataPaths.hrvCsv(day);
            case "hrv.json" -> DataPaths.hrvJson(day);
            case "rhr.csv" -> DataPaths.rhrCsv(day);
            case "rhr.json" -> DataPaths.rhrJson(day);
            default -> throw new IllegalArgumentException(metric + "." + format);
        };
    }

    /** Every object of the per-day JSON files of the recorded nights, day after day. */
    private static List<JsonNode> dayJsonObjects(String metric) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
            Path file = RawArchiveFixture.RECORDED.resolve(dayFile(metric, "json", day));
            if (Files.exists(file)) {
                OuraJson.mapper().readTree(file.toFile()).forEach(objects::add);
            }
        }
        return objects;
    }

    /** The CSV's rows (after the header) by the moment their wall clock and offset name. */
    private static void assertInTimeOrder(List<List<String>> rows) {
        List<Instant> times = rows.subList(1, rows.size()).stream()
                .map(row -> OffsetDateTime.parse(row.get(0) + " " + row.get(2), APPLE_DATE_FORMAT).toInstant())
                .toList();
        assertEquals(times.stream().sorted().toList(), times, "in time order");
    }

    static List<List<String>> readCsv(byte[] csv) throws IOException {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (MappingIterator<List<String>> rows = mapper.readerForListOf(String.class).readValues(csv)) {
            return rows.readAll();
        }
    }
}
