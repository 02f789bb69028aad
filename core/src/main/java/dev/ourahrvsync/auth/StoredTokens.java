package dev.ourahrvsync.auth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.time.Instant;

/**
 * The pair Oura issued last, as kept in the token store. {@link #toString()} never shows a token.
 *
 * @param expiresAt when the access token stops working, from {@code expires_in} at the time it was issued
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoredTokens(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("expires_at") Instant expiresAt,
        @JsonProperty("scope") String scope,
        @JsonProperty("obtained_at") Instant obtainedAt) {

    /** True when the access token still works for at least {@code margin}. */
    @JsonIgnore
    public boolean isValidFor(Duration margin, Instant now) {
        return accessToken != null && !accessToken.isEmpty() && expiresAt != null
                && now.plus(margin).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "StoredTokens[expiresAt=" + expiresAt + ", scope=" + scope + ", obtainedAt=" + obtainedAt + "]";
    }
}
