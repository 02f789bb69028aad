package dev.ourahrvsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ourahrvsync.oura.OuraJson;
import dev.ourahrvsync.oura.OuraResponseException;
import dev.ourahrvsync.oura.SleepDay;
import dev.ourahrvsync.oura.SleepDocument;
import dev.ourahrvsync.oura.CollectionPage;
import org.apache.camel.ExchangeProperty;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Fetches one window of sleep (and, when asked for, daily SpO2) documents, page by page, so that the result is exact
 * whatever the server does at the edges: it asks for one day more on each side (Oura's {@code end_date} may be
 * inclusive or exclusive), keeps the documents whose {@code day} is in the window, and keeps each id once.
 * <p>
 * Stateless: the window's progress is the {@link SleepFetch} in exchange property {@value #FETCH}.
 */
public class SleepWindows {

    public static final String FETCH = "sleepFetch";

    /** The order of a day's documents, in its files and messages: by bedtime start, then id. */
    public static final Comparator<SleepDocument> BY_BEDTIME = Comparator
            .comparing((SleepDocument d) -> d.bedtimeStart() == null ? null : d.bedtimeStart().toInstant(),
                    Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(SleepDocument::id);

    /** The earliest and latest year a time of a kept document may have: the files spell years with four digits. */
    private static final int FIRST_YEAR = 1;
    private static final int LAST_YEAR = 9999;

    private int maxPagesPerWindow = 1000;

    public void setMaxPagesPerWindow(int maxPagesPerWindow) {
        if (maxPagesPerWindow < 1) {
            throw new IllegalArgumentException("oura.max-pages-per-window must be 1 or more, not "
                    + maxPagesPerWindow);
        }
        this.maxPagesPerWindow = maxPagesPerWindow;
    }

    public SleepFetch start(SyncWindow window) {
        return new SleepFetch(window);
    }

    /** Turns the paging to the daily SpO2 collection. */
    public void startSpo2(@ExchangeProperty(FETCH) SleepFetch fetch) {
        fetch.fetching(Collection.DAILY_SPO2);
    }

    /** The SpO2 collection was read to its end: its files may change now. */
    public void spo2Done(@ExchangeProperty(FETCH) SleepFetch fetch) {
        fetch.spo2Fetched();
    }

    /** The query string of the current collection's next page. */
    public String query(@ExchangeProperty(FETCH) SleepFetch fetch) {
        SyncWindow window = fetch.getWindow();
        String query = "start_date=" + window.first().minusDays(1) + "&end_date=" + window.last().plusDays(1);
        String next = fetch.paging().nextToken();
        if (next != null) {
            query += "&next_token=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
        }
        return query;
    }

    /** Checks a page and returns its documents. */
    public List<JsonNode> acceptPage(@ExchangeProperty(FETCH) SleepFetch fetch,
                                     @ExchangeProperty(RunReport.PROPERTY) RunReport report, CollectionPage page) {
        if (report != null) {
            report.apiCall();
        }
        if (page == null || page.data() == null) {
            throw new OuraResponseException("Oura's answer to " + fetch.call() + " has no 'data'");
        }
        if (!fetch.paging().pageRead(page.nextToken())) {
            throw new OuraResponseException("Oura's answer to " + fetch.call() + " repeats the next_token of an"
                    + " earlier page: stopped rather than ask for the same pages forever");
        }
        // fresh tokens without end: a window of a few weeks is never more than a handful of pages
        if (fetch.paging().morePages() && fetch.paging().pages() >= maxPagesPerWindow) {
            throw new OuraResponseException("Oura's answer to " + fetch.call() + " still points to a next page after "
                    + fetch.paging().pages() + " pages (oura.max-pages-per-window): stopped rather than page forever");
        }
        return page.data();
    }

    /** A page whose body is not JSON, or is cut short: the window fails, naming the page and what was wrong. */
    public void unreadablePage(@ExchangeProperty(FETCH) SleepFetch fetch,
                               @ExchangeProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT) Exception failure) {
        String problem = failure instanceof com.fasterxml.jackson.core.JsonProcessingException json
                ? json.getOriginalMessage() : failure.getMessage();
        throw new OuraResponseException("Oura's answer to " + fetch.call() + " is not valid JSON, or is cut short ("
                + (problem == null ? "unreadable" : problem.lines().findFirst().orElse("unreadable")) + ")");
    }

    /** Keeps one document if its day is in the window. */
    public void add(@ExchangeProperty(FETCH) SleepFetch fetch, JsonNode raw) {
        if (fetch.getCollection() == Collection.DAILY_SPO2) {
            LocalDate day = dayOf(raw, fetch);
            if (fetch.getWindow().contains(day)) {
                fetch.keepSpo2(day, raw);
            }
            return;
        }
        SleepDocument document = OuraJson.sleepDocument(raw, fetch.call());
        if (document.id() == null || document.day() == null) {
            throw new OuraResponseException("a sleep document in Oura's answer to " + fetch.call()
                    + " has no id or day");
        }
        if (fetch.getWindow().contains(document.day())) {
            checkYears(document, fetch);
            fetch.keep(document, raw);
        }
    }

    /** A time no file can spell fails the window, naming the call; a merely implausible one is skipped later. */
    private static void checkYears(SleepDocument document, SleepFetch fetch) {
        Map<String, OffsetDateTime> times = new LinkedHashMap<>();
        times.put("bedtime_start", document.bedtimeStart());
        times.put("bedtime_end", document.bedtimeEnd());
        times.put("hrv.timestamp", document.hrv() == null ? null : document.hrv().timestamp());
        times.put("heart_rate.timestamp", document.heartRate() == null ? null : document.heartRate().timestamp());
        times.forEach((field, time) -> {
            if (time != null && (time.getYear() < FIRST_YEAR || time.getYear() > LAST_YEAR)) {
                throw new OuraResponseException("sleep document " + document.id() + " in Oura's answer to "
                        + fetch.call() + " has a time out of range (" + field + " " + time + ")");
            }
        });
    }

    /** Every day of the window, with the documents it now has (maybe none: its files must then go). */
    public List<SleepDay> days(@ExchangeProperty(FETCH) SleepFetch fetch) {
        Map<LocalDate, List<SleepFetch.Fetched>> byDay = new TreeMap<>();
        for (LocalDate day : fetch.getWindow().days()) {
            byDay.put(day, new ArrayList<>());
        }
        for (SleepFetch.Fetched fetched : fetch.fetched()) {
            byDay.get(fetched.document().day()).add(fetched);
        }
        List<SleepDay> days = new ArrayList<>();
        byDay.forEach((day, fetched) -> {
            fetched.sort(Comparator.comparing(SleepFetch.Fetched::document, BY_BEDTIME));
            days.add(new SleepDay(day,
                    fetched.stream().map(SleepFetch.Fetched::document).toList(),
                    fetched.stream().map(SleepFetch.Fetched::raw).toList(),
                    Optional.ofNullable(fetch.spo2Of(day)), fetch.isSpo2Fetched()));
        });
        return days;
    }

    private static LocalDate dayOf(JsonNode raw, SleepFetch fetch) {
        try {
            return LocalDate.parse(raw.path("day").asText());
        } catch (RuntimeException e) {
            throw new OuraResponseException("a daily_spo2 document in Oura's answer to " + fetch.call()
                    + " has no day");
        }
    }
}
