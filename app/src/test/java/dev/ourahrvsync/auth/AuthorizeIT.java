package dev.ourahrvsync.auth;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ourahrvsync.cli.JarProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code authorize} as a user runs it, against WireMock as Oura's token endpoint: the loopback callback (the test
 * plays the browser), pasting through standard input, --redirect-url and --code, and every way it can go wrong.
 */
class AuthorizeIT {

    private static final Pattern STATE = Pattern.compile("[?&]state=([A-Za-z0-9_-]+)");
    private static final String CODE = "auth-code-5d1e";

    @TempDir
    Path workDir;

    private WireMockServer oura;
    private Map<String, String> properties;
    private final Map<String, String> environment = Map.of("OURA_CLIENT_SECRET", "authorize-it-secret");

    @BeforeEach
    void start() {
        oura = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        oura.start();
        properties = new HashMap<>();
        properties.put("oura.token-url", "http://127.0.0.1:" + oura.port() + "/oauth/token");
        properties.put("oura.authorize-url", "https://cloud.ouraring.com/oauth/authorize");
        properties.put("oura.client-id", "authorize-it-client");
        properties.put("oura.token-file", workDir.resolve("config/tokens.json").toString());
        properties.put("sync.data-dir", workDir.resolve("data").toString());
        properties.put("authorize.open-browser", "false");
        properties.put("authorize.timeout-seconds", "60");
    }

    @AfterEach
    void stop() {
        oura.stop();
    }

