package dev.ourahrvsync.transform;

import java.time.OffsetDateTime;

/** A run of consecutive 5-minute slots in one sleep stage. */
public record SleepStage(OffsetDateTime start, OffsetDateTime end, Stage stage, String sleepId, String sleepType) {

    /** Oura's {@code sleep_phase_5_min} digits: 1 deep, 2 light, 3 REM, 4 awake. */
    public enum Stage {
        DEEP("deep"), LIGHT("light"), REM("rem"), AWAKE("awake");

        private final String label;

        Stage(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Stage ofDigit(char digit) {
            return switch (digit) {
                case '1' -> DEEP;
                case '2' -> LIGHT;
                case '3' -> REM;
                case '4' -> AWAKE;
                default -> null;
            };
        }
    }
}
