package dev.ourahrvsync;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ourahrvsync.auth.StoredTokens;
import dev.ourahrvsync.auth.TokenStore;
import dev.ourahrvsync.sync.ExitCode;
import dev.ourahrvsync.oura.CallLimits;
import dev.ourahrvsync.sync.Failures;
import dev.ourahrvsync.sync.SyncRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routes in a host that is not camel-main: a bare {@link DefaultCamelContext} given application.properties
 * through its properties component and the YAML files of routes/ through its routes loader. No
 * {@code camel.component.*} key is applied there, so whatever holds here comes with the endpoints themselves: the
 * HTTP client's timeouts, its lack of retries of its own, and the files the sync writes.
 */
class PlainCamelContextTest {

    private static final Path GOLDEN = Path.of("core/src/test/resources/golden/recorded-2024-10");
    private static final WireMockServer OURA = SyncTestSupport.startLoopbackServer();
    private static final int READ_TIMEOUT_MS = 2000;
    /** Far beyond the read timeout, whatever the machine's speed. */
    private static final Duration ANSWER_DELAY = Duration.ofSeconds(60);

    private Path workDir;
    private CamelContext context;

    @BeforeEach
    void freshFolders() throws IOException {
        OURA.resetAll();
        workDir = Files.createTempDirectory("oura-hrv-sync-plain");
    }

    @AfterEach
    void stopAndDelete() throws IOException {
        if (context != null) {
            context.stop();
        }
        SyncTestSupport.deleteFolder(workDir);
    }

