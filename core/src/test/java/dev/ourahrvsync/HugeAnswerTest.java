package dev.ourahrvsync;

import dev.ourahrvsync.OuraFault.FaultyOura;
import dev.ourahrvsync.sync.ExitCode;
import dev.ourahrvsync.sync.Failures;
import dev.ourahrvsync.sync.PlannerClock;
import dev.ourahrvsync.sync.SyncPlanner;
import dev.ourahrvsync.sync.SyncState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page of 100 MB for the second window of a sync of 2024-10-10..2024-10-15 in windows of three days, over the real
 * routes with the shipped oura.max-response-bytes: the call fails once it has read past the cap (after gzip is
 * undone), is not retried, and the window fails as any unusable answer does.
 */
class HugeAnswerTest extends SyncTestSupport {

    private static final HugeAnswerOura OURA_WITH_HUGE_PAGE = start();

    private static HugeAnswerOura start() {
        try {
            return new HugeAnswerOura(FaultyOura.SECOND_WINDOW_QUERY_START);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        OURA_WITH_HUGE_PAGE.close();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.putAll(FaultyOura.SETTINGS);
        properties.put("oura.api-url", OURA_WITH_HUGE_PAGE.url());
        return properties;
    }

    @Test
    void aHundredMegabytePageFailsTheWindowAtTheSizeCapWithoutARetry() throws Exception {
        storeTokens(FaultyOura.ACCESS_1, FaultyOura.REFRESH_1, Instant.now().plus(2, ChronoUnit.HOURS));
        PlannerClock.today(context.getRegistry().lookupByNameAndType("ouraSyncPlanner", SyncPlanner.class),
                FaultyOura.TODAY, ZoneId.of("Europe/Berlin"));

        Exception failure = sync(null, null);

        String line = Failures.oneLine(failure);
        assertAll(
                () -> assertEquals(ExitCode.API_FAILURE, ExitCode.of(failure), line),
                () -> assertTrue(line.startsWith("Oura's answer to " + SLEEP_PATH + " for " + FaultyOura.SECOND_WINDOW
                        + " is larger than oura.max-response-bytes (8388608 bytes)"), line),
                () -> assertTrue(line.endsWith("; not retried"), line),
                () -> assertEquals(1, OURA_WITH_HUGE_PAGE.callsStarting(FaultyOura.SECOND_WINDOW_QUERY_START),
                        "one call, never retried: " + OURA_WITH_HUGE_PAGE.sleepQueries()),
                () -> assertEquals(List.of(true), OURA_WITH_HUGE_PAGE.acceptEncodings().stream()
                        .map(encoding -> encoding.contains("gzip")).toList(), "the cap counted gunzipped bytes"));
        // the first window as a clean run writes it, nothing of the second, the state at the first window's end
        FaultSuiteTest.assertFiles(FaultSuiteTest.golden(FaultyOura.FIRST_DAY, FaultyOura.LAST_DAY_OF_FIRST_WINDOW),
                outputs(dataDir()));
        SyncState state = context.getRegistry().lookupByNameAndType("ouraSyncState", SyncState.class);
        assertEquals(FaultyOura.LAST_DAY_OF_FIRST_WINDOW, state.read().orElseThrow().lastSyncedDay());
    }
}
