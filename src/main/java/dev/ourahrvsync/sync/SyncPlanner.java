package dev.ourahrvsync.sync;

import org.apache.camel.Header;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which days a run syncs, cut into windows of at most {@code windowDays} days: the days asked for on the
 * command line, or by default the last {@code lookbackDays} days up to today in {@code zone}.
 */
public class SyncPlanner {

    public static final String FROM = "syncFrom";
    public static final String TO = "syncTo";

    private Clock clock = Clock.systemDefaultZone();
    private int lookbackDays = 3;
    private int windowDays = 30;

    public void setZone(String zone) {
        ZoneId id = zone == null || zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone.trim());
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

    void setClock(Clock clock) {
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    public List<SyncWindow> windows(@Header(FROM) String from, @Header(TO) String to) {
        LocalDate last = to == null ? today() : date(to, "--to");
        LocalDate first = from == null ? last.minusDays(lookbackDays) : date(from, "--from");
        return split(new SyncWindow(first, last));
    }

    List<SyncWindow> split(SyncWindow range) {
        List<SyncWindow> windows = new ArrayList<>();
        for (LocalDate start = range.first(); !start.isAfter(range.last()); start = start.plusDays(windowDays)) {
            LocalDate end = start.plusDays(windowDays - 1L);
            windows.add(new SyncWindow(start, end.isAfter(range.last()) ? range.last() : end));
        }
        return windows;
    }

    static LocalDate date(String text, String what) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + " must be a date like 2024-10-31, not '" + text + "'");
        }
    }
}
