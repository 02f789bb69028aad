package dev.ourahrvsync.sync;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/** For route tests outside this package: a planner whose "today" is a day of recorded data. */
public final class PlannerClock {

    private PlannerClock() {
    }

    /** From now on, {@code planner} plans as if it were noon of {@code today} in {@code zone}. */
    public static void today(SyncPlanner planner, LocalDate today, ZoneId zone) {
        planner.setClock(Clock.fixed(today.atTime(LocalTime.NOON).atZone(zone).toInstant(), zone));
    }
}
