package dev.ourahrvsync.oura;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Every sleep document Oura currently holds for one wake-up day, each typed and as sent, and the day's SpO2.
 *
 * @param documents typed, in the same order as {@code raw}: by bedtime start, then id
 * @param spo2 the day's {@code daily_spo2} document as sent; empty when there is none or it was not read
 * @param spo2Read whether the day's SpO2 was read (not asked for, or refused: its files stay as they are)
 */
public record SleepDay(LocalDate day, List<SleepDocument> documents, List<JsonNode> raw, Optional<JsonNode> spo2,
                       boolean spo2Read) {

    /** A day whose SpO2 was not read. */
    public SleepDay(LocalDate day, List<SleepDocument> documents, List<JsonNode> raw) {
        this(day, documents, raw, Optional.empty(), false);
    }

    public boolean isEmpty() {
        return documents.isEmpty();
    }
}
