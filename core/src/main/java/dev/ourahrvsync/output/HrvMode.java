package dev.ourahrvsync.output;

import java.util.Locale;

/**
 * How much HRV a day's files hold: every 5-minute sample, or one value per sleep period. One data folder holds one
 * mode, never both: Apple Health would average the two together.
 */
public enum HrvMode {
    SAMPLES, NIGHTLY;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static HrvMode of(String key) {
        for (HrvMode mode : values()) {
            if (mode.key().equals(key == null ? "" : key.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("sync.hrv-mode must be samples or nightly, not '" + key + "'");
    }
}
