package dev.ourahrvsync.serve;

import dev.ourahrvsync.sync.SettingsCheck;

/**
 * The limits of the serving HTTP server, from {@code serve.idle-timeout-seconds},
 * {@code serve.header-timeout-seconds} and {@code serve.max-connections-per-client}; checked at start.
 */
public record ServeLimits(int idleTimeoutSeconds, int headerTimeoutSeconds, int maxConnectionsPerClient) {

    /** Reads and checks the settings; a value out of range stops the start naming its key. */
    public static ServeLimits of(String idleTimeoutSeconds, String headerTimeoutSeconds,
                                 String maxConnectionsPerClient) {
        return new ServeLimits(
                whole("serve.idle-timeout-seconds", idleTimeoutSeconds),
                whole("serve.header-timeout-seconds", headerTimeoutSeconds),
                whole("serve.max-connections-per-client", maxConnectionsPerClient));
    }

    /** In the range every number setting is checked against at start. */
    private static int whole(String key, String value) {
        return (int) SettingsCheck.wholeNumber(key, value, SettingsCheck.NUMBERS.get(key));
    }
}
