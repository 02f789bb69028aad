package dev.ourahrvsync.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code hrv/latest.json} and {@code hrv/latest.csv}: copies of the newest day that has HRV, so that a daily
 * Shortcut fetches one fixed address. Found from the newest folders down, so a ten-year folder costs a few
 * directory listings, not a walk.
 */
public class LatestPointers {

    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern MONTH = Pattern.compile("\\d{2}");
    private static final Pattern DAY_FILE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})_sleep-hrv\\.json");

    private Path root = Path.of("data");
    private boolean enabled = true;

    public void setDataDir(String dataDir) {
        this.root = Path.of(dataDir);
    }

    public void setMetrics(String list) {
        this.enabled = Metric.parse(list, "sync.metrics").contains(Metric.HRV);
    }

    /** The two pointer files as they should now be (absent when no day has HRV); none when HRV is not written. */
    public List<DataFile> files() throws IOException {
        if (!enabled) {
            return List.of();
        }
        Optional<LocalDate> newest = newestHrvDay();
        if (newest.isEmpty()) {
            return List.of(DataFile.absent(DataPaths.latestHrv("json")), DataFile.absent(DataPaths.latestHrv("csv")));
        }
        return List.of(
                new DataFile(DataPaths.latestHrv("json"), Files.readAllBytes(root.resolve(
                        DataPaths.hrvJson(newest.get())))),
                new DataFile(DataPaths.latestHrv("csv"), Files.readAllBytes(root.resolve(
                        DataPaths.hrvCsv(newest.get())))));
    }

    Optional<LocalDate> newestHrvDay() throws IOException {
        for (Path year : newestFirst(root.resolve("hrv"), YEAR)) {
            for (Path month : newestFirst(year, MONTH)) {
                for (Path file : newestFirst(month, DAY_FILE)) {
                    Matcher day = DAY_FILE.matcher(file.getFileName().toString());
                    if (day.matches()) {
                        return Optional.of(LocalDate.parse(day.group(1)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static List<Path> newestFirst(Path folder, Pattern names) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(entry -> names.matcher(entry.getFileName().toString()).matches())
                    .sorted(Comparator.comparing((Path entry) -> entry.getFileName().toString()).reversed())
                    .toList();
        }
    }
}
