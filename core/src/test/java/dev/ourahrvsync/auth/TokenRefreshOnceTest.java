package dev.ourahrvsync.auth;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ourahrvsync.SyncTestSupport;
import dev.ourahrvsync.sync.ExitCode;
import dev.ourahrvsync.sync.Failures;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A token POST that times out is sent once: never again by the data calls' retry rules, nor by the HTTP client. The
 * token endpoint is a WireMock of its own whose answer is held back until the test is over (at most a minute), far
 * beyond the read timeout whatever the machine's speed. What is counted: the sends of our side to the token endpoint
 * (Camel's sending events, exact when the sync returns) and the requests that reached the endpoint (awaited).
 */
class TokenRefreshOnceTest extends SyncTestSupport {

    private static final String EXPIRED_ACCESS = "once-access-0-expired";
    private static final String REFRESH = "once-refresh-0";
    private static final int READ_TIMEOUT_MS = 5000;
    /** Far beyond the read timeout; the test releases it sooner. */
    private static final Duration HOLD = Duration.ofSeconds(60);

    private final TokenSends sends = new TokenSends();
    /** The token endpoint and its held answer, one per test; made when the properties are (see SyncTestSupport). */
    private HeldAnswer held;
    private WireMockServer tokens;

    /** Counts what this process sends to the token endpoint, as it sends it. */
    static final class TokenSends extends EventNotifierSupport {

        final AtomicInteger sent = new AtomicInteger();

        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.ExchangeSendingEvent sending
                    && sending.getEndpoint().getEndpointUri().contains(TOKEN_PATH)) {
                sent.incrementAndGet();
            }
        }
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getManagementStrategy().addEventNotifier(sends);
        return context;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = TokenAnswersTest.quickRetries(super.useOverridePropertiesWithPropertiesComponent());
        properties.put("oura.read-timeout-ms", String.valueOf(READ_TIMEOUT_MS));
        held = new HeldAnswer(HOLD);
        tokens = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(held));
        tokens.start();
        properties.put("oura.token-url", "http://127.0.0.1:" + tokens.port() + TOKEN_PATH);
        return properties;
    }

    @BeforeEach
    void recordedNightsAndATokenEndpointThatNeverAnswersInTime() {
        serveSleepPages(recordedDocuments(), 48);
        tokens.stubFor(post(TOKEN_PATH).willReturn(okJson("{\"access_token\":\"once-access-1\",\"refresh_token\":"
                + "\"once-refresh-1\",\"expires_in\":86400}").withTransformers(HeldAnswer.NAME)));
    }

    @AfterEach
    void releaseTheHeldAnswer() {
        held.release.countDown();
        tokens.stop();
    }

    @Test
    void aRefreshThatTimesOutIsSentOnceIsExit4AndNoDataCallIsMade() throws Exception {
        storeTokens(EXPIRED_ACCESS, REFRESH, Instant.now().minusSeconds(60));

        String line = syncFails();

        assertTrue(line.contains("Read timed out"), line);
        assertEquals(0, OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))).size(), "no data call");
        assertEquals(Map.of(), outputs(dataDir()), "nothing written");
    }

    /** The refresh after a 401 runs in the 401 rule's redelivery step: a timeout there ends the call too. */
    @Test
    void aRefreshAfterA401ThatTimesOutIsSentOnceAndTheCallIsNotTriedAgain() throws Exception {
        storeTokens(EXPIRED_ACCESS, REFRESH, Instant.now().plus(Duration.ofHours(2)));
        OURA.stubFor(get(urlPathEqualTo(SLEEP_PATH)).atPriority(1).willReturn(aResponse().withStatus(401)));

        syncFails();

        assertEquals(1, OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))).size(),
                "the call Oura refused, and no second try");
    }

    /**
     * Runs the sync, which must fail with exit status 4 and one line saying the refresh may have happened, having
     * sent the refresh token once and kept the stored pair; returns that line.
     */
    private String syncFails() throws Exception {
        Exception failure = sync("2024-10-10", "2024-10-12");

        assertNotNull(failure, "the sync should fail");
        String line = Failures.oneLine(failure);
        assertEquals(ExitCode.API_FAILURE, ExitCode.of(failure), line);
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("the refresh may have happened at Oura; the next run will tell"), line);
        assertFalse(line.contains(REFRESH) || line.contains(CLIENT_SECRET), line);
        assertEquals(1, sends.sent.get(), "the refresh token was sent exactly once");
        assertTrue(held.arrived.await(30, TimeUnit.SECONDS), "the token POST reached the endpoint");
        assertEquals(1, held.arrivals.get(), "the endpoint saw one POST");
        assertEquals(REFRESH, tokenStore().read().orElseThrow().refreshToken(), "nothing came back to store");
        return line;
    }
}
