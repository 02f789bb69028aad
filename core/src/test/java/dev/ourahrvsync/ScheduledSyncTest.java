package dev.ourahrvsync;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cron trigger runs the same sync; a failed run is logged and the next trigger runs as usual. */
class ScheduledSyncTest extends SyncTestSupport {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("sync.scheduled", "true");
        properties.put("sync.cron", "* * * * * ?");
        properties.put("sync.lookback-days", "1");
        return properties;
    }

    @Test
    void theTriggerSyncsWithoutLeakingItsHeadersAndSurvivesAFailedRun() throws Exception {
        storeTokens("stored-access", "stored-refresh", Instant.now().plus(Duration.ofHours(2)));
        // the first calls fail: the route must log it and fire again on the next trigger
        OURA.stubFor(get(urlPathEqualTo(SLEEP_PATH)).willReturn(aResponse().withStatus(503)));
        awaitSleepCalls(2);

        OURA.resetAll();
        String today = LocalDate.now(java.time.ZoneId.of("Europe/Berlin")).toString();
        serveSleepPages(List.of(JSON.readTree("""
                {"id":"n1","day":"%s","type":"long_sleep","bedtime_start":"%sT01:00:00+01:00",
                 "bedtime_end":"%sT07:00:00+01:00","lowest_heart_rate":50,
                 "hrv":{"interval":300.0,"items":[40.0,41.0],"timestamp":"%sT01:00:00.000+01:00"}}
                """.formatted(today, today, today, today))), 10);
        Path written = dataDir().resolve("hrv/" + today.substring(0, 4) + "/" + today.substring(5, 7) + "/" + today
                + "_sleep-hrv.json");
        awaitFile(written);

        LoggedRequest call = OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))).get(0);
        assertEquals("Bearer stored-access", call.getHeader("Authorization"));
        for (String quartzHeader : List.of("fireTime", "trigger", "jobDetail", "scheduledFireTime", "jobRunTime")) {
            assertNull(call.getHeader(quartzHeader), quartzHeader + " must not reach Oura");
        }
        assertEquals(2, JSON.readTree(written.toFile()).size());
    }

    @Test
    void aRefusedRefreshTokenIsNotSentAgainOnLaterTriggers() throws Exception {
        // triggers fire every second from the start; count only those after the store holds the revoked pair
        storeTokens("expired-access", "revoked-refresh-e1", Instant.now().minusSeconds(60));
        OURA.stubFor(post(TOKEN_PATH).withRequestBody(containing("revoked-refresh-e1"))
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"invalid_grant\"}")));
        NotifyBuilder threeMoreRuns = new NotifyBuilder(context).fromRoute("oura-scheduled-sync").whenDone(3).create();

        assertTrue(threeMoreRuns.matches(20, TimeUnit.SECONDS), "the trigger kept firing");

        assertEquals(1, OURA.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withRequestBody(containing("revoked-refresh-e1"))).size(), "a refused token is sent once");
        assertEquals(0, OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))).size());
    }

    private static void awaitSleepCalls(int count) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))).size() < count) {
            assertTrue(Instant.now().isBefore(deadline), "the trigger did not fire " + count + " times");
            Thread.sleep(50);
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (!Files.exists(file)) {
            assertTrue(Instant.now().isBefore(deadline), "the scheduled sync wrote no " + file);
            Thread.sleep(50);
        }
    }
}
