package dev.ourahrvsync.transform;

import java.time.OffsetDateTime;

/**
 * One heart-rate-variability measurement: rMSSD in milliseconds, at the ring's local time and offset.
 */
public record HrvSample(OffsetDateTime time, double rmssd, String sleepId, String sleepType) {
}
