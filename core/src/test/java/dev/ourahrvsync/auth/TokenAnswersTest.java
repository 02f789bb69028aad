package dev.ourahrvsync.auth;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.ourahrvsync.SyncTestSupport;
import dev.ourahrvsync.sync.ExitCode;
import dev.ourahrvsync.sync.Failures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the token endpoint answers, over the real routes: a refresh that times out, breaks off or fails is sent once
 * and never again by the data calls' retry rules; an answer with odd values still has its pair stored. Every sync
 * here is one window of recorded nights (2024-10-10..2024-10-12) from a store whose access token has expired, so
 * its first data call refreshes. A token endpoint that never answers in time: {@link TokenRefreshOnceTest}.
 */
class TokenAnswersTest extends SyncTestSupport {

    private static final String FROM = "2024-10-10";
    private static final String TO = "2024-10-12";
    private static final String EXPIRED_ACCESS = "answers-access-0-expired";
    private static final String REFRESH = "answers-refresh-0";
    private static final String NEW_ACCESS = "answers-access-1";
    private static final String NEW_REFRESH = "answers-refresh-1";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        return quickRetries(super.useOverridePropertiesWithPropertiesComponent());
    }

    /** The data calls' network rule retries twice, quickly: a token POST it caught would be sent three times. */
    static Properties quickRetries(Properties properties) {
        properties.put("oura.retry.max-retries", "2");
        properties.put("oura.retry.initial-delay-ms", "20");
        properties.put("oura.retry.max-delay-ms", "100");
        properties.put("sync.metrics", "hrv,rhr");
        return properties;
    }

    @BeforeEach
    void recordedNightsAndAnExpiredAccessToken() {
        serveSleepPages(recordedDocuments(), 48);
        storeTokens(EXPIRED_ACCESS, REFRESH, Instant.now().minusSeconds(60));
    }

    // ---- a refresh token is never sent twice ----

    @Test
    void aTokenPostWhoseConnectionIsResetIsSentOnce() throws Exception {
        tokenEndpointAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        String line = syncFails(ExitCode.API_FAILURE);

        assertTrue(line.contains("the refresh may have happened at Oura"), line);
        assertRefreshSentOnceAndNothingElse();
    }

    /** A 503 is what the HTTP client itself would retry, were its automatic retries not off for the token call too. */
    @Test
    void aTokenPostAnswered503IsSentOnce() throws Exception {
        tokenEndpointAnswers(aResponse().withStatus(503).withHeader("Retry-After", "0"));

        String line = syncFails(ExitCode.API_FAILURE);

        assertTrue(line.contains("answered HTTP 503 to the refresh"), line);
        assertRefreshSentOnceAndNothingElse();
    }

    // ---- odd answers: the pair is stored all the same ----

    @ParameterizedTest(name = "expires_in {0}")
    @CsvSource(delimiter = '|', value = {
            "9223372036854775807 | 2592000",
            "1e30                | 2592000",
            "-9223372036854775808| 0",
            "-5                  | 0",
            "\"soon\"            | 0",
            "\"86400\"           | 86400",
            "null                | 0",
            "{}                  | 0",
            "86400.9             | 86400",
            "                    | 0"})
    void anyExpiresInStoresThePairAndTheSyncSucceeds(String expiresIn, long lifetimeSeconds) throws Exception {
        tokenEndpointAnswers(okJson(pair(expiresIn)));

        Exception failure = sync(FROM, TO);

        assertNull(failure, () -> "the sync failed: " + Failures.oneLine(failure));
        StoredTokens stored = tokenStore().read().orElseThrow();
        assertEquals(NEW_REFRESH, stored.refreshToken());
        assertEquals(NEW_ACCESS, stored.accessToken());
        assertEquals(stored.obtainedAt().plusSeconds(lifetimeSeconds), stored.expiresAt(),
                "clamped to 0..30 days, nonsense is 'expires now'");
        assertEquals(1, tokenCalls());
        assertEquals("Bearer " + NEW_ACCESS, OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))).get(0)
                .getHeader("Authorization"), "the new access token was used for this run");
        assertTrue(Files.exists(dataDir().resolve("hrv/2024/10/2024-10-10_sleep-hrv.json")));
    }

    @Test
    void aNewRefreshTokenWithoutAnAccessTokenIsStoredBeforeTheRunFails() throws Exception {
        tokenEndpointAnswers(okJson("{\"refresh_token\":\"" + NEW_REFRESH + "\",\"expires_in\":86400}"));

        String line = syncFails(ExitCode.API_FAILURE);

        assertTrue(line.contains("has no usable access_token (fields: refresh_token, expires_in)"), line);
        assertTrue(line.contains("its new refresh token is stored"), line);
        assertFalse(line.contains("not JSON"), line);
        StoredTokens stored = tokenStore().read().orElseThrow();
        assertEquals(NEW_REFRESH, stored.refreshToken(), "the rotated refresh token is kept");
        assertNull(stored.accessToken());
        assertEquals(0, dataCalls());
    }

    @Test
    void anAnswerThatIsJsonButNotAnObjectIsNotCalledNotJson() throws Exception {
        tokenEndpointAnswers(okJson("[\"" + NEW_ACCESS + "\"]"));

        String line = syncFails(ExitCode.API_FAILURE);

        assertTrue(line.contains("has no usable access_token (a JSON array, not an object)"), line);
        assertFalse(line.contains(NEW_ACCESS), "never a value of the answer");
        assertEquals(REFRESH, tokenStore().read().orElseThrow().refreshToken());
    }

    @Test
    void anAnswerThatIsNotJsonSaysSoAndThatTheRefreshMayHaveHappened() throws Exception {
        tokenEndpointAnswers(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html>maintenance</html>"));

        String line = syncFails(ExitCode.API_FAILURE);

        assertTrue(line.contains("answer to the refresh is not JSON: the refresh may have happened"), line);
        assertEquals(REFRESH, tokenStore().read().orElseThrow().refreshToken());
    }

    // ----

    private static String pair(String expiresIn) {
        return "{\"token_type\":\"bearer\",\"access_token\":\"" + NEW_ACCESS + "\",\"refresh_token\":\"" + NEW_REFRESH
                + "\"" + (expiresIn == null ? "" : ",\"expires_in\":" + expiresIn)
                + ",\"scope\":\"personal daily heartrate\"}";
    }

    private static void tokenEndpointAnswers(ResponseDefinitionBuilder answer) {
        OURA.stubFor(post(TOKEN_PATH).withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=" + REFRESH)).willReturn(answer));
    }

    /** Runs the sync, which must fail with {@code expected}; returns its one line, checked for secrets. */
    private String syncFails(ExitCode expected) {
        Exception failure = sync(FROM, TO);
        assertNotNull(failure, "the sync should fail");
        String line = Failures.oneLine(failure);
        assertEquals(expected, ExitCode.of(failure), line);
        assertEquals(1, line.lines().count(), line);
        for (String secret : new String[] {CLIENT_SECRET, EXPIRED_ACCESS, REFRESH, NEW_ACCESS, NEW_REFRESH}) {
            assertFalse(line.contains(secret), line);
        }
        return line;
    }

    /**
     * Counted once the sync is over: any retry was sent before it ended, and WireMock records a request before it
     * answers (or breaks off).
     */
    private void assertRefreshSentOnceAndNothingElse() throws Exception {
        assertEquals(1, tokenCalls(), "the refresh token was sent exactly once");
        assertEquals(0, dataCalls(), "no data call without a token");
        assertEquals(REFRESH, tokenStore().read().orElseThrow().refreshToken(), "nothing came back to store");
        assertEquals(Map.of(), outputs(dataDir()), "nothing written");
    }

    private static int tokenCalls() {
        return OURA.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withRequestBody(containing("refresh_token=" + REFRESH))).size();
    }

    private static int dataCalls() {
        return OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))).size();
    }
}
