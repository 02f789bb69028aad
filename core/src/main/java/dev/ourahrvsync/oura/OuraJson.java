package dev.ourahrvsync.oura;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one Jackson configuration for Oura's documents. */
public final class OuraJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // keep the ring's UTC offset: it is the user's local time that night
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final int MAX_PROBLEM = 200;

    private OuraJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads one raw document of a sleep page into the typed model.
     *
     * @param call the call that brought it, for the failure's line: "/v2/usercollection/sleep for 2024-10-13.."
     */
    public static SleepDocument sleepDocument(JsonNode raw, String call) {
        try {
            return MAPPER.treeToValue(raw, SleepDocument.class);
        } catch (JsonProcessingException e) {
            // a time beyond what java.time can hold ends here too, as a parse failure
            String problem = String.valueOf(e.getOriginalMessage());
            throw new OuraResponseException("a sleep document in Oura's answer to " + call + " could not be read ("
                    + (problem.length() > MAX_PROBLEM ? problem.substring(0, MAX_PROBLEM) + "..." : problem) + ")");
        }
    }
}
