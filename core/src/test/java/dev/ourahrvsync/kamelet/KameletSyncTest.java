package dev.ourahrvsync.kamelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ourahrvsync.SyncTestSupport;
import dev.ourahrvsync.auth.StoredTokens;
import dev.ourahrvsync.auth.TokenStore;
import dev.ourahrvsync.oura.CallLimits;
import dev.ourahrvsync.sync.SyncState;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.ourahrvsync.SyncTestSupport.SLEEP_PATH;
import static dev.ourahrvsync.SyncTestSupport.TOKEN_PATH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kamelets in a bare {@link DefaultCamelContext} with camel-kamelet, as JBang or Camel K host them: a route
 * {@code kamelet:oura-sleep-source} to {@code kamelet:oura-hrv-files-sink}, next to the standalone routes and their
 * beans, WireMock as Oura. The source's cron fires every second; each test waits, with a generous deadline, for
 * what the run leaves behind (the sync state, or a failed run), then stops the context.
 */
class KameletSyncTest {

    private static final String ROUTE = "classpath:kamelet/oura-kamelet-sync.camel.yaml";
    private static final Path GOLDEN = Path.of("core/src/test/resources/golden/recorded-2024-10");
    private static final WireMockServer OURA = SyncTestSupport.startLoopbackServer();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEADLINE_SECONDS = 120;

    private Path workDir;
    private CamelContext context;
    private final CountDownLatch failedRun = new CountDownLatch(1);

    @BeforeEach
    void freshFolders() throws IOException {
        OURA.resetAll();
        workDir = Files.createTempDirectory("oura-hrv-sync-kamelet");
        new TokenStore(workDir.resolve("config/tokens.json")).write(new StoredTokens("kamelet-access-0",
                "kamelet-refresh-0", Instant.now().minusSeconds(60), "personal daily heartrate", Instant.now()));
        OURA.stubFor(post(TOKEN_PATH).willReturn(okJson("{\"token_type\":\"bearer\",\"access_token\":"
                + "\"kamelet-access-1\",\"refresh_token\":\"kamelet-refresh-1\",\"expires_in\":86400,"
                + "\"scope\":\"personal daily heartrate\"}")));
        SyncTestSupport.serveSleepPages(OURA, SyncTestSupport.recordedDocuments(), 7);
    }

    @AfterEach
    void stopAndDelete() throws IOException {
        if (context != null) {
            context.stop();
        }
        SyncTestSupport.deleteFolder(workDir);
    }

