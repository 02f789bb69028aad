package dev.ourahrvsync.serve;

/**
 * The limits of the serving HTTP server, from {@code serve.idle-timeout-seconds},
 * {@code serve.header-timeout-seconds} and {@code serve.max-connections-per-client}; checked at start.
 */
public record ServeLimits(int idleTimeoutSeconds, int headerTimeoutSeconds, int maxConnectionsPerClient) {

    /** Reads and checks the settings; a value out of range stops the start naming its key. */
    public static ServeLimits of(String idleTimeoutSeconds, String headerTimeoutSeconds,
                                 String maxConnectionsPerClient) {
        return new ServeLimits(
                whole("serve.idle-timeout-seconds", idleTimeoutSeconds, 1, 3600),
                whole("serve.header-timeout-seconds", headerTimeoutSeconds, 1, 3600),
                whole("serve.max-connections-per-client", maxConnectionsPerClient, 1, 10_000));
    }

    private static int whole(String key, String value, int min, int max) {
        String text = value == null ? "" : value.strip();
        try {
            int number = Integer.parseInt(text);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(key + " must be a whole number from " + min + " to " + max
                + ", not '" + text + "'");
    }
}
