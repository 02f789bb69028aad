package dev.ourahrvsync.serve;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServeKeyTest {

    private static final String KEY = "0123456789abcdef01234567";

    @Test
    void onlyTheSameKeyMatches() {
        ServeKey key = ServeKey.of(KEY);

        assertTrue(key.matches(KEY));
        assertFalse(key.matches(KEY + "8"));
        assertFalse(key.matches(KEY.substring(1)));
        assertFalse(key.matches(KEY.toUpperCase()));
        assertFalse(key.matches(""));
        assertFalse(key.matches(null));
    }

    @Test
    void surroundingWhitespaceOfTheSettingIsNotPartOfTheKey() {
        assertTrue(ServeKey.of("  " + KEY + "\n").matches(KEY));
    }

    @Test
    void aMissingOrShortKeyIsRefusedWithWhatToDo() {
        for (String missing : new String[] {null, "", "   "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServeKey.of(missing));
            assertTrue(e.getMessage().contains("set SERVE_KEY in the environment"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServeKey.of(KEY.substring(1)));
        assertEquals("serve.key is 23 characters long, it must have at least 24: set SERVE_KEY to a random key"
                + " (openssl rand -hex 24)", e.getMessage());
    }
}
