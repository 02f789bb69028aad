package dev.ourahrvsync.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.ourahrvsync.transform.Measurement;
import dev.ourahrvsync.transform.SleepStage;

import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The opt-in series beside HRV and resting heart rate (respiratory rate, blood oxygen, sleep stages), in the same
 * shape as the HRV files: JSON objects with the Shortcut fields, and CSV with the local wall-clock time first.
 */
public final class SeriesFormats {

    /** A nightly value series: its JSON field, unit and CSV column. */
    public enum Series {
        RESPIRATORY_RATE("respiratory_rate", "count/min", "Respiratory Rate (count/min)"),
        SPO2("spo2", "%", "Oxygen Saturation (%)");

        private final String field;
        private final String unit;
        private final String column;

        Series(String field, String unit, String column) {
            this.field = field;
            this.unit = unit;
            this.column = column;
        }
    }

    private static final String SOURCE = "oura_ring";
    private static final ObjectWriter JSON = HealthRecordFormats.JSON;
    private static final CsvMapper CSV = HealthRecordFormats.CSV;

    private SeriesFormats() {
    }

    public static byte[] json(Series series, List<Measurement> values) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Measurement value : values) {
            Map<String, Object> record = stamp(value.time());
            record.put(series.field, LocalTimes.number(value.value()));
            record.put("unit", series.unit);
            record.put("source", SOURCE);
            record.put("measurement_type", series.field);
            record.put("timestamp", LocalTimes.iso(value.time()));
            record.put("sleep_id", value.sleepId());
            record.put("sleep_type", value.sleepType());
            records.add(record);
        }
        return json(records);
    }

    public static byte[] csv(Series series, List<Measurement> values) {
        List<List<Object>> rows = new ArrayList<>();
        for (Measurement value : values) {
            rows.add(List.of(LocalTimes.wallClock(value.time()), LocalTimes.number(value.value()),
                    LocalTimes.compactOffset(value.time().getOffset()), value.sleepId(), value.sleepType()));
        }
        return csv(List.of("Date", series.column, "UTC Offset", "Sleep ID", "Sleep Type"), rows);
    }

    public static byte[] stagesJson(List<SleepStage> stages) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (SleepStage stage : stages) {
            Map<String, Object> record = stamp(stage.start());
            record.put("end_date", stage.end().toEpochSecond());
            record.put("end_date_readable", LocalTimes.wallClock(stage.end()));
            record.put("stage", stage.stage().label());
            record.put("apple_health_value", appleHealthValue(stage.stage()));
            record.put("duration_minutes", java.time.Duration.between(stage.start(), stage.end()).toMinutes());
            record.put("source", SOURCE);
            record.put("start", LocalTimes.iso(stage.start()));
            record.put("end", LocalTimes.iso(stage.end()));
            record.put("sleep_id", stage.sleepId());
            record.put("sleep_type", stage.sleepType());
            records.add(record);
        }
        return json(records);
    }

    public static byte[] stagesCsv(List<SleepStage> stages) {
        List<List<Object>> rows = new ArrayList<>();
        for (SleepStage stage : stages) {
            rows.add(List.of(LocalTimes.wallClock(stage.start()), LocalTimes.wallClock(stage.end()),
                    appleHealthValue(stage.stage()), stage.stage().label(),
                    LocalTimes.compactOffset(stage.start().getOffset()), stage.sleepId(), stage.sleepType()));
        }
        return csv(List.of("Start", "End", "Value", "Stage", "UTC Offset", "Sleep ID", "Sleep Type"), rows);
    }

    /** Apple Health's names for its sleep analysis values; Oura's light sleep is Apple's core sleep. */
    static String appleHealthValue(SleepStage.Stage stage) {
        return switch (stage) {
            case DEEP -> "Asleep Deep";
            case LIGHT -> "Asleep Core";
            case REM -> "Asleep REM";
            case AWAKE -> "Awake";
        };
    }

    private static Map<String, Object> stamp(OffsetDateTime time) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("date", time.toEpochSecond());
        record.put("date_readable", LocalTimes.wallClock(time));
        record.put("timezone", LocalTimes.timezone(time.getOffset()));
        record.put("timezone_offset", LocalTimes.compactOffset(time.getOffset()));
        return record;
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] csv(List<String> columns, List<List<Object>> rows) {
        CsvSchema.Builder schema = CsvSchema.builder();
        columns.forEach(schema::addColumn);
        try {
            return CSV.writer(schema.build().withHeader().withLineSeparator("\r\n")).writeValueAsBytes(rows);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
