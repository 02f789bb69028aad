package dev.ourahrvsync.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The counts of one run, for its summary line: days written (a file of the day changed or went), days unchanged,
 * days without nights (Oura has no sleep for them, and no file of theirs went), HRV samples in the synced days,
 * calls to Oura (data pages and token refreshes), seconds. Lives in exchange property {@value #PROPERTY}; days are
 * written one after another, so plain counters do.
 */
public final class RunReport {

    public static final String PROPERTY = "runReport";

    private final Instant started;
    private int daysWritten;
    private int daysUnchanged;
    private int daysWithoutNights;
    private long samples;
    private int apiCalls;
    private long valuesSkipped;
    private boolean dayChanged;
    private boolean dayEmpty;
    private String spo2Skipped;

    public RunReport(Instant started) {
        this.started = started;
    }

    public void apiCall() {
        apiCalls++;
    }

    public void samples(int count) {
        samples += count;
    }

    /** Values of Oura's answers that could not be true, left out of every file (see SleepTransforms). */
    public void valuesSkipped(long count) {
        valuesSkipped += count;
    }

    /** @param withoutNights whether Oura has no sleep for the day */
    public void dayStarted(boolean withoutNights) {
        dayChanged = false;
        dayEmpty = withoutNights;
    }

    public void fileChanged() {
        dayChanged = true;
    }

    public void dayDone() {
        if (dayChanged) {
            daysWritten++;
        } else if (dayEmpty) {
            // nothing to be unchanged: on an empty folder, a gap in the nights is no "unchanged" day
            daysWithoutNights++;
        } else {
            daysUnchanged++;
        }
    }

    /** Why SpO2 is skipped for the rest of this run, or null. */
    public String getSpo2Skipped() {
        return spo2Skipped;
    }

    void skipSpo2(String reason) {
        spo2Skipped = reason;
    }

    public String summary(Instant now) {
        double seconds = Duration.between(started, now).toMillis() / 1000.0;
        return String.format(Locale.ROOT, "%d days written, %d unchanged", daysWritten, daysUnchanged)
                + (daysWithoutNights == 0 ? "" : ", " + daysWithoutNights + " days without nights")
                + String.format(Locale.ROOT, ", %d samples, %d API calls, %.1f s", samples, apiCalls, seconds)
                + (valuesSkipped == 0 ? "" : ", " + valuesSkipped + " impossible values skipped")
                + (spo2Skipped == null ? "" : " (SpO2 skipped: " + spo2Skipped + ")");
    }
}
