package dev.ourahrvsync.transform;

import java.time.OffsetDateTime;

/** One value of a nightly series (respiratory rate, blood oxygen), at the ring's local time and offset. */
public record Measurement(OffsetDateTime time, double value, String sleepId, String sleepType) {
}
