package dev.ourahrvsync.transform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ourahrvsync.oura.Samples;
import dev.ourahrvsync.oura.SleepDocument;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Plain functions from Oura sleep documents to the health records this tool writes. */
public final class SleepTransforms {

    private static final Comparator<HrvSample> IN_TIME_ORDER =
            Comparator.comparing((HrvSample s) -> s.time().toInstant()).thenComparing(HrvSample::sleepId);

    private SleepTransforms() {
    }

    /**
     * The HRV samples of one period: item i at {@code timestamp + i × interval}; null and non-positive items are
     * skipped, but their slot still counts.
     */
    public static List<HrvSample> hrvSamples(SleepDocument night) {
        Samples hrv = night.hrv();
        if (hrv == null || hrv.timestamp() == null) {
            return List.of();
        }
        List<HrvSample> samples = new ArrayList<>();
        List<Double> items = hrv.items();
        for (int i = 0; i < items.size(); i++) {
            Double value = items.get(i);
            if (value != null && value > 0) {
                samples.add(new HrvSample(hrv.timeOf(i), value, night.id(), night.type()));
            }
        }
        return samples;
    }

    /** Every HRV sample of a day's included periods, in time order. */
    public static List<HrvSample> dayHrvSamples(Collection<SleepDocument> day, Set<String> includedTypes) {
        return day.stream()
                .filter(night -> includedTypes.contains(night.type()))
                .flatMap(night -> hrvSamples(night).stream())
                .sorted(IN_TIME_ORDER)
                .toList();
    }

    /**
     * One HRV value per included period, for {@code sync.hrv-mode=nightly}: the period's {@code average_hrv}, timed
     * at its midpoint; a period without a positive average has none.
     */
    public static List<HrvSample> dayNightlyHrv(Collection<SleepDocument> day, Set<String> includedTypes) {
        return day.stream()
                .filter(night -> includedTypes.contains(night.type()))
                .filter(night -> night.averageHrv() != null && night.averageHrv() > 0)
                .flatMap(night -> midpoint(night).stream()
                        .map(time -> new HrvSample(time, night.averageHrv(), night.id(), night.type())))
                .sorted(IN_TIME_ORDER)
                .toList();
    }

    /** The main (longest included) period's average breathing rate, timed at its midpoint. */
    public static Optional<Measurement> respiratoryRate(Collection<SleepDocument> day, Set<String> includedTypes) {
        return mainPeriod(day, includedTypes)
                .filter(night -> night.averageBreath() != null && night.averageBreath() > 0)
                .flatMap(night -> midpoint(night)
                        .map(time -> new Measurement(time, night.averageBreath(), night.id(), night.type())));
    }

    /**
     * The day's blood oxygen: {@code spo2_percentage.average} of its {@code daily_spo2} document (measured during
     * sleep), timed at the main period's midpoint, since the document has no time of its own; none without sleep.
     */
    public static Optional<Measurement> spo2(JsonNode dailySpo2, Collection<SleepDocument> day,
                                             Set<String> includedTypes) {
        if (dailySpo2 == null) {
            return Optional.empty();
        }
        JsonNode average = dailySpo2.path("spo2_percentage").path("average");
        if (!average.isNumber() || average.asDouble() <= 0) {
            return Optional.empty();
        }
        return mainPeriod(day, includedTypes).flatMap(SleepTransforms::midpoint)
                .map(time -> new Measurement(time, average.asDouble(), dailySpo2.path("id").asText(null),
                        "daily_spo2"));
    }

    /**
     * The included periods' {@code sleep_phase_5_min} as consecutive intervals (slot i starts at
     * {@code bedtime_start + i × 5 min}); equal neighbouring slots are one interval, unknown digits none.
     */
    public static List<SleepStage> sleepStages(Collection<SleepDocument> day, Set<String> includedTypes) {
        List<SleepStage> stages = new ArrayList<>();
        day.stream()
                .filter(night -> includedTypes.contains(night.type()))
                .filter(night -> night.sleepPhase5Min() != null && night.bedtimeStart() != null)
                .sorted(Comparator.comparing((SleepDocument night) -> night.bedtimeStart().toInstant()))
                .forEach(night -> addStages(night, stages));
        return stages;
    }

    private static void addStages(SleepDocument night, List<SleepStage> stages) {
        String phases = night.sleepPhase5Min();
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

    /**
     * The day's resting heart rate: {@code lowest_heart_rate} of the longest included period (255 and null mean
     * none), timed at the last 5-minute heart-rate sample equal to it, or at the period's midpoint when no sample
     * is.
     */
    public static Optional<RestingHeartRate> restingHeartRate(Collection<SleepDocument> day, Set<String> includedTypes) {
        return mainPeriod(day, includedTypes).flatMap(SleepTransforms::restingHeartRate);
    }

    /** The day's longest included period. */
    static Optional<SleepDocument> mainPeriod(Collection<SleepDocument> day, Set<String> includedTypes) {
        return day.stream()
                .filter(night -> includedTypes.contains(night.type()))
                .max(Comparator.comparing(SleepDocument::timeInBed).thenComparing(SleepDocument::id));
    }

    static Optional<RestingHeartRate> restingHeartRate(SleepDocument night) {
        Integer lowest = night.lowestHeartRate();
        if (lowest == null || lowest <= 0 || lowest == SleepDocument.NO_HEART_RATE) {
            return Optional.empty();
        }
        OffsetDateTime when = lastSampleEqualTo(night.heartRate(), lowest)
                .or(() -> midpoint(night))
                .orElse(null);
        if (when == null) {
            return Optional.empty();
        }
        return Optional.of(new RestingHeartRate(when, lowest, night.id(), night.type()));
    }

    private static Optional<OffsetDateTime> lastSampleEqualTo(Samples heartRate, int bpm) {
        if (heartRate == null || heartRate.timestamp() == null) {
            return Optional.empty();
        }
        List<Double> items = heartRate.items();
        for (int i = items.size() - 1; i >= 0; i--) {
            Double value = items.get(i);
            if (value != null && Math.round(value) == bpm) {
                return Optional.of(heartRate.timeOf(i));
            }
        }
        return Optional.empty();
    }

    private static Optional<OffsetDateTime> midpoint(SleepDocument night) {
        if (night.bedtimeStart() == null || night.bedtimeEnd() == null) {
            return Optional.empty();
        }
        return Optional.of(night.bedtimeStart().plus(night.timeInBed().dividedBy(2)));
    }
}
