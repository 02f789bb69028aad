package dev.ourahrvsync.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ourahrvsync.oura.Samples;
import dev.ourahrvsync.oura.SleepDocument;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertAll;
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

    // ---- values that cannot be true: skipped, counted, never written ----

    @Test
    void impossibleHrvValuesAreSkippedAndCountedButGapsAreNot() {
        SleepDocument night = night("a", "long_sleep", START, hrv(START, 40.0, null, Double.POSITIVE_INFINITY,
                Double.NaN, Double.NEGATIVE_INFINITY, -5.0, 0.0, 0.5, 1e9, 500.5, 500.0, 1.0, 1e300), null, 60);
        Skipped skipped = new Skipped();

        List<HrvSample> samples = SleepTransforms.hrvSamples(night, skipped);

        assertEquals(List.of(40.0, 500.0, 1.0), samples.stream().map(HrvSample::rmssd).toList());
        assertEquals(List.of(START, START.plusMinutes(50), START.plusMinutes(55)),
                samples.stream().map(HrvSample::time).toList(), "the slots still count");
        assertEquals(9, skipped.count(), "the null is a gap, not a value");
    }

    @Test
    void aSeriesWithAnImpossibleIntervalIsSkippedWholeWithoutOverflow() {
        for (double interval : new double[] {1e12, 1e300, 0.0, -300.0, Double.NaN, Double.POSITIVE_INFINITY,
                0.5, 3601.0}) {
            SleepDocument night = night("a", "long_sleep", START,
                    new Samples(interval, Arrays.asList(40.0, 41.0, null, 42.0), START), null, 60);
            Skipped skipped = new Skipped();

            assertEquals(List.of(), SleepTransforms.hrvSamples(night, skipped), "interval " + interval);
            assertEquals(3, skipped.count(), "interval " + interval);
        }
        SleepDocument hourly = night("a", "long_sleep", START, new Samples(3600.0, List.of(40.0, 41.0), START), null,
                60);
        assertEquals(2, SleepTransforms.hrvSamples(hourly).size(), "an hour is still an interval");
    }

    @Test
    void samplesOutsideThePeriodGiveOrTakeOneIntervalAreSkipped() {
        // bedtime is START..START+8h; the series starts two slots early and runs one slot past the end and beyond
        OffsetDateTime early = START.minusMinutes(10);
        Double[] items = new Double[8 * 12 + 5];
        Arrays.fill(items, 50.0);
        SleepDocument night = night("a", "long_sleep", START, hrv(early, items), null, 60);
        Skipped skipped = new Skipped();

        List<HrvSample> samples = SleepTransforms.hrvSamples(night, skipped);

        assertEquals(START.minusMinutes(5), samples.get(0).time(), "one interval early still counts");
        assertEquals(START.plusHours(8).plusMinutes(5), samples.get(samples.size() - 1).time(),
                "one interval late still counts");
        assertEquals(2, skipped.count(), "the first slot and the last one");
    }

    @Test
    void aSeriesTimedYearsAwayFromItsPeriodIsSkippedWithoutOverflow() {
        OffsetDateTime far = OffsetDateTime.parse("+999999999-12-31T23:00:00+00:00");
        SleepDocument night = night("a", "long_sleep", START, hrv(far, 40.0, 41.0), null, 60);
        Skipped skipped = new Skipped();

        assertEquals(List.of(), SleepTransforms.hrvSamples(night, skipped));
        assertEquals(2, skipped.count());
    }

    @Test
    void aSeriesLongerThanTheCapIsSkippedWhole() {
        Double[] items = new Double[SleepTransforms.MAX_ITEMS_PER_SERIES + 1];
        Arrays.fill(items, 50.0);
        Skipped skipped = new Skipped();

        assertEquals(List.of(), SleepTransforms.hrvSamples(night("a", "long_sleep", START, hrv(START, items), null,
                60), skipped));
        assertEquals(items.length, skipped.count());
    }

    @Test
    void aPeriodThatCannotBeTrueGivesNothingTimed() {
        OffsetDateTime start = START;
        List<SleepDocument> implausible = List.of(
                // ends before it starts
                new SleepDocument("a", start.toLocalDate(), "long_sleep", start, start.minusHours(1), 40.0, 15.0, 60,
                        hrv(start, 40.0), null, "1122"),
                // lasts two days
                new SleepDocument("b", start.toLocalDate(), "long_sleep", start, start.plusDays(2), 40.0, 15.0, 60,
                        hrv(start, 40.0), null, "1122"),
                // years away from its day
                new SleepDocument("c", LocalDate.of(2024, 10, 27), "long_sleep", start.plusYears(123),
                        start.plusYears(123).plusHours(8), 40.0, 15.0, 60, hrv(start.plusYears(123), 40.0), null,
                        "1122"));
        for (SleepDocument night : implausible) {
            Skipped skipped = new Skipped();
            assertAll(night.id(),
                    () -> assertEquals(List.of(), SleepTransforms.dayHrvSamples(List.of(night), DEFAULT_TYPES, skipped)),
                    () -> assertEquals(List.of(), SleepTransforms.dayNightlyHrv(List.of(night), DEFAULT_TYPES, skipped)),
                    () -> assertEquals(Optional.empty(), SleepTransforms.restingHeartRate(List.of(night), DEFAULT_TYPES,
                            skipped)),
                    () -> assertEquals(Optional.empty(), SleepTransforms.respiratoryRate(List.of(night), DEFAULT_TYPES,
                            skipped)),
                    () -> assertEquals(List.of(), SleepTransforms.sleepStages(List.of(night), DEFAULT_TYPES, skipped)),
                    () -> assertEquals(1 + 1 + 4, skipped.count(), "HRV sample, nightly HRV, four stage slots"));
        }
    }

    @Test
    void nightlyValuesOutsideTheirBoundsAreSkippedAndCounted() {
        SleepDocument night = new SleepDocument("a", LocalDate.of(2024, 10, 27), "long_sleep", START,
                START.plusHours(8), 600.0, 3.5, 251, null, null, null);
        Skipped skipped = new Skipped();

        assertEquals(List.of(), SleepTransforms.dayNightlyHrv(List.of(night), DEFAULT_TYPES, skipped));
        assertEquals(Optional.empty(), SleepTransforms.respiratoryRate(List.of(night), DEFAULT_TYPES, skipped));
        assertEquals(Optional.empty(), SleepTransforms.restingHeartRate(List.of(night), DEFAULT_TYPES, skipped));
        assertEquals(3, skipped.count());

        SleepDocument bounds = new SleepDocument("b", LocalDate.of(2024, 10, 27), "long_sleep", START,
                START.plusHours(8), 500.0, 60.0, 20, null, null, null);
        assertEquals(1, SleepTransforms.dayNightlyHrv(List.of(bounds), DEFAULT_TYPES).size());
        assertEquals(60.0, SleepTransforms.respiratoryRate(List.of(bounds), DEFAULT_TYPES).orElseThrow().value());
        assertEquals(20, SleepTransforms.restingHeartRate(List.of(bounds), DEFAULT_TYPES).orElseThrow().bpm());
    }

    @Test
    void bloodOxygenOutsideFiftyToAHundredPerCentIsSkippedAndCounted() {
        List<SleepDocument> day = List.of(night("main", "long_sleep", START, null, null, 60));
        Skipped skipped = new Skipped();

        for (String average : List.of("49.9", "100.1", "\"Infinity\"", "-1", "0")) {
            JsonNode spo2 = readTree("{\"id\":\"s\",\"spo2_percentage\":{\"average\":" + average + "}}");
            assertEquals(Optional.empty(), SleepTransforms.spo2(spo2, day, DEFAULT_TYPES, skipped), average);
        }
        assertEquals(5, skipped.count());
        assertEquals(Optional.empty(), SleepTransforms.spo2(readTree("{\"spo2_percentage\":{\"average\":null}}"),
                day, DEFAULT_TYPES, skipped), "no average is no value");
        assertEquals(5, skipped.count());
        assertEquals(96.5, SleepTransforms.spo2(readTree("{\"spo2_percentage\":{\"average\":96.5}}"), day,
                DEFAULT_TYPES).orElseThrow().value());
    }

    @Test
    void restingHeartRateIsTimedOnlyByHeartRateSamplesThatCanBeTrue() {
        // the only sample equal to 58 lies a day after the period: the midpoint times it instead
        Double[] items = new Double[8 * 12 + 2 + 288];
        Arrays.fill(items, 70.0);
        items[items.length - 1] = 58.0;
        SleepDocument night = night("main", "long_sleep", START, null, hr(START, items), 58);

        assertEquals(START.plusHours(4), SleepTransforms.restingHeartRate(List.of(night), DEFAULT_TYPES)
                .orElseThrow().time());
    }

    @Test
    void stageSlotsStartingAfterThePeriodEndsAreSkipped() {
        SleepDocument night = new SleepDocument("a", LocalDate.of(2024, 10, 27), "long_sleep", START,
                START.plusMinutes(10), null, null, null, null, null, "12344");
        Skipped skipped = new Skipped();

        List<SleepStage> stages = SleepTransforms.sleepStages(List.of(night), DEFAULT_TYPES, skipped);

        assertEquals(List.of("deep", "light", "rem"), stages.stream().map(stage -> stage.stage().label()).toList());
        assertEquals(2, skipped.count(), "the slots at 15 and 20 minutes");
    }

    private static JsonNode readTree(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
