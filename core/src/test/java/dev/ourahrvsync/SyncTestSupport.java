package dev.ourahrvsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.ourahrvsync.auth.StoredTokens;
import dev.ourahrvsync.auth.TokenStore;
import dev.ourahrvsync.sync.SyncLock;
import dev.ourahrvsync.sync.SyncRequest;
import dev.ourahrvsync.sync.SyncState;
import org.apache.camel.Exchange;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Runs the real routes and default settings as a host gets them (the core jar's copies under
 * {@code classpath:oura-hrv-sync/}) in camel-main, with WireMock standing in for Oura and a
 * fresh data folder and token store per test. Only the edges are swapped: URLs, folders, credentials.
 */
public abstract class SyncTestSupport extends CamelMainTestSupport {

    public static final String SLEEP_PATH = "/v2/usercollection/sleep";
    public static final String TOKEN_PATH = "/oauth/token";
    public static final String CLIENT_SECRET = "test-client-secret-4f1d";
    public static final String SEED_REFRESH_TOKEN = "seed-refresh-token-77aa";
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final WireMockServer OURA = startLoopbackServer();

    /** Assigned while the superclass constructor asks for the properties, so it has no initializer. */
    protected Path workDir;

    /** A WireMock server on a free loopback port, for this JVM's life. */
    public static WireMockServer startLoopbackServer() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        // a fresh server's first answer can take seconds, beyond the short read timeouts of the fault tests
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/warm-up")).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return server;
    }

    public static String ouraUrl() {
        return ouraUrlOf(OURA);
    }

    /** The address of a stand-in Oura on this machine. */
    public static String ouraUrlOf(WireMockServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    /** The settings and routes as the core jar ships them. */
    public static final String SETTINGS = "classpath:oura-hrv-sync/application.properties";
    public static final String ROUTES = "classpath:oura-hrv-sync/routes/*.camel.yaml";

    @Override
    protected String getPropertyPlaceholderLocations() {
        return SETTINGS;
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        super.configure(configuration);
        configuration.setRoutesIncludePattern(ROUTES);
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        try {
            workDir = Files.createTempDirectory("oura-hrv-sync-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return settings(ouraUrl(), workDir);
    }

    /** The settings of a test sync: Oura at {@code ouraUrl}, the token store and data folder under {@code workDir}. */
    public static Properties settings(String ouraUrl, Path workDir) {
        Properties properties = new Properties();
        properties.put("oura.api-url", ouraUrl);
        properties.put("oura.token-url", ouraUrl + TOKEN_PATH);
        properties.put("oura.client-id", "test-client");
        properties.put("oura.client-secret", CLIENT_SECRET);
        properties.put("oura.refresh-token", SEED_REFRESH_TOKEN);
        properties.put("oura.token-file", workDir.resolve("config/tokens.json").toString());
        properties.put("sync.data-dir", workDir.resolve("data").toString());
        properties.put("sync.scheduled", "false");
        properties.put("sync.zone", "Europe/Berlin");
        return properties;
    }

    @BeforeEach
    void resetOura() {
        OURA.resetAll();
    }

    @AfterEach
    void deleteWorkDir() throws IOException {
        // stop first: a scheduled run must not write while the folder goes
        context.stop();
        deleteFolder(workDir);
    }

    protected Path dataDir() {
        return workDir.resolve("data");
    }

    protected TokenStore tokenStore() {
        return new TokenStore(workDir.resolve("config/tokens.json"));
    }

    protected void storeTokens(String access, String refresh, Instant expiresAt) {
        tokenStore().write(new StoredTokens(access, refresh, expiresAt, "personal daily heartrate", Instant.now()));
    }

    /** Runs one sync as the command line does; returns the failure, or null. */
    protected Exception sync(String from, String to) {
        Exchange result = template.request(SyncRequest.ENDPOINT, exchange -> {
            exchange.getIn().setHeader(SyncRequest.FROM, from);
            exchange.getIn().setHeader(SyncRequest.TO, to);
        });
        return result.getException();
    }

    protected void syncOk(String from, String to) {
        Exception failure = sync(from, to);
        assertNull(failure, () -> "sync failed: " + failure);
    }

    // ---- the stand-in Oura ----

    /** The token endpoint accepts {@code refreshToken} once and answers with the given pair. */
    protected static void tokenEndpointRotates(String refreshToken, String newAccess, String newRefresh, long expiresIn) {
        OURA.stubFor(post(TOKEN_PATH)
                .withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=" + refreshToken))
                .willReturn(okJson(JSON.createObjectNode()
                        .put("token_type", "bearer")
                        .put("access_token", newAccess)
                        .put("refresh_token", newRefresh)
                        .put("expires_in", expiresIn)
                        .put("scope", "personal daily heartrate")
                        .toString())));
    }

    /** Serves these documents for any dates, {@code pageSize} per page, chained by next_token. */
    protected static void serveSleepPages(List<JsonNode> documents, int pageSize) {
        serveSleepPages(OURA, documents, pageSize);
    }

    /** The same on another WireMock server (the process tests run their own). */
    public static void serveSleepPages(WireMockServer server, List<JsonNode> documents, int pageSize) {
        int pages = Math.max(1, (documents.size() + pageSize - 1) / pageSize);
        for (int page = 0; page < pages; page++) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode data = body.putArray("data");
            documents.subList(page * pageSize, Math.min(documents.size(), (page + 1) * pageSize)).forEach(data::add);
            body.put("next_token", page + 1 < pages ? "page-" + (page + 2) : null);
            MappingBuilder request = get(urlPathEqualTo(SLEEP_PATH))
                    .withQueryParam("next_token", page == 0 ? absent() : equalTo("page-" + (page + 1)));
            server.stubFor(request.willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(body.toString())));
        }
    }

    /** The recorded 48-document response of GET /v2/usercollection/sleep (see shared/oura/README.md). */
    public static List<JsonNode> recordedDocuments() {
        // provenance: public repo tgrk/ex_oura, test/fixture/vcr_cassettes/multiple_sleep.json (body decoded)
        try (InputStream in = SyncTestSupport.class.getResourceAsStream("/oura/sleep-recorded-2024-10.json")) {
            List<JsonNode> documents = new ArrayList<>();
            JSON.readTree(in).path("data").forEach(documents::add);
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The output files of a data folder, with their bytes: all but the sync state (it records when it ran) and the
     * empty lock file.
     */
    public static Map<String, byte[]> outputs(Path dataDir) throws IOException {
        Map<String, byte[]> files = tree(dataDir);
        files.remove(SyncState.FILE_NAME);
        files.remove(SyncLock.FILE_NAME);
        return files;
    }

    /** Deletes a folder with everything in it, if it is there. */
    public static void deleteFolder(Path root) throws IOException {
        if (root != null && Files.exists(root)) {
            deleteContents(root);
            Files.delete(root);
        }
    }

    /** Deletes everything a folder holds, not the folder; fails if there is no such folder. */
    public static void deleteContents(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).filter(path -> !path.equals(folder)).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Every file under a folder, by relative path, with its bytes. */
    public static Map<String, byte[]> tree(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.exists(root)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
            }
        }
        return files;
    }
}
