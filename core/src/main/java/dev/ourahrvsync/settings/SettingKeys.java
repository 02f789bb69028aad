package dev.ourahrvsync.settings;

import java.util.Locale;

/** How a setting's key is spelt where it is not a key. */
public final class SettingKeys {

    private SettingKeys() {
    }

    /**
     * The environment variable that sets a key, as Camel looks it up: {@code oura.client-id} is
     * {@code OURA_CLIENT_ID}.
     */
    public static String environmentVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
