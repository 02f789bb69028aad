package dev.ourahrvsync.sync;

import java.util.HashSet;
import java.util.Set;

/** Where a collection's paging stands: the next page's token, and every token seen (a repeat would loop forever). */
final class Paging {

    private final Set<String> tokensSeen = new HashSet<>();
    private String nextToken;
    private boolean lastPageSeen;
    private int pages;

    boolean morePages() {
        return !lastPageSeen;
    }

    int pages() {
        return pages;
    }

    String nextToken() {
        return nextToken;
    }

    /** Records a page's {@code next_token}; returns false when the server repeats one. */
    boolean pageRead(String token) {
        pages++;
        nextToken = token;
        lastPageSeen = token == null || token.isEmpty();
        return lastPageSeen || tokensSeen.add(token);
    }
}
