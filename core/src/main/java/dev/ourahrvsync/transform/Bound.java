package dev.ourahrvsync.transform;

/** The values a measurement can physically take, both ends included; NaN and the infinities are never in it. */
record Bound(double min, double max) {

    boolean contains(double value) {
        return Double.isFinite(value) && value >= min && value <= max;
    }
}
