package dev.ourahrvsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ourahrvsync.oura.SleepDocument;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one window's fetch has gathered so far: the sleep documents of the window's days by id (a document that
 * comes twice is kept once), the daily SpO2 documents by day when asked for, and where each collection's paging
 * stands. Lives in an exchange property for one window.
 */
public final class SleepFetch {

    record Fetched(SleepDocument document, JsonNode raw) {
    }

    private final SyncWindow window;
    private final Map<String, Fetched> byId = new LinkedHashMap<>();
    private final Map<LocalDate, JsonNode> spo2ByDay = new TreeMap<>();
    private final Map<Collection, Paging> paging = new EnumMap<>(Collection.class);
    private Collection collection = Collection.SLEEP;
    private boolean spo2Fetched;

    SleepFetch(SyncWindow window) {
        this.window = window;
        for (Collection each : Collection.values()) {
            paging.put(each, new Paging());
        }
    }

    public SyncWindow getWindow() {
        return window;
    }

    /** The call being made, for a failure's line: "/v2/usercollection/sleep for 2024-10-09..2024-10-13". */
    public String call() {
        return "/v2/usercollection/" + collection.getPath() + " for " + window;
    }

    /** The collection being paged through now. */
    public Collection getCollection() {
        return collection;
    }

    void fetching(Collection next) {
        this.collection = next;
    }

    /** True until the current collection's page without a {@code next_token} has been read. */
    public boolean isMorePages() {
        return paging.get(collection).morePages();
    }

    public int getPages() {
        return paging.get(Collection.SLEEP).pages();
    }

    Paging paging() {
        return paging.get(collection);
    }

    void keep(SleepDocument document, JsonNode raw) {
        byId.put(document.id(), new Fetched(document, raw));
    }

    void keepSpo2(LocalDate day, JsonNode raw) {
        spo2ByDay.put(day, raw);
    }

    void spo2Fetched() {
        spo2Fetched = true;
    }

    /** Whether this window's SpO2 was read: only then may its files change. */
    boolean isSpo2Fetched() {
        return spo2Fetched;
    }

    JsonNode spo2Of(LocalDate day) {
        return spo2ByDay.get(day);
    }

    Iterable<Fetched> fetched() {
        return byId.values();
    }
}
