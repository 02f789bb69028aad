package dev.ourahrvsync.sync;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which days a run syncs, cut into windows of at most {@code windowDays} days.
 * <ul>
 * <li>Days asked for on the command line: exactly those; the sync state does not move.</li>
 * <li>Otherwise, after a first sync: from the last fully synced day minus {@code lookbackDays} (Oura revises
 * recent nights) to tomorrow in {@code zone} (a night can already belong to tomorrow's date).</li>
 * <li>The very first time: the whole history from {@code startDate} (default two years back), window by window.</li>
 * </ul>
 */
public class SyncPlanner {

    private Clock clock = Clock.systemDefaultZone();
    private int lookbackDays = 3;
    private int windowDays = 30;
    private String startDate = "";

    public void setZone(String zone) {
        ZoneId id = zone == null || zone.isBlank() ? ZoneId.systemDefault() : zoneOf(zone.trim());
        this.clock = Clock.system(id);
    }

    public void setLookbackDays(int lookbackDays) {
        if (lookbackDays < 0) {
            throw new IllegalArgumentException("sync.lookback-days must be 0 or more, not " + lookbackDays);
        }
        this.lookbackDays = lookbackDays;
    }

    public void setWindowDays(int windowDays) {
        if (windowDays < 1) {
            throw new IllegalArgumentException("sync.window-days must be 1 or more, not " + windowDays);
        }
        this.windowDays = windowDays;
    }

    /** The first day of a first sync; empty means two years before today. */
    public void setStartDate(String startDate) {
        if (startDate != null && !startDate.isBlank()) {
            date(startDate, "sync.start-date");
        }
        this.startDate = startDate == null ? "" : startDate.trim();
    }

    void setClock(Clock clock) {
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** Checks the days asked for before anything is touched: an unreadable date is a mistake to report first. */
    public void check(@Header(SyncRequest.FROM) String from, @Header(SyncRequest.TO) String to) {
        windows(from, to, null);
    }

    /**
     * The windows of this run.
     *
     * @param lastSyncedDay the sync state's last fully synced day, or null before the first sync
     */
    public List<SyncWindow> windows(@Header(SyncRequest.FROM) String from, @Header(SyncRequest.TO) String to,
                                    @ExchangeProperty(SyncState.LAST_SYNCED_DAY) LocalDate lastSyncedDay) {
        if (from != null || to != null) {
            LocalDate last = to == null ? today() : date(to, "--to");
            LocalDate first = from == null ? last.minusDays(lookbackDays) : date(from, "--from");
            if (last.isBefore(first)) {
                throw new IllegalArgumentException("--to (" + last + ") is before --from (" + first + ")");
            }
            return split(first, last, false);
        }
        LocalDate last = today().plusDays(1);
        LocalDate first = lastSyncedDay != null ? lastSyncedDay.minusDays(lookbackDays)
                : startDate.isEmpty() ? today().minusYears(2) : date(startDate, "sync.start-date");
        return split(first.isAfter(last) ? last : first, last, true);
    }

    List<SyncWindow> split(LocalDate first, LocalDate last, boolean advancesState) {
        List<SyncWindow> windows = new ArrayList<>();
        for (LocalDate start = first; !start.isAfter(last); start = start.plusDays(windowDays)) {
            LocalDate end = start.plusDays(windowDays - 1L);
            LocalDate windowLast = end.isAfter(last) ? last : end;
            LocalDate settles = windowLast.isAfter(today()) ? today() : windowLast;
            windows.add(new SyncWindow(start, windowLast, advancesState && !settles.isBefore(start) ? settles : null));
        }
        return windows;
    }

    /** Reads a day the user gave; the message of a mistake names {@code what} (an option or a setting). */
    public static LocalDate date(String text, String what) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + " must be a date like 2024-10-31, not '" + text + "'");
        }
    }

    private static ZoneId zoneOf(String zone) {
        try {
            return ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("sync.zone must be a time zone like Europe/Berlin, not '" + zone + "'");
        }
    }
}