    @Test
    void aRefreshAnswered503IsSentOnceTheClientRetriesNothingOfItsOwn() throws Exception {
        start(Map.of());
        storeTokens(Instant.now().minusSeconds(60));
        OURA.stubFor(post(TOKEN_PATH).willReturn(aResponse().withStatus(503)));

        Exception failure = sync("2024-10-10", "2024-10-12");

        assertNotNull(failure, "the sync should fail");
        assertEquals(ExitCode.API_FAILURE, ExitCode.of(failure), Failures.oneLine(failure));
        assertTrue(Failures.oneLine(failure).contains("answered HTTP 503"), Failures.oneLine(failure));
        List<LoggedRequest> posts = OURA.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        assertEquals(1, posts.size(), "one token POST");
        assertEquals(TOKEN_PATH, posts.get(0).getUrl(), "the endpoint's options stay on our side");
        assertEquals(0, OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))).size(), "no data call");
        // the component is as a bare context leaves it: the no-retry rule is the endpoint's
        assertFalse(((HttpComponent) context.getComponent("http")).isAutomaticRetriesDisabled());
    }

    @Test
    void anAnswerFarSlowerThanTheReadTimeoutFailsTheCallInsteadOfHanging() throws Exception {
        start(Map.of("oura.read-timeout-ms", String.valueOf(READ_TIMEOUT_MS), "oura.retry.max-retries", "0"));
        storeTokens(Instant.now().plus(Duration.ofHours(2)));
        OURA.stubFor(get(urlPathEqualTo(SLEEP_PATH)).willReturn(okJson("{\"data\":[],\"next_token\":null}")
                .withFixedDelay((int) ANSWER_DELAY.toMillis())));

        Exception failure = sync("2024-10-10", "2024-10-12");

        assertNotNull(failure, "the sync should fail, not wait for the answer");
        String line = Failures.oneLine(failure);
        assertEquals(ExitCode.API_FAILURE, ExitCode.of(failure), line);
        assertTrue(line.contains("Read timed out"), line);
        // the call reached WireMock before the timeout ended it; on a loaded machine its log may lag behind
        Instant deadline = Instant.now().plusSeconds(30);
        while (dataCalls() == 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        assertEquals(1, dataCalls(), "one call, no retry");
        assertEquals(Map.of(), SyncTestSupport.outputs(workDir.resolve("data")), "nothing written");
    }

    @Test
    void theRecordedNightsOverSeveralPagesLandTheGoldenFilesThroughOneClientPerEndpoint() throws Exception {
        start(Map.of());
        storeTokens(Instant.now().minusSeconds(60));
        OURA.stubFor(post(TOKEN_PATH).willReturn(okJson("{\"token_type\":\"bearer\",\"access_token\":\"plain-access-1\","
                + "\"refresh_token\":\"plain-refresh-1\",\"expires_in\":86400,\"scope\":\"personal daily heartrate\"}")));
        SyncTestSupport.serveSleepPages(OURA, SyncTestSupport.recordedDocuments(), 7);

        Exception failure = sync("2024-10-10", "2024-11-02");

        assertNull(failure, () -> "sync failed: " + Failures.oneLine(failure));
        List<LoggedRequest> pages = OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH)));
        assertEquals(7, pages.size(), "48 documents, 7 a page");
        // the endpoint's options stay on our side: Oura gets the page's query and nothing else
        pages.forEach(page -> assertTrue(Set.of("start_date", "end_date", "next_token")
                .containsAll(page.getQueryParams().keySet()), page.getUrl()));
        Map<String, byte[]> written = SyncTestSupport.outputs(workDir.resolve("data"));
        Map<String, byte[]> expected = SyncTestSupport.tree(GOLDEN);
        assertEquals(expected.keySet(), written.keySet());
        expected.forEach((path, bytes) -> assertArrayEquals(bytes, written.get(path), path));
        // seven pages with seven queries, and one token POST: the data endpoint and the token endpoint, no more,
        // each with the call limits bean as its client's configurer
        List<HttpEndpoint> endpoints = context.getEndpoints().stream()
                .filter(HttpEndpoint.class::isInstance).map(HttpEndpoint.class::cast).toList();
        assertEquals(2, endpoints.size(), endpoints.toString());
        CallLimits limits = context.getRegistry().lookupByNameAndType("ouraCallLimits", CallLimits.class);
        endpoints.forEach(endpoint -> assertSame(limits, endpoint.getHttpClientConfigurer(), endpoint.toString()));
    }

    private static int dataCalls() {
        return OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))).size();
    }

    /** The host's part: its properties (the shipped file, then its own values) and the route files. */
    private void start(Map<String, String> settings) throws Exception {
        context = new DefaultCamelContext();
        // as a host does it (docs/embedding.md): the core jar's default settings and routes from the classpath
        context.getPropertiesComponent().setLocation(SyncTestSupport.SETTINGS);
        Properties overrides = new Properties();
        overrides.put("oura.api-url", "http://127.0.0.1:" + OURA.port());
        overrides.put("oura.token-url", "http://127.0.0.1:" + OURA.port() + TOKEN_PATH);
        overrides.put("oura.client-id", "plain-client");
        overrides.put("oura.client-secret", SyncTestSupport.CLIENT_SECRET);
        overrides.put("oura.token-file", workDir.resolve("config/tokens.json").toString());
        overrides.put("sync.data-dir", workDir.resolve("data").toString());
        overrides.put("sync.scheduled", "false");
        overrides.put("sync.zone", "Europe/Berlin");
        overrides.putAll(settings);
        context.getPropertiesComponent().setOverrideProperties(overrides);
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getPackageScanResourceResolver(context).findResources(SyncTestSupport.ROUTES));
        context.start();
    }

    private void storeTokens(Instant accessExpiresAt) {
        new TokenStore(workDir.resolve("config/tokens.json")).write(new StoredTokens("plain-access-0",
                "plain-refresh-0", accessExpiresAt, "personal daily heartrate", Instant.now()));
    }

    private Exception sync(String from, String to) {
        Exchange result = context.createProducerTemplate().request(SyncRequest.ENDPOINT, exchange -> {
            exchange.getIn().setHeader(SyncRequest.FROM, from);
            exchange.getIn().setHeader(SyncRequest.TO, to);
        });
        return result.getException();
    }
}