    @Test
    void theSourceAndTheSinkLandTheGoldenFilesAndTheStateMovesToToday() throws Exception {
        Path data = Files.createDirectories(workDir.resolve("data"));
        start(data, data);

        JsonNode state = awaitState(data, node -> node.has("last_success"));
        // the data calls carry the kamelet's own call limits, not the standalone routes' bean
        List<HttpEndpoint> endpoints = context.getEndpoints().stream()
                .filter(HttpEndpoint.class::isInstance).map(HttpEndpoint.class::cast).toList();
        assertFalse(endpoints.isEmpty());
        CallLimits standalone = context.getRegistry().lookupByNameAndType("ouraCallLimits", CallLimits.class);
        endpoints.forEach(endpoint -> {
            assertInstanceOf(CallLimits.class, endpoint.getHttpClientConfigurer(), endpoint.toString());
            assertNotSame(standalone, endpoint.getHttpClientConfigurer(), endpoint.toString());
        });
        // and the kamelets' beans stay theirs
        assertNull(context.getRegistry().lookupByName("ouraSourceTokens"));
        assertNull(context.getRegistry().lookupByName("ouraSinkDataFolder"));
        context.stop();

        Map<String, byte[]> written = SyncTestSupport.outputs(data);
        Map<String, byte[]> expected = SyncTestSupport.tree(GOLDEN);
        assertEquals(expected.keySet(), written.keySet());
        expected.forEach((path, bytes) -> assertArrayEquals(bytes, written.get(path), path));
        assertEquals(LocalDate.now(ZoneId.of("Europe/Berlin")).toString(), state.path("last_synced_day").asText(),
                state.toString());
        assertEquals("samples", state.path("hrv_mode").asText(), state.toString());
        // one refresh for every run since: the rotated pair is stored and reused
        List<LoggedRequest> posts = OURA.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        assertEquals(1, posts.size(), "one token POST");
        assertTrue(posts.get(0).getBodyAsString().contains("refresh_token=kamelet-refresh-0"));
        List<LoggedRequest> pages = OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH)));
        assertTrue(pages.size() >= 7, "at least one window's 7 pages: " + pages.size());
        pages.forEach(page -> {
            assertEquals("Bearer kamelet-access-1", page.getHeader("Authorization"), page.getUrl());
            assertTrue(Set.of("start_date", "end_date", "next_token").containsAll(page.getQueryParams().keySet()),
                    page.getUrl());
        });
    }

    @Test
    void aSinkThatFailsLeavesTheSyncStateWhereItWas() throws Exception {
        Path stateDir = Files.createDirectories(workDir.resolve("state"));
        byte[] before = "{\n  \"last_synced_day\" : \"2024-10-31\",\n  \"hrv_mode\" : \"samples\"\n}"
                .getBytes(StandardCharsets.UTF_8);
        Files.write(stateDir.resolve(SyncState.FILE_NAME), before);
        // a data folder that is not there: the sink never creates it, so the first day with files fails
        Path missing = workDir.resolve("not-mounted");
        start(stateDir, missing);

        assertTrue(failedRun.await(DEADLINE_SECONDS, TimeUnit.SECONDS), "no run failed");
        context.stop();

        assertArrayEquals(before, Files.readAllBytes(stateDir.resolve(SyncState.FILE_NAME)),
                "the sync state moved although the sink failed");
        assertFalse(Files.exists(missing), "the sink made the data folder");
        List<LoggedRequest> pages = OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH)));
        assertFalse(pages.isEmpty(), "the source fetched nothing, so the sink was never reached");
        // the window it fetched began lookbackDays before the recorded day
        assertTrue(pages.stream().allMatch(page -> page.queryParameter("start_date").firstValue()
                .equals("2024-10-27")), pages.get(0).getUrl());
    }

    @Test
    void anAccessTokenOuraRefusesIsRefreshedOnceAndTheCallTriedOnceMore() throws Exception {
        Path data = Files.createDirectories(workDir.resolve("data"));
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Berlin"));
        Files.writeString(data.resolve(SyncState.FILE_NAME), "{\"last_synced_day\":\"" + today.minusDays(1)
                + "\",\"hrv_mode\":\"samples\"}");
        // still valid by its expiry, but revoked: Oura answers 401 to it
        new TokenStore(workDir.resolve("config/tokens.json")).write(new StoredTokens("kamelet-access-0",
                "kamelet-refresh-0", Instant.now().plusSeconds(7200), "personal daily heartrate", Instant.now()));
        OURA.stubFor(get(urlPathEqualTo(SLEEP_PATH)).withHeader("Authorization", equalTo("Bearer kamelet-access-0"))
                .willReturn(aResponse().withStatus(401)));
        start(data, data);

        JsonNode state = awaitState(data, node -> node.has("last_success"));
        context.stop();

        assertEquals(today.toString(), state.path("last_synced_day").asText(), state.toString());
        assertEquals(1, OURA.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))).size(), "one token POST");
        List<LoggedRequest> refused = OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))
                .withHeader("Authorization", equalTo("Bearer kamelet-access-0")));
        assertEquals(1, refused.size(), "the refused token is sent once");
    }

    private void start(Path stateDir, Path dataDir) throws Exception {
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation(SyncTestSupport.SETTINGS);
        Properties settings = new Properties();
        // the standalone routes' settings: scheduled off, their own folders
        settings.putAll(SyncTestSupport.settings(SyncTestSupport.ouraUrlOf(OURA), workDir.resolve("standalone")));
        settings.put("test.client-id", "kamelet-client");
        settings.put("test.client-secret", SyncTestSupport.CLIENT_SECRET);
        settings.put("test.token-file", workDir.resolve("config/tokens.json").toString());
        settings.put("test.state-dir", stateDir.toString());
        settings.put("test.data-dir", dataDir.toString());
        settings.put("test.cron", "* * * * * ?");
        settings.put("test.api-url", SyncTestSupport.ouraUrlOf(OURA));
        settings.put("test.token-url", SyncTestSupport.ouraUrlOf(OURA) + TOKEN_PATH);
        context.getPropertiesComponent().setOverrideProperties(settings);
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeFailedEvent) {
                    failedRun.countDown();
                }
            }
        });
        // the standalone routes, loaded beside the kamelets: their beans must not be the kamelets' nor clash
        List<Resource> resources = new ArrayList<>(
                PluginHelper.getPackageScanResourceResolver(context).findResources(SyncTestSupport.ROUTES));
        resources.add(PluginHelper.getResourceLoader(context).resolveResource(ROUTE));
        PluginHelper.getRoutesLoader(context).loadRoutes(resources);
        context.start();
    }

    /** Polls the sync state until it shows {@code done}, for at most {@link #DEADLINE_SECONDS}. */
    private static JsonNode awaitState(Path stateDir, Predicate<JsonNode> done)
            throws Exception {
        Path file = stateDir.resolve(SyncState.FILE_NAME);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                JsonNode state = JSON.readTree(Files.readAllBytes(file));
                if (done.test(state)) {
                    return state;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no finished run within " + DEADLINE_SECONDS + " s: "
                + (Files.exists(file) ? Files.readString(file) : "no sync state"));
    }
}
