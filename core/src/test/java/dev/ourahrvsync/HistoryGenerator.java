package dev.ourahrvsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Generated sleep history in Oura's shape, the same for the same seed: a main sleep most nights (starting the
 * evening before in Europe/Berlin, so daylight-saving changes happen), naps, rest periods, nights without data,
 * null samples, the 255 sentinel and a field Oura may add one day.
 */
public final class HistoryGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx");

    private HistoryGenerator() {
    }

    public static List<JsonNode> nights(LocalDate first, LocalDate last, long seed) {
        List<JsonNode> documents = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            Random random = new Random(seed * 31 + day.toEpochDay());
            if (random.nextInt(20) == 0) {
                continue;
            }
            ZonedDateTime bedtime = day.minusDays(1).atTime(LocalTime.of(22, 0)).atZone(ZONE)
                    .plusMinutes(random.nextInt(180));
            documents.add(period(day, 0, "long_sleep", bedtime, 60 + random.nextInt(50), random));
            if (random.nextInt(3) == 0) {
                documents.add(period(day, 1, "sleep", day.atTime(14, 5).atZone(ZONE), 4 + random.nextInt(10), random));
            }
            if (random.nextInt(10) == 0) {
                documents.add(period(day, 2, "rest", day.atTime(17, 30).atZone(ZONE), 12, random));
            }
        }
        return documents;
    }

    public static String idOf(LocalDate day, int index) {
        return UUID.nameUUIDFromBytes((day + "/" + index).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static ObjectNode period(LocalDate day, int index, String type, ZonedDateTime start, int slots,
                                     Random random) {
        OffsetDateTime begin = start.toOffsetDateTime();
        ObjectNode doc = JSON.createObjectNode();
        doc.put("id", idOf(day, index));
        doc.put("day", day.toString());
        doc.put("type", type);
        doc.put("bedtime_start", SECONDS.format(begin));
        doc.put("bedtime_end", SECONDS.format(begin.plusMinutes(5L * slots)));
        boolean noHeartRate = type.equals("sleep") && random.nextInt(4) == 0;
        ArrayNode hrv = samples(doc.putObject("hrv"), begin, slots, 15, 90, random);
        ArrayNode heartRate = samples(doc.putObject("heart_rate"), begin, slots, 48, 75, random);
        int lowest = 255;
        for (JsonNode bpm : heartRate) {
            if (!bpm.isNull()) {
                lowest = Math.min(lowest, bpm.asInt());
            }
        }
        doc.put("lowest_heart_rate", noHeartRate ? 255 : lowest);
        doc.put("average_hrv", hrv.size() > 0 ? 40 : 0);
        doc.putObject("field_from_the_future").put("score", random.nextInt(100));
        return doc;
    }

    private static ArrayNode samples(ObjectNode series, OffsetDateTime start, int slots, int low, int high,
                                     Random random) {
        series.put("interval", 300.0);
        series.put("timestamp", MILLIS.format(start));
        ArrayNode items = series.putArray("items");
        for (int i = 0; i < slots; i++) {
            if (random.nextInt(25) == 0) {
                items.addNull();
            } else {
                items.add((double) (low + random.nextInt(high - low)));
            }
        }
        return items;
    }
}
