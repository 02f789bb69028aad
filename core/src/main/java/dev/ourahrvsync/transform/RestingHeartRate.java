package dev.ourahrvsync.transform;

import java.time.OffsetDateTime;

/** A night's resting heart rate: the lowest 5-minute average, in beats per minute, and when it was measured. */
public record RestingHeartRate(OffsetDateTime time, int bpm, String sleepId, String sleepType) {
}
