package dev.ourahrvsync.transform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ourahrvsync.oura.Samples;
import dev.ourahrvsync.oura.SleepDocument;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plain functions from Oura sleep documents to the health records this tool writes.
 * <p>
 * Only what can be true is written. A value outside its {@link Bound} (non-finite, zero or negative, or beyond what a
 * body does), a sample timed outside its period (bedtime start to end, give or take one interval), every sample of a
 * series whose interval is not 1 s to 1 h or that has more than {@value #MAX_ITEMS_PER_SERIES} items, and every
 * timed value of a period that is not plausible (over a day long, ending before it starts, or days away from its
 * {@code day}) are skipped, and counted in the {@link Skipped} given. Null items are gaps, not values: their slot
 * counts, they do not.
 */
public final class SleepTransforms {

    /** rMSSD in milliseconds: resting adults range from a few ms to some 200; 500 leaves room for any athlete. */
    static final Bound HRV_MS = new Bound(1, 500);
    /** Beats per minute, asleep. */
    static final Bound HEART_RATE_BPM = new Bound(20, 250);
    /** Breaths per minute, asleep. */
    static final Bound BREATHS_PER_MINUTE = new Bound(4, 60);
    /** Blood oxygen saturation, per cent: below 50 no one sleeps through the night. */
    static final Bound SPO2_PERCENT = new Bound(50, 100);
    /** Seconds between two items of a series (Oura's is 300). */
    static final Bound INTERVAL_SECONDS = new Bound(1, 3600);
    /** Ten days of 5-minute slots: far more than any sleep period, far less than fills a disk. */
    public static final int MAX_ITEMS_PER_SERIES = 2880;
    /** No sleep period lasts longer. */
    static final Duration MAX_PERIOD = Duration.ofDays(1);
    /** A period starts at most this many days before its wake-up day (and at most one after, for time zones). */
    private static final int DAYS_BEFORE_DAY = 2;
    private static final Duration STAGE_SLOT = Duration.ofMinutes(5);

    private static final Comparator<HrvSample> IN_TIME_ORDER =
            Comparator.comparing((HrvSample s) -> s.time().toInstant()).thenComparing(HrvSample::sleepId);

    /** One usable item of a series: its slot, its time and its value. */
    private record Timed(int index, OffsetDateTime time, double value) {
    }

    private SleepTransforms() {
    }

    /** The HRV samples of one period, without a count of what was skipped. */
    public static List<HrvSample> hrvSamples(SleepDocument night) {
        return hrvSamples(night, new Skipped());
    }

    /** The HRV samples of one period: item i at {@code timestamp + i × interval}, the impossible ones skipped. */
    public static List<HrvSample> hrvSamples(SleepDocument night, Skipped skipped) {
        return usable(night, night.hrv(), HRV_MS, skipped).stream()
                .map(item -> new HrvSample(item.time(), item.value(), night.id(), night.type()))
                .toList();
    }

    public static List<HrvSample> dayHrvSamples(Collection<SleepDocument> day, Set<String> includedTypes) {
        return dayHrvSamples(day, includedTypes, new Skipped());
    }

    /** Every HRV sample of a day's included periods, in time order. */
    public static List<HrvSample> dayHrvSamples(Collection<SleepDocument> day, Set<String> includedTypes,
                                                Skipped skipped) {
        return day.stream()
                .filter(night -> includedTypes.contains(night.type()))
                .flatMap(night -> hrvSamples(night, skipped).stream())
                .sorted(IN_TIME_ORDER)
                .toList();
    }

    public static List<HrvSample> dayNightlyHrv(Collection<SleepDocument> day, Set<String> includedTypes) {
        return dayNightlyHrv(day, includedTypes, new Skipped());
    }

    /**
     * One HRV value per included period, for {@code sync.hrv-mode=nightly}: the period's {@code average_hrv}, timed
     * at its midpoint; a period without an average has none.
     */
    public static List<HrvSample> dayNightlyHrv(Collection<SleepDocument> day, Set<String> includedTypes,
                                                Skipped skipped) {
        return day.stream()
                .filter(night -> includedTypes.contains(night.type()))
                .filter(night -> night.averageHrv() != null)
                .flatMap(night -> atMidpoint(night, night.averageHrv(), HRV_MS, skipped).stream()
                        .map(time -> new HrvSample(time, night.averageHrv(), night.id(), night.type())))
                .sorted(IN_TIME_ORDER)
                .toList();
    }

    public static Optional<Measurement> respiratoryRate(Collection<SleepDocument> day, Set<String> includedTypes) {
        return respiratoryRate(day, includedTypes, new Skipped());
    }

    /** The main (longest included) period's average breathing rate, timed at its midpoint. */
    public static Optional<Measurement> respiratoryRate(Collection<SleepDocument> day, Set<String> includedTypes,
                                                        Skipped skipped) {
        return mainPeriod(day, includedTypes)
                .filter(night -> night.averageBreath() != null)
                .flatMap(night -> atMidpoint(night, night.averageBreath(), BREATHS_PER_MINUTE, skipped)
                        .map(time -> new Measurement(time, night.averageBreath(), night.id(), night.type())));
    }

    public static Optional<Measurement> spo2(JsonNode dailySpo2, Collection<SleepDocument> day,
                                             Set<String> includedTypes) {
        return spo2(dailySpo2, day, includedTypes, new Skipped());
    }

    /**
     * The day's blood oxygen: {@code spo2_percentage.average} of its {@code daily_spo2} document (measured during
     * sleep), timed at the main period's midpoint, since the document has no time of its own; none without sleep.
     */
    public static Optional<Measurement> spo2(JsonNode dailySpo2, Collection<SleepDocument> day,
                                             Set<String> includedTypes, Skipped skipped) {
        if (dailySpo2 == null) {
            return Optional.empty();
        }
        JsonNode average = dailySpo2.path("spo2_percentage").path("average");
        if (average.isMissingNode() || average.isNull()) {
            return Optional.empty();
        }
        if (!average.isNumber()) {
            skipped.add(1);
            return Optional.empty();
        }
        double percent = average.asDouble();
        return mainPeriod(day, includedTypes)
                .flatMap(night -> atMidpoint(night, percent, SPO2_PERCENT, skipped))
                .map(time -> new Measurement(time, percent, dailySpo2.path("id").asText(null), "daily_spo2"));
    }

    public static List<SleepStage> sleepStages(Collection<SleepDocument> day, Set<String> includedTypes) {
        return sleepStages(day, includedTypes, new Skipped());
    }

    /**
     * The included periods' {@code sleep_phase_5_min} as consecutive intervals (slot i starts at
     * {@code bedtime_start + i × 5 min}); equal neighbouring slots are one interval, unknown digits none. Slots that
     * start after the period ends are skipped.
     */
    public static List<SleepStage> sleepStages(Collection<SleepDocument> day, Set<String> includedTypes,
                                               Skipped skipped) {
        List<SleepStage> stages = new ArrayList<>();
        day.stream()
                .filter(night -> includedTypes.contains(night.type()))
                .filter(night -> night.sleepPhase5Min() != null && night.bedtimeStart() != null)
                .sorted(Comparator.comparing((SleepDocument night) -> night.bedtimeStart().toInstant()))
                .forEach(night -> addStages(night, usablePhases(night, skipped), stages));
        return stages;
    }

    /** The phases whose slot starts within the period; none of an implausible period or an oversized string. */
    private static String usablePhases(SleepDocument night, Skipped skipped) {
        String phases = night.sleepPhase5Min();
        if (!isPlausible(night) || phases.length() > MAX_ITEMS_PER_SERIES) {
            skipped.add(phases.length());
            return "";
        }
        long slots = night.timeInBed().dividedBy(STAGE_SLOT) + 1;
        if (phases.length() > slots) {
            skipped.add(phases.length() - slots);
            return phases.substring(0, (int) slots);
        }
        return phases;
    }

    private static void addStages(SleepDocument night, String phases, List<SleepStage> stages) {
        int runStart = 0;
        for (int i = 1; i <= phases.length(); i++) {
            if (i == phases.length() || phases.charAt(i) != phases.charAt(runStart)) {
                SleepStage.Stage stage = SleepStage.Stage.ofDigit(phases.charAt(runStart));
                if (stage != null) {
                    stages.add(new SleepStage(night.bedtimeStart().plusMinutes(5L * runStart),
                            night.bedtimeStart().plusMinutes(5L * i), stage, night.id(), night.type()));
                }
                runStart = i;
            }
        }
    }

    public static Optional<RestingHeartRate> restingHeartRate(Collection<SleepDocument> day,
                                                              Set<String> includedTypes) {
        return restingHeartRate(day, includedTypes, new Skipped());
    }

    /**
     * The day's resting heart rate: {@code lowest_heart_rate} of the longest included period (255 and null mean
     * none), timed at the last 5-minute heart-rate sample equal to it, or at the period's midpoint when no sample
     * is.
     */
    public static Optional<RestingHeartRate> restingHeartRate(Collection<SleepDocument> day,
                                                              Set<String> includedTypes, Skipped skipped) {
        return mainPeriod(day, includedTypes).flatMap(night -> restingHeartRate(night, skipped));
    }

    /** The day's longest included period whose times are plausible. */
    static Optional<SleepDocument> mainPeriod(Collection<SleepDocument> day, Set<String> includedTypes) {
        return day.stream()
                .filter(night -> includedTypes.contains(night.type()))
                .filter(SleepTransforms::isPlausible)
                .max(Comparator.comparing(SleepDocument::timeInBed).thenComparing(SleepDocument::id));
    }

    static Optional<RestingHeartRate> restingHeartRate(SleepDocument night, Skipped skipped) {
        Integer lowest = night.lowestHeartRate();
        if (lowest == null || lowest == SleepDocument.NO_HEART_RATE) {
            return Optional.empty();
        }
        if (!HEART_RATE_BPM.contains(lowest)) {
            skipped.add(1);
            return Optional.empty();
        }
        // the heart-rate series only times the value: its own impossible items are not written, so not counted
        Optional<OffsetDateTime> when = usable(night, night.heartRate(), HEART_RATE_BPM, new Skipped()).stream()
                .filter(item -> Math.round(item.value()) == lowest)
                .reduce((first, second) -> second)
                .map(Timed::time)
                .or(() -> midpoint(night));
        return when.map(time -> new RestingHeartRate(time, lowest, night.id(), night.type()));
    }

    /**
     * The items of a series that can be true, each with its time; the others counted. Times are checked on the
     * epoch-second line before any date is made, so no interval or timestamp can overflow a date.
     */
    private static List<Timed> usable(SleepDocument night, Samples series, Bound bound, Skipped skipped) {
        if (series == null) {
            return List.of();
        }
        List<Double> items = series.items();
        long values = items.stream().filter(item -> item != null).count();
        if (series.timestamp() == null || !isPlausible(night) || !INTERVAL_SECONDS.contains(series.interval())
                || items.size() > MAX_ITEMS_PER_SERIES) {
            skipped.add(values);
            return List.of();
        }
        double interval = series.interval();
        OffsetDateTime earliest = night.bedtimeStart();
        double span = seconds(earliest, night.bedtimeEnd()) + interval;
        // where item 0 lies on the period's line: 0 is bedtime start, one interval early still counts
        double first = seconds(earliest, series.timestamp());
        List<Timed> usable = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Double value = items.get(i);
            if (value == null) {
                continue;
            }
            double at = first + i * interval;
            if (at < -interval || at > span || !bound.contains(value)) {
                skipped.add(1);
                continue;
            }
            usable.add(new Timed(i, series.timeOf(i), value));
        }
        return usable;
    }

    /** A single value timed at its period's midpoint, when both the value and the period can be true. */
    private static Optional<OffsetDateTime> atMidpoint(SleepDocument night, double value, Bound bound,
                                                       Skipped skipped) {
        Optional<OffsetDateTime> midpoint = bound.contains(value) ? midpoint(night) : Optional.empty();
        if (midpoint.isEmpty()) {
            skipped.add(1);
        }
        return midpoint;
    }

    private static Optional<OffsetDateTime> midpoint(SleepDocument night) {
        if (!isPlausible(night)) {
            return Optional.empty();
        }
        return Optional.of(night.bedtimeStart().plus(night.timeInBed().dividedBy(2)));
    }

    /**
     * Whether a period's times can be true: both there, the end not before the start, at most a day apart, and
     * starting near its wake-up day (when it has one).
     */
    static boolean isPlausible(SleepDocument night) {
        OffsetDateTime start = night.bedtimeStart();
        OffsetDateTime end = night.bedtimeEnd();
        if (start == null || end == null) {
            return false;
        }
        double length = seconds(start, end);
        if (length < 0 || length > MAX_PERIOD.toSeconds()) {
            return false;
        }
        LocalDate day = night.day();
        LocalDate started = start.toLocalDate();
        return day == null || !started.isBefore(day.minusDays(DAYS_BEFORE_DAY)) && !started.isAfter(day.plusDays(1));
    }

    /** Seconds from one time to another, as a double: exact enough, and never an overflow whatever the years. */
    private static double seconds(OffsetDateTime from, OffsetDateTime to) {
        return (to.toEpochSecond() - from.toEpochSecond()) + (to.getNano() - from.getNano()) / 1e9;
    }
}
