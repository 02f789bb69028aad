package dev.ourahrvsync.oura;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A series of evenly spaced measurements, as Oura sends {@code hrv} and {@code heart_rate}: item i was measured at
 * {@code timestamp + i × interval} seconds; an item can be null (the slot still counts).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Samples(double interval, List<Double> items, OffsetDateTime timestamp) {

    public List<Double> items() {
        return items == null ? List.of() : items;
    }

    /**
     * When item {@code index} was measured, in the ring's UTC offset. For an interval of at most an hour and at most
     * a few thousand items (SleepTransforms checks both first), so the sum cannot overflow.
     */
    public OffsetDateTime timeOf(int index) {
        long millis = Math.round(index * interval * 1000.0);
        return timestamp.plusNanos(millis * 1_000_000L);
    }
}
