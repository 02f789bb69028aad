package dev.ourahrvsync.transform;

import dev.ourahrvsync.oura.Samples;
import dev.ourahrvsync.oura.SleepDocument;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SleepTransformsTest {

    private static final Set<String> DEFAULT_TYPES = Set.of("long_sleep", "sleep", "late_nap");
    private static final OffsetDateTime START = OffsetDateTime.parse("2024-10-27T01:30:00+02:00");

    @Test
    void sampleIIsAtTimestampPlusITimesIntervalAndNullOrNonPositiveSlotsStillCount() {
        SleepDocument night = night("a", "long_sleep", START, hrv(START, 40.0, null, 0.0, -3.0, 55.5), null, 60);

        List<HrvSample> samples = SleepTransforms.hrvSamples(night);

        assertEquals(2, samples.size());
        assertEquals(START, samples.get(0).time());
        assertEquals(40.0, samples.get(0).rmssd());
        assertEquals(START.plusMinutes(20), samples.get(1).time(), "the fifth slot is 4 × 300 s later");
        assertEquals(55.5, samples.get(1).rmssd());
        assertEquals("a", samples.get(1).sleepId());
    }

    @Test
    void aDocumentWithoutHrvHasNoSamples() {
        assertEquals(List.of(), SleepTransforms.hrvSamples(night("a", "sleep", START, null, null, 255)));
    }

    @Test
    void aDaysSamplesComeFromIncludedTypesOnlyInTimeOrder() {
        OffsetDateTime nap = OffsetDateTime.parse("2024-10-27T14:00:00+01:00");
        OffsetDateTime evening = OffsetDateTime.parse("2024-10-26T23:00:00+02:00");
        List<SleepDocument> day = List.of(
                night("nap", "sleep", nap, hrv(nap, 30.0), null, 70),
                night("rest", "rest", START, hrv(START, 99.0), null, 50),
                night("deleted", "deleted", START, hrv(START, 98.0), null, 50),
                night("main", "long_sleep", evening, hrv(evening, 41.0, 42.0), null, 55));

        List<HrvSample> samples = SleepTransforms.dayHrvSamples(day, DEFAULT_TYPES);

        assertEquals(List.of("main", "main", "nap"), samples.stream().map(HrvSample::sleepId).toList());
        assertEquals(List.of(41.0, 42.0, 30.0), samples.stream().map(HrvSample::rmssd).toList());
    }

    @Test
    void aDayWithTravelKeepsEachPeriodsOwnOffsetInTrueTimeOrder() {
        // slept in New York, flew overnight, napped in Berlin: one wake-up day, two offsets
        OffsetDateTime newYork = OffsetDateTime.parse("2024-06-02T23:30:00-04:00");
        OffsetDateTime berlin = OffsetDateTime.parse("2024-06-03T13:10:00+02:00");
        List<SleepDocument> day = List.of(
                night("nap-berlin", "sleep", berlin, hrv(berlin, 30.0), null, 60),
                night("night-ny", "long_sleep", newYork, hrv(newYork, 41.0, 42.0), null, 55));

        List<HrvSample> samples = SleepTransforms.dayHrvSamples(day, DEFAULT_TYPES);

        assertEquals(List.of("night-ny", "night-ny", "nap-berlin"), samples.stream().map(HrvSample::sleepId).toList());
        assertEquals(java.time.ZoneOffset.ofHours(-4), samples.get(0).time().getOffset());
        assertEquals("23:35", samples.get(1).time().toLocalTime().toString(), "New York wall clock");
        assertEquals(java.time.ZoneOffset.ofHours(2), samples.get(2).time().getOffset());
        assertEquals("13:10", samples.get(2).time().toLocalTime().toString(), "Berlin wall clock");
    }

    @Test
    void restingHeartRateIsTheLongestIncludedPeriodsLowestTimedAtTheLastEqualSample() {
        OffsetDateTime nap = OffsetDateTime.parse("2024-10-27T14:00:00+01:00");
        List<SleepDocument> day = List.of(
                shortNap("nap", nap, hr(nap, 62.0, 61.0), 61),
                night("main", "long_sleep", START, null, hr(START, 70.0, 58.0, 60.0, 58.0, 66.0), 58),
                night("rest", "rest", START.minusHours(12), null, hr(START, 40.0), 40));

        Optional<RestingHeartRate> rhr = SleepTransforms.restingHeartRate(day, DEFAULT_TYPES);

        assertTrue(rhr.isPresent());
        assertEquals(58, rhr.get().bpm());
        assertEquals("main", rhr.get().sleepId());
        assertEquals(START.plusMinutes(15), rhr.get().time(), "the last of the two 58s, slot 3");
    }

    @Test
    void restingHeartRate255OrNullMeansNone() {
        assertEquals(Optional.empty(), SleepTransforms.restingHeartRate(
                List.of(night("main", "long_sleep", START, null, hr(START, 60.0), 255)), DEFAULT_TYPES));
        assertEquals(Optional.empty(), SleepTransforms.restingHeartRate(
                List.of(night("main", "long_sleep", START, null, hr(START, 60.0), null)), DEFAULT_TYPES));
    }

    @Test
    void restingHeartRateWithoutAnEqualSampleIsTimedAtTheMidpoint() {
        SleepDocument night = night("main", "long_sleep", START, null, hr(START, 70.0, 71.0), 52);

        RestingHeartRate rhr = SleepTransforms.restingHeartRate(List.of(night), DEFAULT_TYPES).orElseThrow();

        assertEquals(START.plusHours(4), rhr.time(), "bedtime lasts 8 hours in these tests");
    }

    private static SleepDocument shortNap(String id, OffsetDateTime start, Samples heartRate, int lowest) {
        return new SleepDocument(id, LocalDate.of(2024, 10, 27), "sleep", start, start.plusMinutes(40), null, null,
                lowest, null, heartRate, null);
    }

    private static Samples hrv(OffsetDateTime start, Double... items) {
        return new Samples(300.0, Arrays.asList(items), start);
    }

    private static Samples hr(OffsetDateTime start, Double... items) {
        return new Samples(300.0, Arrays.asList(items), start);
    }

    private static SleepDocument night(String id, String type, OffsetDateTime start, Samples hrv, Samples heartRate,
                                       Integer lowest) {
        // the wake-up day: the day the 8 hours in bed end
        return new SleepDocument(id, start.plusHours(8).toLocalDate(), type, start, start.plusHours(8), null, null,
                lowest, hrv, heartRate, null);
    }
}
