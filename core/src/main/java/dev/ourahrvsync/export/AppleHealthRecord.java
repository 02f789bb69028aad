package dev.ourahrvsync.export;

import dev.ourahrvsync.output.LocalTimes;
import dev.ourahrvsync.transform.HrvSample;
import dev.ourahrvsync.transform.RestingHeartRate;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One {@code Record} of Apple Health's export: the HealthKit type, the unit, when, the value, and metadata. Our
 * records are single measurements, so start, end and creation are the moment of the measurement (the same export
 * twice gives the same records).
 */
record AppleHealthRecord(String type, String unit, OffsetDateTime time, Number value, List<Metadata> metadata) {

    static final String HRV_TYPE = "HKQuantityTypeIdentifierHeartRateVariabilitySDNN";
    static final String RESTING_HEART_RATE_TYPE = "HKQuantityTypeIdentifierRestingHeartRate";
    /** Our own keys: the HK prefix is HealthKit's. */
    static final String MEASUREMENT_KEY = "measurement";
    static final String SLEEP_ID_KEY = "oura_sleep_id";
    static final String SLEEP_TYPE_KEY = "oura_sleep_type";

    /** A {@code MetadataEntry}. */
    record Metadata(String key, String value) {
    }

    /** Apple's HRV type is defined as SDNN; Oura measures rMSSD, so every record says which it holds. */
    static AppleHealthRecord of(HrvSample sample) {
        return new AppleHealthRecord(HRV_TYPE, "ms", sample.time(), LocalTimes.number(sample.rmssd()), List.of(
                new Metadata(MEASUREMENT_KEY, "rMSSD (Oura Ring), not SDNN"),
                new Metadata(SLEEP_ID_KEY, sample.sleepId()),
                new Metadata(SLEEP_TYPE_KEY, sample.sleepType())));
    }

    /** Apple Watch's resting heart rate is taken at rest during the day; Oura's is the lowest while asleep. */
    static AppleHealthRecord of(RestingHeartRate rhr) {
        return new AppleHealthRecord(RESTING_HEART_RATE_TYPE, "count/min", rhr.time(), rhr.bpm(), List.of(
                new Metadata(MEASUREMENT_KEY, "lowest 5-minute average while asleep (Oura Ring)"),
                new Metadata(SLEEP_ID_KEY, rhr.sleepId()),
                new Metadata(SLEEP_TYPE_KEY, rhr.sleepType())));
    }
}
