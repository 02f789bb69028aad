package dev.ourahrvsync.export;

import dev.ourahrvsync.oura.SleepDocument;
import dev.ourahrvsync.output.HealthRecordFormats;
import dev.ourahrvsync.output.HrvMode;
import dev.ourahrvsync.output.RecordWriter;
import dev.ourahrvsync.transform.HrvSample;
import dev.ourahrvsync.transform.RestingHeartRate;
import dev.ourahrvsync.transform.SleepTransforms;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A series the export can write ({@code --metric}): the records a day's documents give, as the sync computes them,
 * and the writers of the per-day formats for them.
 *
 * @param <T> the record: {@link HrvSample} or {@link RestingHeartRate}
 */
public final class ExportMetric<T> {

    /** Opens a writer over the export's output. */
    @FunctionalInterface
    interface Opener<T> {
        RecordWriter<T> open(OutputStream out) throws IOException;
    }

    public static final ExportMetric<HrvSample> HRV = new ExportMetric<>("hrv", SleepTransforms::dayHrvSamples,
            HealthRecordFormats::hrvCsvWriter, HealthRecordFormats::hrvJsonWriter, AppleHealthRecord::of);

    /** HRV in {@code sync.hrv-mode=nightly}: one value per period, as the sync writes it. */
    public static final ExportMetric<HrvSample> HRV_NIGHTLY = new ExportMetric<>("hrv",
            SleepTransforms::dayNightlyHrv, HealthRecordFormats::hrvCsvWriter, HealthRecordFormats::hrvJsonWriter,
            AppleHealthRecord::of);

    public static final ExportMetric<RestingHeartRate> RHR = new ExportMetric<>("rhr",
            (day, types) -> SleepTransforms.restingHeartRate(day, types).stream().toList(),
            HealthRecordFormats::rhrCsvWriter, HealthRecordFormats::rhrJsonWriter, AppleHealthRecord::of);

    private static final Map<String, ExportMetric<?>> BY_NAME = Map.of(HRV.name, HRV, RHR.name, RHR);

    private final String name;
    private final BiFunction<Collection<SleepDocument>, Set<String>, List<T>> records;
    private final Opener<T> csv;
    private final Opener<T> json;
    private final Function<T, AppleHealthRecord> appleHealth;

    private ExportMetric(String name, BiFunction<Collection<SleepDocument>, Set<String>, List<T>> records,
                         Opener<T> csv, Opener<T> json, Function<T, AppleHealthRecord> appleHealth) {
        this.name = name;
        this.records = records;
        this.csv = csv;
        this.json = json;
        this.appleHealth = appleHealth;
    }

    /** The metric {@code --metric} names. */
    public static ExportMetric<?> named(String name) {
        ExportMetric<?> metric = BY_NAME.get(name);
        if (metric == null) {
            throw new IllegalArgumentException("--metric must be hrv or rhr, not '" + name + "'");
        }
        return metric;
    }

    /** This metric as the data folder's HRV mode computes it: an export never mixes modes either. */
    public ExportMetric<?> inMode(HrvMode mode) {
        return this == HRV && mode == HrvMode.NIGHTLY ? HRV_NIGHTLY : this;
    }

    public String name() {
        return name;
    }

    /** The day's records from its included periods, in time order. */
    List<T> records(Collection<SleepDocument> day, Set<String> sleepTypes) {
        return records.apply(day, sleepTypes);
    }

    RecordWriter<T> csvWriter(OutputStream out) throws IOException {
        return csv.open(out);
    }

    RecordWriter<T> jsonWriter(OutputStream out) throws IOException {
        return json.open(out);
    }

    AppleHealthRecord appleHealthRecord(T record) {
        return appleHealth.apply(record);
    }
}
