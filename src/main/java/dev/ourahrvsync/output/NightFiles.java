package dev.ourahrvsync.output;

import dev.ourahrvsync.oura.SleepDay;
import dev.ourahrvsync.sync.RunReport;
import dev.ourahrvsync.transform.HrvSample;
import dev.ourahrvsync.transform.RestingHeartRate;
import dev.ourahrvsync.transform.SleepTransforms;

import org.apache.camel.ExchangeProperty;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The files of one wake-up day, rebuilt whole from that day's documents: HRV JSON and CSV, resting heart rate JSON
 * and CSV, and the raw documents. A file with nothing to hold is listed as absent, so a day that lost its samples
 * loses its files.
 */
public class NightFiles {

    private Set<String> sleepTypes = Set.of("long_sleep", "sleep", "late_nap");

    /** The period types whose samples are written, comma separated. */
    public void setSleepTypes(String types) {
        Set<String> parsed = Arrays.stream(types.split(","))
                .map(String::trim)
                .filter(type -> !type.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("sync.sleep-types names no sleep type");
        }
        this.sleepTypes = Set.copyOf(parsed);
    }

    public Set<String> getSleepTypes() {
        return sleepTypes;
    }

    public List<DataFile> files(SleepDay day, @ExchangeProperty(RunReport.PROPERTY) RunReport report) {
        LocalDate date = day.day();
        List<HrvSample> hrv = SleepTransforms.dayHrvSamples(day.documents(), sleepTypes);
        if (report != null) {
            report.samples(hrv.size());
        }
        Optional<RestingHeartRate> rhr = SleepTransforms.restingHeartRate(day.documents(), sleepTypes);
        return List.of(
                file(DataPaths.hrvJson(date), hrv.isEmpty() ? null : HealthRecordFormats.hrvJson(hrv)),
                file(DataPaths.hrvCsv(date), hrv.isEmpty() ? null : HealthRecordFormats.hrvCsv(hrv)),
                file(DataPaths.rhrJson(date), rhr.map(HealthRecordFormats::rhrJson).orElse(null)),
                file(DataPaths.rhrCsv(date), rhr.map(HealthRecordFormats::rhrCsv).orElse(null)),
                file(DataPaths.rawSleep(date), day.isEmpty() ? null : HealthRecordFormats.rawDocuments(day.raw())));
    }

    private static DataFile file(String path, byte[] content) {
        return new DataFile(path, content);
    }
}
