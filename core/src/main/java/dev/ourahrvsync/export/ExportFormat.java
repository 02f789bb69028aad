package dev.ourahrvsync.export;

import dev.ourahrvsync.output.RecordWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Locale;

/** The file {@code --format} asks for. */
public enum ExportFormat {
    /** The per-day CSV's header once, then every row of the range. */
    CSV,
    /** One JSON array of the per-day JSON's objects. */
    JSON,
    /** A zip in the layout of Apple Health's own export. */
    HEALTHXML;

    /** The format {@code --format} names. */
    public static ExportFormat named(String name) {
        return Arrays.stream(values())
                .filter(format -> format.optionValue().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "--format must be csv, json or healthxml, not '" + name + "'"));
    }

    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A writer of this format for the metric's records over {@code out}. */
    <T> RecordWriter<T> open(ExportMetric<T> metric, OutputStream out, ZonedDateTime exportedAt) throws IOException {
        return switch (this) {
            case CSV -> metric.csvWriter(out);
            case JSON -> metric.jsonWriter(out);
            case HEALTHXML -> new AppleHealthZip(out, exportedAt).from(metric::appleHealthRecord);
        };
    }
}
