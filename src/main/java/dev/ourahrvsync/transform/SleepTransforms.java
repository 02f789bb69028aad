package dev.ourahrvsync.transform;

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
     * The day's resting heart rate: {@code lowest_heart_rate} of the longest included period (255 and null mean
     * none), timed at the last 5-minute heart-rate sample equal to it, or at the period's midpoint when no sample
     * is.
     */
    public static Optional<RestingHeartRate> restingHeartRate(Collection<SleepDocument> day, Set<String> includedTypes) {
        return day.stream()
                .filter(night -> includedTypes.contains(night.type()))
                .max(Comparator.comparing(SleepDocument::timeInBed).thenComparing(SleepDocument::id))
                .flatMap(SleepTransforms::restingHeartRate);
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
