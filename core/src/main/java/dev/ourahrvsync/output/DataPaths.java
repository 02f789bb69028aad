package dev.ourahrvsync.output;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Where each day's files live in the data folder: {@code <series>/YYYY/MM/<day>...}. */
public final class DataPaths {

    /** The raw archive: the sleep documents of each day as Oura sent them. */
    public static final String RAW_SLEEP = "oura/sleep";

    private static final DateTimeFormatter MONTH_FOLDER = DateTimeFormatter.ofPattern("uuuu/MM");

    private DataPaths() {
    }

    public static String hrvJson(LocalDate day) {
        return dated("hrv", day, "_sleep-hrv.json");
    }

    public static String hrvCsv(LocalDate day) {
        return dated("hrv", day, "_sleep-hrv.csv");
    }

    public static String rhrJson(LocalDate day) {
        return dated("rhr", day, "_sleep-rhr.json");
    }

    public static String rhrCsv(LocalDate day) {
        return dated("rhr", day, "_sleep-rhr.csv");
    }

    public static String series(String series, LocalDate day, String extension) {
        return dated(series, day, "_sleep-" + series + "." + extension);
    }

    public static String sleepStages(LocalDate day, String extension) {
        return dated("sleep-stages", day, "_sleep-stages." + extension);
    }

    public static String spo2(LocalDate day, String extension) {
        return dated("spo2", day, "_spo2." + extension);
    }

    /** The newest day's HRV, for daily automations. */
    public static String latestHrv(String extension) {
        return "hrv/latest." + extension;
    }

    public static String rawSpo2(LocalDate day) {
        return dated("oura/daily_spo2", day, ".json");
    }

    public static String rawSleep(LocalDate day) {
        return dated(RAW_SLEEP, day, ".json");
    }

    /** The day whose raw file is at {@code path} (relative, {@code /} separators), or empty for any other file. */
    public static Optional<LocalDate> rawSleepDay(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (!name.endsWith(".json")) {
            return Optional.empty();
        }
        try {
            LocalDate day = LocalDate.parse(name.substring(0, name.length() - ".json".length()));
            return rawSleep(day).equals(path) ? Optional.of(day) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String dated(String series, LocalDate day, String suffix) {
        return series + "/" + MONTH_FOLDER.format(day) + "/" + day + suffix;
    }
}
