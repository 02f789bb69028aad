package dev.ourahrvsync.oura;

import dev.ourahrvsync.sync.ExitCode;
import dev.ourahrvsync.sync.SleepWindows;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The limits' settings: a value that would disable or invert a limit is a bad configuration (exit 2), named. */
class CallLimitsTest {

    @Test
    void aLimitBelowOneIsRefusedNamingItsKey() {
        CallLimits limits = new CallLimits();
        assertRefused("oura.connect-timeout-ms", () -> limits.setConnectTimeoutMs(0));
        assertRefused("oura.read-timeout-ms", () -> limits.setReadTimeoutMs(-5));
        assertRefused("oura.call-timeout-ms", () -> limits.setCallTimeoutMs(0));
        assertRefused("oura.max-response-bytes", () -> limits.setMaxResponseBytes(-1));
        assertRefused("oura.max-pages-per-window", () -> new SleepWindows().setMaxPagesPerWindow(0));
    }

    @Test
    void aCallOverItsLimitIsAnOuraFailureNamingTheCallAndSayingItIsNotRetried() {
        CallLimitException limit = new CallLimitException("took longer than oura.call-timeout-ms (3000 ms)");

        assertEquals(ExitCode.API_FAILURE, ExitCode.of(limit));
        assertEquals("Oura's answer took longer than oura.call-timeout-ms (3000 ms)", limit.getMessage());
        assertEquals("Oura's answer to /v2/usercollection/sleep for 2024-10-13..2024-10-15 took longer than"
                        + " oura.call-timeout-ms (3000 ms); not retried",
                limit.describe("to /v2/usercollection/sleep for 2024-10-13..2024-10-15"));
    }

    private static void assertRefused(String key, Runnable setting) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, setting::run);
        assertTrue(refused.getMessage().startsWith(key + " must be 1 or more"), refused.getMessage());
        assertEquals(ExitCode.BAD_CONFIGURATION, ExitCode.of(refused));
    }
}
