package dev.ourahrvsync.oura;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One page of a collection such as {@code GET /v2/usercollection/sleep}. The documents stay JSON trees here so that
 * the raw archive can keep them exactly as sent; {@link OuraJson#sleepDocument} reads each sleep document into the
 * typed {@link SleepDocument}.
 *
 * @param data the documents of this page; null when the body had no {@code data} (a broken answer)
 * @param nextToken where the next page starts, or null on the last page
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CollectionPage(List<JsonNode> data, @JsonProperty("next_token") String nextToken) {
}
