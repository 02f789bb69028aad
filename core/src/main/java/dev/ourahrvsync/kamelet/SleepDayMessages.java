package dev.ourahrvsync.kamelet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ourahrvsync.oura.OuraJson;
import dev.ourahrvsync.oura.SleepDay;
import dev.ourahrvsync.oura.SleepDocument;
import dev.ourahrvsync.output.HealthRecordFormats;
import dev.ourahrvsync.output.Metric;
import dev.ourahrvsync.sync.SleepWindows;
import dev.ourahrvsync.sync.SyncPlanner;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The message between the kamelets {@code oura-sleep-source} and {@code oura-hrv-files-sink}, one per wake-up day:
 * header {@value #DAY} the day ({@code YYYY-MM-DD}), body that day's sleep documents as Oura sent them, one JSON
 * array ({@code []} for a day that has none, whose files must then go), byte for byte what the raw file
 * {@code oura/sleep/YYYY/MM/YYYY-MM-DD.json} holds.
 */
public class SleepDayMessages {

    /** The header naming the day of the message. */
    public static final String DAY = "OuraSleepDay";

    private static final Comparator<Typed> BY_BEDTIME = Comparator.comparing(Typed::document, SleepWindows.BY_BEDTIME);

    private record Typed(SleepDocument document, JsonNode raw) {
    }

    /**
     * The series the sink writes: {@code spo2} is refused, since the source carries sleep documents only and the
     * SpO2 files would silently never come.
     */
    public void setMetrics(String list) {
        if (Metric.parse(list, "metrics").contains(Metric.SPO2)) {
            throw new IllegalArgumentException("metrics: the oura-hrv-files-sink kamelet cannot write spo2 (the"
                    + " oura-sleep-source messages carry sleep documents only); choose among hrv, rhr,"
                    + " respiratory-rate, sleep-stages");
        }
    }

    /** Makes the exchange's message the message of {@code day}: its header and body, and no other header. */
    public void toMessage(SleepDay day, Exchange exchange) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(DAY, day.day().toString());
        exchange.getMessage().setBody(HealthRecordFormats.rawDocuments(day.raw()));
    }

    /** Reads a message back into the day's documents, checked and in the files' order. */
    public SleepDay toSleepDay(@Header(DAY) String dayText, @Body byte[] body) {
        if (dayText == null) {
            throw new IllegalArgumentException("a sleep day message has no " + DAY + " header");
        }
        LocalDate day = SyncPlanner.date(dayText, "the " + DAY + " header");
        String what = "the sleep day message of " + day;
        JsonNode array;
        try {
            array = OuraJson.mapper().readTree(body == null ? new byte[0] : body);
        } catch (IOException e) {
            String problem = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException(what + " is not JSON: " + problem, e);
        }
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException(what + " is not a JSON array of sleep documents");
        }
        List<Typed> documents = new ArrayList<>();
        for (JsonNode raw : array) {
            SleepDocument document = OuraJson.sleepDocument(raw, what);
            if (document.id() == null || !day.equals(document.day())) {
                throw new IllegalArgumentException("a sleep document in " + what + " has no id, or belongs to "
                        + document.day());
            }
            documents.add(new Typed(document, raw));
        }
        documents.sort(BY_BEDTIME);
        return new SleepDay(day, documents.stream().map(Typed::document).toList(),
                documents.stream().map(Typed::raw).toList());
    }
}
