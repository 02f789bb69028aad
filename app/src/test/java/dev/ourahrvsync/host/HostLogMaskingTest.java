package dev.ourahrvsync.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ourahrvsync.SyncTestSupport;
import dev.ourahrvsync.cli.JarProcess;
import dev.ourahrvsync.logging.SecretSpellings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A host that only includes {@code oura-hrv-sync/logback-included.xml} in its logback configuration and logs
 * everything at TRACE gets no secret in its log: a plain DefaultCamelContext in its own JVM ({@link BareContextHost},
 * logback configured by {@code host-logging/logback.xml}, no command-line code), its secrets given in its own
 * properties, runs a sync that seeds, refreshes and writes against WireMock (which runs here, so that the stand-in
 * Oura's own logging is not the host's). Secrets with characters a form or URI encodes, so that each form is looked
 * for.
 */
public class HostLogMaskingTest {

    static final String CLIENT_SECRET = "host client/secret+é=4f9d";
    static final String SEED_REFRESH_TOKEN = "host-seed/refresh+tok=5e1";
    static final String ACCESS_TOKEN = "host-access/tok+en=7d1";
    static final String REFRESH_TOKEN = "host-refresh/tok+en=2a9";
    /** Every secret the host's log must not show. */
    public static final List<String> SECRETS = List.of(CLIENT_SECRET, SEED_REFRESH_TOKEN, ACCESS_TOKEN,
            REFRESH_TOKEN);

    private static final Path GOLDEN = Path.of("core/src/test/resources/golden/recorded-2024-10");
    private static final Pattern LINE_LEVEL = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (\\w+) +(\\S+) - ",
            Pattern.MULTILINE);

    private final WireMockServer oura = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    @TempDir
    Path workDir;

    @AfterEach
    void stopOura() {
        oura.stop();
    }

    @Test
    void aHostThatOnlyIncludesTheFileLogsNoSecretAtTrace() throws Exception {
        oura.start();
        String base = "http://127.0.0.1:" + oura.port();
        oura.stubFor(post(SyncTestSupport.TOKEN_PATH)
                .withRequestBody(containing("refresh_token=" + formEncoded(SEED_REFRESH_TOKEN)))
                .willReturn(okJson(new ObjectMapper().createObjectNode()
                        .put("token_type", "bearer").put("access_token", ACCESS_TOKEN)
                        .put("refresh_token", REFRESH_TOKEN).put("expires_in", 86400)
                        .put("scope", "personal daily heartrate").toString())));
        SyncTestSupport.serveSleepPages(oura, SyncTestSupport.recordedDocuments(), 7);

        Properties host = SyncTestSupport.settings(base, workDir);
        host.put("oura.client-secret", CLIENT_SECRET);
        host.put("oura.refresh-token", SEED_REFRESH_TOKEN);
        Path hostProperties = workDir.resolve("host.properties");
        try (OutputStream out = Files.newOutputStream(hostProperties)) {
            host.store(out, "the host's own settings");
        }

        JarProcess.Result result = runHost(hostProperties.toString(), "2024-10-10", "2024-11-02");

        assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
        assertTrue(result.stdout().contains("host: sync done: "), result.stdout());
        // the secrets did travel: one refresh, with the client secret, and the data calls with the new token
        List<LoggedRequest> refreshes = oura.findAll(postRequestedFor(urlPathEqualTo(SyncTestSupport.TOKEN_PATH)));
        assertEquals(1, refreshes.size());
        assertTrue(refreshes.get(0).getBodyAsString().contains("client_secret=" + formEncoded(CLIENT_SECRET)));
        assertTrue(oura.getAllServeEvents().stream().anyMatch(event -> ("Bearer " + ACCESS_TOKEN)
                .equals(event.getRequest().getHeader("Authorization"))));
        Map<String, byte[]> written = SyncTestSupport.outputs(workDir.resolve("data"));
        Map<String, byte[]> expected = SyncTestSupport.tree(GOLDEN);
        assertEquals(expected.keySet(), written.keySet());
        expected.forEach((path, bytes) -> assertArrayEquals(bytes, written.get(path), path));

        String log = result.stdout() + result.stderr();
        Map<String, Integer> lines = levels(log, null);
        assertTrue(lines.getOrDefault("TRACE", 0) > 100 && lines.getOrDefault("DEBUG", 0) > 100,
                "the host logged at TRACE and DEBUG: " + lines);
        Set<String> pins = SecretSpellings.pinnedLoggers();
        assertTrue(pins.size() > 10, pins::toString);
        for (String pinned : pins) {
            Map<String, Integer> quieted = levels(log, pinned);
            assertEquals(0, quieted.getOrDefault("TRACE", 0) + quieted.getOrDefault("DEBUG", 0),
                    pinned + " is pinned, yet logged " + quieted);
        }
        assertEquals(List.of(), SecretSpellings.leaks(log, SECRETS));
    }

    private static JarProcess.Result runHost(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JarProcess.TEST_JVM);
        command.add("-Dlogback.configurationFile=host-logging/logback.xml");
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(BareContextHost.class.getName());
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile("host-stdout", ".txt");
        Path stderr = Files.createTempFile("host-stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // the host has no secret in its environment: what it knows comes from its properties
        builder.environment().keySet().removeIf(name -> name.startsWith("OURA_") || name.startsWith("SYNC_")
                || name.startsWith("SERVE_"));
        try {
            return JarProcess.finish(builder.start(), stdout, stderr, Duration.ofMinutes(5), "bare-context-host");
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** Lines per level, of every logger or of the loggers under {@code logger}. */
    private static Map<String, Integer> levels(String log, String logger) {
        Map<String, Integer> counts = new TreeMap<>();
        Matcher matcher = LINE_LEVEL.matcher(log);
        while (matcher.find()) {
            String name = matcher.group(2);
            if (logger == null || name.equals(logger) || name.startsWith(logger + ".")) {
                counts.merge(matcher.group(1), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static String formEncoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
