package dev.ourahrvsync.serve;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ServeLimitsTest {

    @Test
    void theSettingsAreReadAsWholeNumbers() {
        assertEquals(new ServeLimits(30, 10, 16), ServeLimits.of(" 30", "10 ", "16"));
    }

    @Test
    void aValueOutOfRangeIsRefusedNamingItsKey() {
        assertEquals("serve.idle-timeout-seconds must be a whole number from 1 to 3600, not '0'",
                assertThrows(IllegalArgumentException.class, () -> ServeLimits.of("0", "10", "16")).getMessage());
        assertEquals("serve.header-timeout-seconds must be a whole number from 1 to 3600, not '2.5'",
                assertThrows(IllegalArgumentException.class, () -> ServeLimits.of("30", "2.5", "16")).getMessage());
        assertEquals("serve.max-connections-per-client must be a whole number from 1 to 10000, not ''",
                assertThrows(IllegalArgumentException.class, () -> ServeLimits.of("30", "10", "")).getMessage());
    }
}
