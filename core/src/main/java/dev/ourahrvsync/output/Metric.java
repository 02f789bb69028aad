package dev.ourahrvsync.output;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** The series a sync writes, chosen by {@code sync.metrics}. */
public enum Metric {
    HRV("hrv"),
    RHR("rhr"),
    RESPIRATORY_RATE("respiratory-rate"),
    SPO2("spo2"),
    SLEEP_STAGES("sleep-stages");

    private final String key;

    Metric(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Metric of(String key, String setting) {
        return Arrays.stream(values()).filter(metric -> metric.key.equals(key.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(setting + ": unknown series '" + key.trim()
                        + "' (known: " + Arrays.stream(values()).map(Metric::key).collect(Collectors.joining(", "))
                        + ")"));
    }

    /** A comma-separated list of series. */
    public static Set<Metric> parse(String list, String setting) {
        Set<Metric> metrics = EnumSet.noneOf(Metric.class);
        for (String key : list.split(",")) {
            if (!key.isBlank()) {
                metrics.add(of(key, setting));
            }
        }
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException(setting + " names no series (known: " + Arrays.stream(values())
                    .map(Metric::key).collect(Collectors.joining(", ")) + ")");
        }
        return metrics;
    }
}
