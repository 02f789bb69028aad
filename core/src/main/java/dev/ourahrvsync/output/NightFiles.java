package dev.ourahrvsync.output;

import dev.ourahrvsync.oura.SleepDay;
import dev.ourahrvsync.oura.SleepTypes;
import dev.ourahrvsync.sync.RunReport;
import dev.ourahrvsync.transform.HrvSample;
import dev.ourahrvsync.transform.Measurement;
import dev.ourahrvsync.transform.RestingHeartRate;
import dev.ourahrvsync.transform.Skipped;
import dev.ourahrvsync.transform.SleepStage;
import dev.ourahrvsync.transform.SleepTransforms;
import org.apache.camel.ExchangeProperty;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The files of one wake-up day, rebuilt whole from that day's documents, for each series in {@code sync.metrics}
 * (JSON and CSV each), plus the raw documents. A file with nothing to hold is listed as absent, so a day that lost
 * its samples loses its files; a series not chosen is left alone.
 */
public class NightFiles {

    private Set<String> sleepTypes = Set.of("long_sleep", "sleep", "late_nap");
    private Set<Metric> metrics = EnumSet.of(Metric.HRV, Metric.RHR);
    private HrvMode hrvMode = HrvMode.SAMPLES;

    /** The period types whose samples are written, comma separated. */
    public void setSleepTypes(String types) {
        this.sleepTypes = SleepTypes.parse(types, "sync.sleep-types");
    }

    public void setMetrics(String list) {
        this.metrics = Metric.parse(list, "sync.metrics");
    }

    public void setHrvMode(String mode) {
        this.hrvMode = HrvMode.of(mode);
    }

    public HrvMode getHrvMode() {
        return hrvMode;
    }

    public Set<String> getSleepTypes() {
        return sleepTypes;
    }

    public List<DataFile> files(SleepDay day, @ExchangeProperty(RunReport.PROPERTY) RunReport report) {
        LocalDate date = day.day();
        List<DataFile> files = new ArrayList<>();
        // values that cannot be true are left out and counted for the run's summary
        Skipped skipped = new Skipped();
        if (metrics.contains(Metric.HRV)) {
            List<HrvSample> hrv = hrvMode == HrvMode.NIGHTLY
                    ? SleepTransforms.dayNightlyHrv(day.documents(), sleepTypes, skipped)
                    : SleepTransforms.dayHrvSamples(day.documents(), sleepTypes, skipped);
            if (report != null) {
                report.samples(hrv.size());
            }
            files.add(file(DataPaths.hrvJson(date), hrv.isEmpty() ? null : HealthRecordFormats.hrvJson(hrv)));
            files.add(file(DataPaths.hrvCsv(date), hrv.isEmpty() ? null : HealthRecordFormats.hrvCsv(hrv)));
        }
        if (metrics.contains(Metric.RHR)) {
            Optional<RestingHeartRate> rhr = SleepTransforms.restingHeartRate(day.documents(), sleepTypes, skipped);
            files.add(file(DataPaths.rhrJson(date), rhr.map(HealthRecordFormats::rhrJson).orElse(null)));
            files.add(file(DataPaths.rhrCsv(date), rhr.map(HealthRecordFormats::rhrCsv).orElse(null)));
        }
        if (metrics.contains(Metric.RESPIRATORY_RATE)) {
            List<Measurement> breath = SleepTransforms.respiratoryRate(day.documents(), sleepTypes, skipped)
                    .stream().toList();
            addSeries(files, SeriesFormats.Series.RESPIRATORY_RATE,
                    DataPaths.series(Metric.RESPIRATORY_RATE.key(), date, "json"),
                    DataPaths.series(Metric.RESPIRATORY_RATE.key(), date, "csv"), breath);
        }
        if (metrics.contains(Metric.SLEEP_STAGES)) {
            List<SleepStage> stages = SleepTransforms.sleepStages(day.documents(), sleepTypes, skipped);
            files.add(file(DataPaths.sleepStages(date, "json"), stages.isEmpty() ? null
                    : SeriesFormats.stagesJson(stages)));
            files.add(file(DataPaths.sleepStages(date, "csv"), stages.isEmpty() ? null
                    : SeriesFormats.stagesCsv(stages)));
        }
        if (metrics.contains(Metric.SPO2) && day.spo2Read()) {
            List<Measurement> spo2 = SleepTransforms.spo2(day.spo2().orElse(null), day.documents(), sleepTypes,
                    skipped).stream().toList();
            addSeries(files, SeriesFormats.Series.SPO2, DataPaths.spo2(date, "json"), DataPaths.spo2(date, "csv"),
                    spo2);
            files.add(file(DataPaths.rawSpo2(date), day.spo2().map(HealthRecordFormats::rawDocument).orElse(null)));
        }
        files.add(file(DataPaths.rawSleep(date), day.isEmpty() ? null : HealthRecordFormats.rawDocuments(day.raw())));
        if (report != null) {
            report.valuesSkipped(skipped.count());
        }
        return files;
    }

    private static void addSeries(List<DataFile> files, SeriesFormats.Series series, String json, String csv,
                                  List<Measurement> values) {
        files.add(file(json, values.isEmpty() ? null : SeriesFormats.json(series, values)));
        files.add(file(csv, values.isEmpty() ? null : SeriesFormats.csv(series, values)));
    }

    private static DataFile file(String path, byte[] content) {
        return new DataFile(path, content);
    }
}
