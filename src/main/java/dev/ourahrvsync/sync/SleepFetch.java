package dev.ourahrvsync.sync;

import dev.ourahrvsync.oura.SleepDocument;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one window's fetch has gathered so far: the documents of the window's days by id (a document that comes
 * twice is kept once), and where the next page starts. Lives in an exchange property for one window.
 */
public final class SleepFetch {

    record Fetched(SleepDocument document, JsonNode raw) {
    }

    private final SyncWindow window;
    private final Map<String, Fetched> byId = new LinkedHashMap<>();
    private final Set<String> pageTokensSeen = new HashSet<>();
    private String nextToken;
    private boolean lastPageSeen;
    private int pages;

    SleepFetch(SyncWindow window) {
        this.window = window;
    }

    public SyncWindow getWindow() {
        return window;
    }

    /** True until the page without a {@code next_token} has been read. */
    public boolean isMorePages() {
        return !lastPageSeen;
    }

    public int getPages() {
        return pages;
    }

    String nextToken() {
        return nextToken;
    }

    /** Records a page's {@code next_token}; returns false when the server repeats one (it would loop forever). */
    boolean pageRead(String token) {
        pages++;
        nextToken = token;
        lastPageSeen = token == null || token.isEmpty();
        return lastPageSeen || pageTokensSeen.add(token);
    }

    void keep(SleepDocument document, JsonNode raw) {
        byId.put(document.id(), new Fetched(document, raw));
    }

    Iterable<Fetched> fetched() {
        return byId.values();
    }
}
