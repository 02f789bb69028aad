package dev.ourahrvsync.oura;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One sleep period from {@code GET /v2/usercollection/sleep}: only the fields this tool reads. Fields Oura adds
 * later are ignored.
 *
 * @param day the day the period belongs to: the wake-up day (periods starting after 18:00 count for the next day)
 * @param type {@code long_sleep}, {@code sleep}, {@code late_nap}, {@code rest} or {@code deleted}
 * @param lowestHeartRate beats per minute; {@value #NO_HEART_RATE} means the ring had no data
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SleepDocument(
        String id,
        LocalDate day,
        String type,
        @JsonProperty("bedtime_start") OffsetDateTime bedtimeStart,
        @JsonProperty("bedtime_end") OffsetDateTime bedtimeEnd,
        @JsonProperty("average_hrv") Double averageHrv,
        @JsonProperty("average_breath") Double averageBreath,
        @JsonProperty("lowest_heart_rate") Integer lowestHeartRate,
        Samples hrv,
        @JsonProperty("heart_rate") Samples heartRate,
        @JsonProperty("sleep_phase_5_min") String sleepPhase5Min) {

    /** Oura's sentinel for "no lowest heart rate measured". */
    public static final int NO_HEART_RATE = 255;

    public Duration timeInBed() {
        if (bedtimeStart == null || bedtimeEnd == null) {
            return Duration.ZERO;
        }
        return Duration.between(bedtimeStart, bedtimeEnd);
    }
}
