package dev.ourahrvsync.oura;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.util.List;

/**
 * Every sleep document Oura currently holds for one wake-up day, each typed and as sent.
 *
 * @param documents typed, in the same order as {@code raw}: by bedtime start, then id
 */
public record SleepDay(LocalDate day, List<SleepDocument> documents, List<JsonNode> raw) {

    public boolean isEmpty() {
        return documents.isEmpty();
    }
}
