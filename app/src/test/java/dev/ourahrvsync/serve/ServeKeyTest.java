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

    @Test
    void aKeyOfCharactersAnAddressWouldEncodeIsRefusedWithoutShowingIt() {
        for (String key : new String[] {KEY + "%41", KEY + "+x", KEY + "/x", KEY + " x", KEY + ".x", KEY + "é",
                KEY + "?key=", "\u00e5\u00e4\u00f6" + KEY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServeKey.of(key), key);
            assertTrue(e.getMessage().startsWith("serve.key may only contain the letters A-Z and a-z, the digits"
                    + " 0-9, '-' and '_'"), e.getMessage());
            assertFalse(e.getMessage().contains(KEY), e.getMessage());
        }
        assertTrue(ServeKey.of("Ab-_" + KEY).matches("Ab-_" + KEY));
    }
}
