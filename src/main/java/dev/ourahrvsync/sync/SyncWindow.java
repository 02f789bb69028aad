package dev.ourahrvsync.sync;

import java.time.LocalDate;
import java.util.List;

/**
 * A run of days, both ends inclusive, fetched and written together.
 *
 * @param advancesState whether finishing this window may move the sync state forward: true for the planned
 *                      incremental sync and backfill, false for a range asked for on the command line
 */
public record SyncWindow(LocalDate first, LocalDate last, boolean advancesState) {

    public SyncWindow {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("the range ends (" + last + ") before it starts (" + first + ")");
        }
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(first) && !day.isAfter(last);
    }

    public List<LocalDate> days() {
        return first.datesUntil(last.plusDays(1)).toList();
    }

    @Override
    public String toString() {
        return first + ".." + last;
    }
}
