package dev.ourahrvsync.transform;

/**
 * Counts the values a transform left out because they cannot be true (see {@link SleepTransforms}): a run reports
 * how many, so a hostile or broken answer is visible without ever reaching a file.
 */
public final class Skipped {

    private long count;

    void add(long values) {
        count += values;
    }

    public long count() {
        return count;
    }
}
