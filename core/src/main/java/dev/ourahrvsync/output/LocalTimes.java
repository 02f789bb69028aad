package dev.ourahrvsync.output;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How times are spelled in the files: the wall clock where the ring was, and its offset from UTC. */
public final class LocalTimes {

    /** Apple Health importers read a plain local date and time. */
    static final DateTimeFormatter WALL_CLOCK = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    /** ISO-8601 that always spells the offset ({@code +00:00}, never {@code Z}). */
    static final DateTimeFormatter ISO_WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
    private static final DateTimeFormatter COMPACT_OFFSET = DateTimeFormatter.ofPattern("xx");
    private static final DateTimeFormatter COLON_OFFSET = DateTimeFormatter.ofPattern("xxx");

    private LocalTimes() {
    }

    static String wallClock(OffsetDateTime time) {
        return WALL_CLOCK.format(time);
    }

    static String iso(OffsetDateTime time) {
        return ISO_WITH_OFFSET.format(time);
    }

    /** Apple Health's own export spells a time {@code 2024-10-10 01:01:59 +0200}: the wall clock and its offset. */
    public static String appleHealth(OffsetDateTime time) {
        return wallClock(time) + " " + compactOffset(time.getOffset());
    }

    /** {@code UTC-05:00}, as the existing Shortcuts expect. */
    static String timezone(ZoneOffset offset) {
        return "UTC" + COLON_OFFSET.format(offset);
    }

    /** {@code -0500}. */
    static String compactOffset(ZoneOffset offset) {
        return COMPACT_OFFSET.format(offset);
    }

    /** Whole numbers as integers ({@code 38}, not {@code 38.0}), others as they are. */
    public static Number number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Number) (long) value : (Number) value;
    }
}
