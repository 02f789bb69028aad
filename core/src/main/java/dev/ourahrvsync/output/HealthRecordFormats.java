package dev.ourahrvsync.output;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.ourahrvsync.transform.HrvSample;
import dev.ourahrvsync.transform.RestingHeartRate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The bytes of each output format. JSON keeps the field names existing iOS Shortcuts read; CSV is RFC 4180 with a
 * header row and the local wall-clock time first, as Apple Health importer apps expect.
 */
public final class HealthRecordFormats {

    static final String HRV_SOURCE = "oura_ring_rmssd";
    static final String RHR_SOURCE = "oura_ring";

    /** Indented JSON, the same for every file. */
    static final ObjectWriter JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build()
            .writer();
    // quote a field only where RFC 4180 needs it
    static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();
    private static final ObjectWriter HRV_CSV = csvWriter(HrvCsvRow.class);
    private static final ObjectWriter RHR_CSV = csvWriter(RhrCsvRow.class);

    private HealthRecordFormats() {
    }

    public static byte[] hrvJson(List<HrvSample> samples) {
        return json(samples.stream().map(HrvJsonRecord::of).toList());
    }

    public static byte[] hrvCsv(List<HrvSample> samples) {
        return csv(HRV_CSV, samples.stream().map(HrvCsvRow::of).toList());
    }

    public static byte[] rhrJson(RestingHeartRate rhr) {
        return json(List.of(RhrJsonRecord.of(rhr)));
    }

    public static byte[] rhrCsv(RestingHeartRate rhr) {
        return csv(RHR_CSV, List.of(RhrCsvRow.of(rhr)));
    }

    /** One document exactly as the API sent it. */
    public static byte[] rawDocument(JsonNode document) {
        return json(document);
    }

    /** HRV samples as one JSON array, streamed: the same bytes as {@link #hrvJson} for the same samples. */
    public static RecordWriter<HrvSample> hrvJsonWriter(OutputStream out) throws IOException {
        return sequence(JSON.writeValuesAsArray(out)).from(HrvJsonRecord::of);
    }

    /** HRV samples as CSV, streamed: the header, then a row each, as {@link #hrvCsv} writes them. */
    public static RecordWriter<HrvSample> hrvCsvWriter(OutputStream out) throws IOException {
        return sequence(HRV_CSV.writeValues(out)).from(HrvCsvRow::of);
    }

    /** Resting heart rates as one JSON array, streamed, each as in {@link #rhrJson}. */
    public static RecordWriter<RestingHeartRate> rhrJsonWriter(OutputStream out) throws IOException {
        return sequence(JSON.writeValuesAsArray(out)).from(RhrJsonRecord::of);
    }

    /** Resting heart rates as CSV, streamed: the header, then a row each, as in {@link #rhrCsv}. */
    public static RecordWriter<RestingHeartRate> rhrCsvWriter(OutputStream out) throws IOException {
        return sequence(RHR_CSV.writeValues(out)).from(RhrCsvRow::of);
    }

    /** The documents exactly as the API sent them, as one JSON array. */
    public static byte[] rawDocuments(List<JsonNode> documents) {
        return json(documents);
    }

    private static ObjectWriter csvWriter(Class<?> row) {
        CsvSchema schema = CSV.schemaFor(row).withHeader().withLineSeparator("\r\n");
        return CSV.writer(schema);
    }

    private static RecordWriter<Object> sequence(SequenceWriter writer) {
        return new RecordWriter<>() {
            @Override
            public void write(Object row) throws IOException {
                writer.write(row);
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] csv(ObjectWriter writer, List<?> rows) {
        try {
            return writer.writeValueAsBytes(rows);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fields of the Shortcut feed, shared by every series. */
    private record Stamp(long date, String readable, String timezone, String offset, String iso) {
        static Stamp of(OffsetDateTime time) {
            return new Stamp(time.toEpochSecond(), LocalTimes.wallClock(time), LocalTimes.timezone(time.getOffset()),
                    LocalTimes.compactOffset(time.getOffset()), LocalTimes.iso(time));
        }
    }

    @JsonPropertyOrder({"date", "date_readable", "timezone", "timezone_offset", "hrv", "unit", "source",
            "measurement_type", "timestamp", "sleep_id", "sleep_type"})
    record HrvJsonRecord(
            long date,
            @JsonProperty("date_readable") String dateReadable,
            String timezone,
            @JsonProperty("timezone_offset") String timezoneOffset,
            Number hrv,
            String unit,
            String source,
            @JsonProperty("measurement_type") String measurementType,
            String timestamp,
            @JsonProperty("sleep_id") String sleepId,
            @JsonProperty("sleep_type") String sleepType) {

        static HrvJsonRecord of(HrvSample sample) {
            Stamp stamp = Stamp.of(sample.time());
            return new HrvJsonRecord(stamp.date(), stamp.readable(), stamp.timezone(), stamp.offset(),
                    LocalTimes.number(sample.rmssd()), "ms", HRV_SOURCE, "rMSSD", stamp.iso(), sample.sleepId(),
                    sample.sleepType());
        }
    }

    @JsonPropertyOrder({"date", "date_readable", "timezone", "timezone_offset", "heart_rate", "unit", "source",
            "measurement_type", "timestamp", "sleep_id", "sleep_type"})
    record RhrJsonRecord(
            long date,
            @JsonProperty("date_readable") String dateReadable,
            String timezone,
            @JsonProperty("timezone_offset") String timezoneOffset,
            @JsonProperty("heart_rate") int heartRate,
            String unit,
            String source,
            @JsonProperty("measurement_type") String measurementType,
            String timestamp,
            @JsonProperty("sleep_id") String sleepId,
            @JsonProperty("sleep_type") String sleepType) {

        static RhrJsonRecord of(RestingHeartRate rhr) {
            Stamp stamp = Stamp.of(rhr.time());
            return new RhrJsonRecord(stamp.date(), stamp.readable(), stamp.timezone(), stamp.offset(), rhr.bpm(),
                    "count/min", RHR_SOURCE, "resting_heart_rate", stamp.iso(), rhr.sleepId(), rhr.sleepType());
        }
    }

    @JsonPropertyOrder({"Date", "HRV (ms)", "UTC Offset", "Sleep ID", "Sleep Type"})
    record HrvCsvRow(
            @JsonProperty("Date") String date,
            @JsonProperty("HRV (ms)") Number hrv,
            @JsonProperty("UTC Offset") String offset,
            @JsonProperty("Sleep ID") String sleepId,
            @JsonProperty("Sleep Type") String sleepType) {

        static HrvCsvRow of(HrvSample sample) {
            return new HrvCsvRow(LocalTimes.wallClock(sample.time()), LocalTimes.number(sample.rmssd()),
                    LocalTimes.compactOffset(sample.time().getOffset()), sample.sleepId(), sample.sleepType());
        }
    }

    @JsonPropertyOrder({"Date", "Resting Heart Rate (count/min)", "UTC Offset", "Sleep ID", "Sleep Type"})
    record RhrCsvRow(
            @JsonProperty("Date") String date,
            @JsonProperty("Resting Heart Rate (count/min)") int bpm,
            @JsonProperty("UTC Offset") String offset,
            @JsonProperty("Sleep ID") String sleepId,
            @JsonProperty("Sleep Type") String sleepType) {

        static RhrCsvRow of(RestingHeartRate rhr) {
            return new RhrCsvRow(LocalTimes.wallClock(rhr.time()), rhr.bpm(),
                    LocalTimes.compactOffset(rhr.time().getOffset()), rhr.sleepId(), rhr.sleepType());
        }
    }
}
