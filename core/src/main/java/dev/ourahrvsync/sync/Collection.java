package dev.ourahrvsync.sync;

/** The Oura collections a sync reads, by their path under {@code /v2/usercollection/}. */
public enum Collection {
    SLEEP("sleep"),
    DAILY_SPO2("daily_spo2");

    private final String path;

    Collection(String path) {
        this.path = path;
    }

    /** {@code sleep}, {@code daily_spo2}: the last segment of the collection's URL. */
    public String getPath() {
        return path;
    }
}
