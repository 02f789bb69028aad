package dev.ourahrvsync.sync;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsCheckTest {

    @Test
    void aCronThatIsNotOneIsNamed() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> SettingsCheck.checkCron("sync.cron", "0 0 25 * * ?"));
        assertTrue(failure.getMessage().startsWith("sync.cron is not a Quartz cron expression"), failure.getMessage());
        assertDoesNotThrow(() -> SettingsCheck.checkCron("sync.cron", "0 0 7,19 * * ?"));
    }

    @Test
    void plainHttpOnlyOnLoopback() {
        assertDoesNotThrow(() -> SettingsCheck.checkAddress("oura.api-url", "https://api.ouraring.com"));
        assertDoesNotThrow(() -> SettingsCheck.checkAddress("oura.api-url", "http://127.0.0.1:8080"));
        assertDoesNotThrow(() -> SettingsCheck.checkAddress("oura.api-url", "http://localhost:8080"));
        assertDoesNotThrow(() -> SettingsCheck.checkAddress("oura.api-url", "http://[::1]:8080"));
        for (String unsafe : new String[] {"http://api.ouraring.com", "http://10.0.0.5", "http://127.0.0.1.nip.io",
                "ftp://127.0.0.1", "api.ouraring.com"}) {
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                    () -> SettingsCheck.checkAddress("oura.token-url", unsafe), unsafe);
            assertTrue(failure.getMessage().startsWith("oura.token-url must"), failure.getMessage());
        }
    }
}
