package dev.ourahrvsync.oura;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SleepTypesTest {

    @Test
    void theTypesOuraKnowsAreTaken() {
        assertEquals(Set.of("long_sleep", "late_nap", "rest"), SleepTypes.parse(" long_sleep,late_nap ,,rest",
                "sync.sleep-types"));
    }

    @Test
    void aTypeOuraNeverSendsIsRefusedNamingTheSettingAndTheKnownTypes() {
        assertEquals("sync.sleep-types: unknown sleep type 'slep' (known: long_sleep, sleep, late_nap, rest, deleted)",
                assertThrows(IllegalArgumentException.class,
                        () -> SleepTypes.parse("long_sleep,slep", "sync.sleep-types")).getMessage());
        assertEquals("sync.sleep-types names no sleep type (known: long_sleep, sleep, late_nap, rest, deleted)",
                assertThrows(IllegalArgumentException.class, () -> SleepTypes.parse(" , ", "sync.sleep-types"))
                        .getMessage());
    }
}
