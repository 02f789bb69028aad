package dev.ourahrvsync;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ourahrvsync.host.SpringBootHost;
import dev.ourahrvsync.logging.SecretSpellings;
import dev.ourahrvsync.logging.Secrets;
import dev.ourahrvsync.springboot.OuraSyncDefaultSettings;
import dev.ourahrvsync.sync.Failures;
import dev.ourahrvsync.sync.SyncRequest;
import dev.ourahrvsync.sync.SyncState;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.ourahrvsync.SyncTestSupport.OURA;
import static dev.ourahrvsync.SyncTestSupport.SLEEP_PATH;
import static dev.ourahrvsync.SyncTestSupport.TOKEN_PATH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The starter in a Spring Boot host ({@link SpringBootHost}, no web server) that adds only the dependency and its
 * settings (application.yml, and the secrets, addresses and folders below, as its environment would give them), with
 * WireMock on 127.0.0.1 as Oura. One application context for every test: each resets Oura, the token store (so each
 * sync seeds and refreshes once) and the data folder.
 */
@SpringBootTest(classes = SpringBootHost.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ExtendWith(OutputCaptureExtension.class)
class SpringBootStarterTest {

    private static final Logger LOG = LoggerFactory.getLogger(SpringBootStarterTest.class);
    /** The standalone jar's golden files (core's test resources; the tests run in the module's folder). */
    private static final Path GOLDEN = Path.of(System.getProperty("golden.dir"), "recorded-2024-10");
    // with characters a form or URI encodes, so that every spelling is looked for in the log
    private static final String CLIENT_SECRET = "spring client/secret+é=8c2e";
    private static final String SEED_REFRESH_TOKEN = "spring-seed/refresh+tok=3b7";
    private static final String ACCESS_TOKEN = "spring-access/tok+en=9f4";
    private static final String REFRESH_TOKEN = "spring-refresh/tok+en=1d6";
    /** Known to no bean of the core: only the registration of the secret settings from the host's properties. */
    private static final String SERVE_KEY = "spring-serve-key-4a8e1c07b95d3f26";
    private static final List<String> SECRETS = List.of(CLIENT_SECRET, SEED_REFRESH_TOKEN, ACCESS_TOKEN,
            REFRESH_TOKEN, SERVE_KEY);
    private static final Path WORK_DIR = createWorkDir();
    /** Free once Oura has its port: serving would listen here. */
    private static final int SERVE_PORT = freePortBesideOura();
    /** Spring Boot's default console line: date, level, pid, ---, [thread], logger (cut to 40), colon, message. */
    private static final Pattern LINE = Pattern.compile(
            "^\\S+\\s+(TRACE|DEBUG|INFO|WARN|ERROR)\\s+\\d+\\s+---\\s+(?:\\[[^\\]\\n]*\\]\\s*)+(\\S+)\\s+:\\s",
            Pattern.MULTILINE);

    @Autowired
    private CamelContext camelContext;
    @Autowired
    private ProducerTemplate template;
    @Autowired
    private ConfigurableEnvironment environment;
    @Autowired
    private ApplicationContext applicationContext;

    /** The host's secrets, Oura's addresses and its folders, as its environment would give them. */
    @DynamicPropertySource
    static void hostSettings(DynamicPropertyRegistry registry) {
        registry.add("oura.api-url", SyncTestSupport::ouraUrl);
        registry.add("oura.token-url", () -> SyncTestSupport.ouraUrl() + TOKEN_PATH);
        registry.add("oura.client-secret", () -> CLIENT_SECRET);
        registry.add("oura.refresh-token", () -> SEED_REFRESH_TOKEN);
        registry.add("oura.token-file", () -> tokenFile().toString());
        registry.add("sync.data-dir", () -> dataDir().toString());
        registry.add("serve.port", () -> SERVE_PORT);
        registry.add("serve.key", () -> SERVE_KEY);
    }

    @BeforeEach
    void resetOuraTokensAndData() throws IOException {
        OURA.resetAll();
        SyncTestSupport.deleteContents(tokenFile().getParent());
        SyncTestSupport.deleteContents(dataDir());
    }

    @AfterAll
    static void deleteWorkDir() throws IOException {
        SyncTestSupport.deleteFolder(WORK_DIR);
    }

    @Test
    void aSyncThroughTheContractLandsTheGoldenBytesWithOneTokenPost() throws IOException {
        Exception failure = syncTheRecordedNights();

        assertNull(failure, () -> "sync failed: " + Failures.oneLine(failure));
        Map<String, byte[]> written = SyncTestSupport.outputs(dataDir());
        Map<String, byte[]> expected = SyncTestSupport.tree(GOLDEN);
        assertEquals(expected.keySet(), written.keySet());
        expected.forEach((path, bytes) -> assertArrayEquals(bytes, written.get(path), path));
        List<LoggedRequest> refreshes = OURA.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        assertEquals(1, refreshes.size(), "one token POST");
        assertTrue(refreshes.get(0).getBodyAsString().contains("client_secret=" + formEncoded(CLIENT_SECRET)),
                "the host's client secret");
        // 48 documents, 7 a page, each call with the rotated access token
        assertEquals(7, OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))).size());
    }

    @Test
    void atTraceAndDebugTheHostsLogHasNoSecret(CapturedOutput output) {
        Exception failure = syncTheRecordedNights();
        assertNull(failure, () -> "sync failed: " + Failures.oneLine(failure));
        // what reaches the host's console through the masking converters: a message and a stack trace
        LOG.info("The host logs a secret itself: {}", CLIENT_SECRET,
                new IllegalStateException("a failure naming " + SERVE_KEY));

        String log = output.getAll();
        Map<String, Integer> detailLines = detailLinesByFamily(log);
        assertTrue(detailLines.getOrDefault("dev.ourahrvsync", 0) > 0 && detailLines.getOrDefault("camel", 0) > 0,
                () -> "the host's DEBUG/TRACE levels were on: " + detailLines);
        assertTrue(linesOf(log, SpringBootStarterTest.class.getName()) > 0, "the host's own line is in the log");
        assertEquals(List.of(), SecretSpellings.leaks(log, SECRETS));
        // the pins hold over the host's own levels (it set the wire to DEBUG), and only there
        for (String pinned : SecretSpellings.pinnedLoggers()) {
            assertFalse(LoggerFactory.getLogger(pinned).isDebugEnabled(), pinned);
        }
        assertTrue(LoggerFactory.getLogger("org.apache.camel.impl.engine").isTraceEnabled());
        // the secret settings were registered from the host's Environment, whichever bean takes them
        SECRETS.forEach(secret -> assertFalse(Secrets.mask("[" + secret + "]").contains(secret), secret));
    }

    @Test
    void servingAskedForOpensNoPort() throws IOException {
        assertEquals("true", environment.getProperty("serve.enabled"));
        Exception failure = syncTheRecordedNights();
        assertNull(failure, () -> "sync failed: " + Failures.oneLine(failure));

        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), SERVE_PORT).close());
        assertNull(camelContext.getRoute("oura-serve-files"));
        assertTrue(camelContext.getEndpoints().stream().noneMatch(endpoint -> endpoint.getEndpointUri()
                .startsWith("platform-http")), () -> camelContext.getEndpoints().toString());
    }

    @Test
    void theHostsOwnSyncRouteAndSyncStateBeanStayTheHosts() {
        assertEquals(SpringBootHost.HOST_REPLY, template.requestBody("direct:sync", null, String.class));
        assertInstanceOf(SpringBootHost.HostSyncState.class, applicationContext.getBean("syncState"));
        assertNotNull(camelContext.getRegistry().lookupByNameAndType("ouraSyncState", SyncState.class));
        List<String> routeIds = camelContext.getRoutes().stream().map(Route::getRouteId).sorted().toList();
        assertTrue(routeIds.contains("sync") && routeIds.contains("oura-sync"), routeIds::toString);
        assertTrue(routeIds.stream().allMatch(id -> id.equals("sync") || id.startsWith("oura-")), routeIds::toString);
    }

    @Test
    void theHostsValuesWinAndTheDefaultsFillTheRest() {
        assertEquals("Europe/Berlin", environment.getProperty("sync.zone"), "the host's, over an empty default");
        assertEquals("spring-host-client", camelContext.resolvePropertyPlaceholders("{{oura.client-id}}"));
        assertEquals("4", environment.getProperty("oura.retry.max-retries"), "the default");
        assertEquals("30", camelContext.resolvePropertyPlaceholders("{{sync.window-days}}"), "the default");
        // below every source of the host that sets the sync's keys: its application.yml, its environment
        List<String> sourcesWithSyncKeys = environment.getPropertySources().stream()
                .filter(source -> source instanceof EnumerablePropertySource<?> enumerable
                        && Arrays.stream(enumerable.getPropertyNames()).anyMatch(name -> name.startsWith("oura.")))
                .map(PropertySource::getName).toList();
        assertTrue(sourcesWithSyncKeys.size() >= 3, sourcesWithSyncKeys::toString);
        assertEquals(OuraSyncDefaultSettings.PROPERTY_SOURCE, sourcesWithSyncKeys.get(sourcesWithSyncKeys.size() - 1),
                sourcesWithSyncKeys::toString);
    }

    /** One sync of the recorded nights as a host asks for it; the failure, or null. */
    private Exception syncTheRecordedNights() {
        OURA.stubFor(post(TOKEN_PATH)
                .withRequestBody(containing("refresh_token=" + formEncoded(SEED_REFRESH_TOKEN)))
                .willReturn(okJson(SyncTestSupport.JSON.createObjectNode()
                        .put("token_type", "bearer").put("access_token", ACCESS_TOKEN)
                        .put("refresh_token", REFRESH_TOKEN).put("expires_in", 86400)
                        .put("scope", "personal daily heartrate").toString())));
        SyncTestSupport.serveSleepPages(OURA, SyncTestSupport.recordedDocuments(), 7);
        Exchange result = template.request(SyncRequest.ENDPOINT, exchange -> {
            exchange.getIn().setHeader(SyncRequest.FROM, "2024-10-10");
            exchange.getIn().setHeader(SyncRequest.TO, "2024-11-02");
        });
        return result.getException();
    }

    /** DEBUG and TRACE lines of the sync's loggers and of Camel's (names Spring Boot may shorten to o.a.c.). */
    private static Map<String, Integer> detailLinesByFamily(String log) {
        Map<String, Integer> counts = new TreeMap<>();
        Matcher line = LINE.matcher(log);
        while (line.find()) {
            String logger = line.group(2);
            if (line.group(1).equals("DEBUG") || line.group(1).equals("TRACE")) {
                if (logger.startsWith("dev.ourahrvsync.") || logger.startsWith("d.o.")) {
                    counts.merge("dev.ourahrvsync", 1, Integer::sum);
                } else if (logger.startsWith("org.apache.camel.") || logger.startsWith("o.a.c.")
                        || logger.startsWith("o.a.camel.")) {
                    counts.merge("camel", 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static int linesOf(String log, String logger) {
        int count = 0;
        Matcher line = LINE.matcher(log);
        while (line.find()) {
            if (line.group(2).equals(logger)) {
                count++;
            }
        }
        return count;
    }

    private static String formEncoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static Path tokenFile() {
        return WORK_DIR.resolve("config/tokens.json");
    }

    private static Path dataDir() {
        return WORK_DIR.resolve("data");
    }

    private static Path createWorkDir() {
        try {
            Path workDir = Files.createTempDirectory("oura-hrv-sync-spring-boot");
            Files.createDirectories(workDir.resolve("config"));
            Files.createDirectories(workDir.resolve("data"));
            return workDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePortBesideOura() {
        SyncTestSupport.ouraUrl();
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
