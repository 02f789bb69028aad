package dev.ourahrvsync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ourahrvsync.auth.StoredTokens;
import dev.ourahrvsync.output.DataPaths;
import dev.ourahrvsync.sync.SyncRequest;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Properties;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The opt-in SpO2 series: written from daily_spo2, and a missing scope or a 403 skips it alone. */
class Spo2SeriesTest extends SyncTestSupport {

    private static final String SPO2_PATH = "/v2/usercollection/daily_spo2";
    private static final LocalDate DAY = LocalDate.parse("2024-10-10");

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("sync.metrics", "hrv,spo2");
        properties.put("sync.window-days", "5");
        return properties;
    }

    @Test
    void theDaysSpo2IsWrittenAtTheMainSleepsMidpoint() throws Exception {
        grant("personal daily heartrate spo2Daily");
        serveSleepPages(recordedDocuments(), 48);
        OURA.stubFor(get(urlPathEqualTo(SPO2_PATH)).willReturn(okJson("""
                {"data":[{"id":"spo2-1","day":"2024-10-10","spo2_percentage":{"average":96.5},
                          "breathing_disturbance_index":3}],"next_token":null}""")));

        syncOk("2024-10-10", "2024-10-11");

        JsonNode spo2 = JSON.readTree(dataDir().resolve(DataPaths.spo2(DAY, "json")).toFile());
        assertEquals(96.5, spo2.get(0).get("spo2").asDouble());
        assertEquals("%", spo2.get(0).get("unit").asText());
        assertEquals("2024-10-10 05:03:05", spo2.get(0).get("date_readable").asText(), "main sleep's midpoint");
        assertTrue(Files.readString(dataDir().resolve(DataPaths.spo2(DAY, "csv"))).contains(",96.5,"));
        assertTrue(Files.exists(dataDir().resolve(DataPaths.rawSpo2(DAY))));
        assertFalse(Files.exists(dataDir().resolve(DataPaths.spo2(DAY.plusDays(1), "json"))), "no document, no file");
    }

    @Test
    void a403SkipsSpo2WithOneWarningAndTheOtherSeriesGoOn() throws Exception {
        grant("personal daily heartrate spo2Daily");
        serveSleepPages(recordedDocuments(), 48);
        OURA.stubFor(get(urlPathEqualTo(SPO2_PATH)).willReturn(aResponse().withStatus(403)
                .withBody("{\"detail\":\"Forbidden\"}")));
        Path earlier = dataDir().resolve(DataPaths.spo2(DAY, "json"));
        Files.createDirectories(earlier.getParent());
        Files.writeString(earlier, "[{\"spo2\": 97}]");

        Exchange result = template.request(SyncRequest.ENDPOINT, exchange -> {
            exchange.getIn().setHeader(SyncRequest.FROM, "2024-10-10");
            exchange.getIn().setHeader(SyncRequest.TO, "2024-10-20");
        });

        assertNull(result.getException(), () -> "the run must not fail: " + result.getException());
        String summary = result.getMessage().getBody(String.class);
        assertTrue(summary.contains("SpO2 skipped: Oura answered HTTP 403 to daily_spo2"), summary);
        assertEquals(1, OURA.findAll(getRequestedFor(urlPathEqualTo(SPO2_PATH))).size(), "three windows, one try");
        assertEquals("[{\"spo2\": 97}]", Files.readString(earlier), "the SpO2 files stay as they were");
        assertTrue(Files.exists(dataDir().resolve(DataPaths.hrvJson(DAY.plusDays(9)))), "HRV of the last window");
    }

    @Test
    void aGrantWithoutTheScopeNeverAsksForSpo2() throws Exception {
        grant("personal daily heartrate");
        serveSleepPages(recordedDocuments(), 48);

        Exchange result = template.request(SyncRequest.ENDPOINT, exchange -> {
            exchange.getIn().setHeader(SyncRequest.FROM, "2024-10-10");
            exchange.getIn().setHeader(SyncRequest.TO, "2024-10-12");
        });

        assertNull(result.getException());
        assertTrue(result.getMessage().getBody(String.class).contains("does not include the spo2Daily scope"));
        assertEquals(0, OURA.findAll(getRequestedFor(urlPathEqualTo(SPO2_PATH))).size());
        assertTrue(Files.exists(dataDir().resolve(DataPaths.hrvJson(DAY))));
    }

    private void grant(String scope) {
        tokenStore().write(new StoredTokens("stored-access", "stored-refresh",
                Instant.now().plus(Duration.ofHours(2)), scope, Instant.now()));
    }
}