    @Test
    void theLoopbackCallbackStoresTheTokens() throws Exception {
        exchangeAnswers(200);
        String redirect = "http://127.0.0.1:" + freePort() + "/callback";
        properties.put("oura.redirect-uri", redirect);
        Running authorize = Running.start(properties, environment, workDir, "authorize");

        String state = authorize.awaitState();
        assertTrue(authorize.stdout().contains("https://cloud.ouraring.com/oauth/authorize?response_type=code"
                + "&client_id=authorize-it-client&redirect_uri=" + encoded(redirect)
                + "&scope=personal%20daily%20heartrate&state=" + state), authorize.stdout());
        HttpResponse<String> page = browse(redirect + "?code=" + CODE + "&state=" + state
                + "&scope=personal%20daily%20heartrate");
        JarProcess.Result result = authorize.finish();

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("authorized"), page.body());
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stdout().contains("Next: java -jar target/oura-hrv-sync.jar sync"), result.stdout());
        assertExchangedOnce(redirect);
        assertStored();
    }

    @Test
    void aCallbackErrorIsAClearMessageAndNoExchange() throws Exception {
        exchangeAnswers(200);
        String redirect = "http://localhost:" + freePort() + "/cb";
        properties.put("oura.redirect-uri", redirect);
        Running authorize = Running.start(properties, environment, workDir, "authorize");

        String state = authorize.awaitState();
        HttpResponse<String> page = browse(redirect.replace("localhost", "127.0.0.1")
                + "?error=access_denied&error_description=User%20denied&state=" + state);
        JarProcess.Result result = authorize.finish();

        assertEquals(400, page.statusCode());
        assertEquals(3, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("Oura did not authorize this tool: access_denied (User denied)"),
                result.stderr());
        assertEquals(0, oura.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))).size());
        assertFalse(Files.exists(workDir.resolve("config/tokens.json")));
    }

    @Test
    void pastingTheRedirectAddressThroughStandardInput() throws Exception {
        exchangeAnswers(200);
        properties.put("oura.redirect-uri", "https://example.com/callback");
        Running authorize = Running.start(properties, environment, workDir, "authorize");

        String state = authorize.awaitState();
        authorize.type("https://example.com/callback?code=" + CODE + "&state=" + state + "&scope=personal\n");
        JarProcess.Result result = authorize.finish();

        assertEquals(0, result.exitCode(), result.stderr());
        assertExchangedOnce("https://example.com/callback");
        assertStored();
    }

    @Test
    void aStateMismatchIsRefusedBeforeAnyExchange() throws Exception {
        exchangeAnswers(200);
        properties.put("oura.redirect-uri", "https://example.com/callback");
        Running authorize = Running.start(properties, environment, workDir, "authorize");

        authorize.awaitState();
        authorize.type("https://example.com/callback?code=" + CODE + "&state=forged-state\n");
        JarProcess.Result result = authorize.finish();

        assertEquals(3, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("'state' differs"), result.stderr());
        assertEquals(0, oura.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))).size());
        assertFalse(Files.exists(workDir.resolve("config/tokens.json")));
    }

    @Test
    void headlessInTwoStepsWithRedirectUrl() throws Exception {
        exchangeAnswers(200);
        properties.put("oura.redirect-uri", "https://example.com/callback");

        JarProcess.Result first = JarProcess.run(properties, environment, workDir, "authorize");
        Matcher state = STATE.matcher(first.stdout());
        assertTrue(state.find(), first.stdout());
        assertEquals(3, first.exitCode(), "nothing pasted: authorization still needed");
        assertTrue(first.stderr().contains("authorize --redirect-url"), first.stderr());

        JarProcess.Result second = JarProcess.run(properties, environment, workDir, "authorize", "--redirect-url",
                "https://example.com/callback?code=" + CODE + "&state=" + state.group(1));

        assertEquals(0, second.exitCode(), second.stderr());
        assertExchangedOnce("https://example.com/callback");
        assertStored();
    }

    @Test
    void aBareCodeIsExchangedOnce() throws Exception {
        exchangeAnswers(200);
        properties.put("oura.redirect-uri", "https://example.com/callback");

        JarProcess.Result result = JarProcess.run(properties, environment, workDir, "authorize", "--code", CODE);

        assertEquals(0, result.exitCode(), result.stderr());
        assertExchangedOnce("https://example.com/callback");
        assertStored();
    }

    @Test
    void aRefusedExchangeIsExit3AndAFailingServerExit4AndTheCodeIsNeverSentTwice() throws Exception {
        properties.put("oura.redirect-uri", "https://example.com/callback");

        exchangeAnswers(400);
        JarProcess.Result refused = JarProcess.run(properties, environment, workDir, "authorize", "--code", CODE);
        assertEquals(3, refused.exitCode(), refused.stderr());
        assertTrue(refused.stderr().contains("invalid_grant"), refused.stderr());
        assertEquals(1, oura.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))).size());

        oura.resetAll();
        exchangeAnswers(503);
        JarProcess.Result failing = JarProcess.run(properties, environment, workDir, "authorize", "--code", CODE);
        assertEquals(4, failing.exitCode(), failing.stderr());
        assertEquals(1, oura.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))).size(), "never retried");
        assertFalse(Files.exists(workDir.resolve("config/tokens.json")));
        assertEquals(1, refused.stderr().strip().lines().count(), refused.stderr());
        assertEquals(1, failing.stderr().strip().lines().count(), failing.stderr());
    }

    @Test
    void statusSaysWhatIsStoredWithoutAToken() throws Exception {
        exchangeAnswers(200);
        properties.put("oura.redirect-uri", "https://example.com/callback");
        assertEquals(0, JarProcess.run(properties, environment, workDir, "authorize", "--code", CODE).exitCode());

        JarProcess.Result status = JarProcess.run(properties, environment, workDir, "status");

        assertEquals(0, status.exitCode(), status.stderr());
        assertTrue(status.stdout().contains("access token present, refresh token present"), status.stdout());
        assertTrue(status.stdout().contains("valid until"), status.stdout());
        assertTrue(status.stdout().contains("Scopes granted:    personal daily heartrate"), status.stdout());
        assertTrue(status.stdout().contains("Last sync:         never"), status.stdout());
        assertFalse(status.stdout().contains("it-access-token-0c4"));
        assertFalse(status.stdout().contains("it-refresh-token-8b2"));
    }

    private void exchangeAnswers(int status) {
        String body = status == 200
                ? "{\"token_type\":\"bearer\",\"access_token\":\"it-access-token-0c4\",\"expires_in\":2591999,"
                        + "\"refresh_token\":\"it-refresh-token-8b2\",\"scope\":\"personal daily heartrate\"}"
                : status == 400 ? "{\"error\":\"invalid_grant\"}" : "{\"detail\":\"Service Unavailable\"}";
        oura.stubFor(post("/oauth/token").withRequestBody(containing("grant_type=authorization_code"))
                .willReturn(status == 200 ? okJson(body) : aResponse().withStatus(status)
                        .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private void assertExchangedOnce(String redirect) {
        List<LoggedRequest> exchanges = oura.findAll(postRequestedFor(urlPathEqualTo("/oauth/token")));
        assertEquals(1, exchanges.size(), "an authorization code is single use");
        String form = exchanges.get(0).getBodyAsString();
        assertTrue(form.contains("grant_type=authorization_code"), form);
        assertTrue(form.contains("code=" + CODE), form);
        assertTrue(form.contains("redirect_uri=" + encoded(redirect)), form);
        assertTrue(form.contains("client_id=authorize-it-client"), form);
        assertTrue(form.contains("client_secret=authorize-it-secret"), form);
    }

    private void assertStored() {
        StoredTokens stored = new TokenStore(workDir.resolve("config/tokens.json")).read().orElseThrow();
        assertEquals("it-access-token-0c4", stored.accessToken());
        assertEquals("it-refresh-token-8b2", stored.refreshToken());
        assertTrue(stored.expiresAt().isAfter(Instant.now().plus(Duration.ofDays(29))));
    }

    private static String encoded(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static HttpResponse<String> browse(String address) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(address))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A running {@code authorize} with its standard input open and its output readable while it runs. */
    private record Running(Process process, Path outFile, Path errFile, OutputStream stdin) {

        static Running start(Map<String, String> properties, Map<String, String> environment, Path workDir,
                             String... args) throws IOException {
            Path out = Files.createTempFile(workDir, "stdout", ".txt");
            Path err = Files.createTempFile(workDir, "stderr", ".txt");
            Process process = JarProcess.builder(properties, environment, args)
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new Running(process, out, err, process.getOutputStream());
        }

        String stdout() throws IOException {
            return Files.readString(outFile, StandardCharsets.UTF_8);
        }

        /** Waits until the address is printed (and, on loopback, the listener is up) and returns its state. */
        String awaitState() throws Exception {
            Instant deadline = Instant.now().plusSeconds(60);
            while (Instant.now().isBefore(deadline)) {
                String printed = stdout();
                Matcher state = STATE.matcher(printed);
                if (state.find() && (printed.contains("Paste") || printed.contains("Waiting"))) {
                    return state.group(1);
                }
                assertTrue(process.isAlive(), () -> "authorize ended early: " + read(errFile));
                Thread.sleep(20);
            }
            throw new AssertionError("authorize printed no address within 60 s");
        }

        void type(String text) throws IOException {
            stdin.write(text.getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        JarProcess.Result finish() throws Exception {
            stdin.close();
            return JarProcess.finish(process, outFile, errFile, "authorize");
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        }
    }
}
