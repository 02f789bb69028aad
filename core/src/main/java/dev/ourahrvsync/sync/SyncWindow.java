package dev.ourahrvsync.sync;

import java.time.LocalDate;
import java.util.List;

/**
 * A run of days, both ends inclusive, fetched and written together.
 *
 * @param settles the day up to which finishing this window counts as fully synced, for the sync state: the
 *                window's last day, but never after today (tomorrow is fetched, but its night is not over); null
 *                for a range asked for on the command line, which never moves the state
 */
public record SyncWindow(LocalDate first, LocalDate last, LocalDate settles) {

    public SyncWindow {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("the range ends (" + last + ") before it starts (" + first + ")");
        }
    }

    public boolean advancesState() {
        return settles != null;
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
