package dev.ourahrvsync.output;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** Where each day's files live in the data folder: {@code <series>/YYYY/MM/<day>...}. */
public final class DataPaths {

    private static final DateTimeFormatter MONTH_FOLDER = DateTimeFormatter.ofPattern("yyyy/MM");

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
        return dated("oura/sleep", day, ".json");
    }

    private static String dated(String series, LocalDate day, String suffix) {
        return series + "/" + MONTH_FOLDER.format(day) + "/" + day + suffix;
    }
}
