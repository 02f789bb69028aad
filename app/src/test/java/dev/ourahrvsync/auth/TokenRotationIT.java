package dev.ourahrvsync.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ourahrvsync.cli.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two real {@code sync} processes share one token store whose access token has expired. Oura's refresh tokens are
 * single use, so exactly one of them may spend R0; the other must wait for the store's lock, re-read the store and
 * use the pair the first one saved.
 *
 * <p>No timing is hoped for: the token endpoint holds its answer to R0 until the test has seen, in Linux's lock
 * table, the second process blocked on the store's lock while the first one holds it. Only then is the answer
 * released, so every data call of the waiting process provably comes after the refresh it waited for.
 */
class TokenRotationIT {

    private static final String TOKEN_PATH = "/oauth/token";
    private static final String SLEEP_PATH = "/v2/usercollection/sleep";
    private static final String A0 = "rotation-access-0-expired";
    private static final String R0 = "rotation-refresh-0";
    private static final String A1 = "rotation-access-1";
    private static final String R1 = "rotation-refresh-1";
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    /** Where there is no Linux lock table to look at, the answer is held this long instead. */
    private static final Duration FALLBACK_HOLD = Duration.ofMillis(1500);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    @Test
    void twoProcessesSpendTheSingleUseRefreshTokenExactlyOnce() throws Exception {
        Path tokenFile = workDir.resolve("config/tokens.json");
        TokenStore store = new TokenStore(tokenFile);
        Instant now = Instant.now();
        store.write(new StoredTokens(A0, R0, now.minus(Duration.ofHours(1)), "personal daily heartrate",
                now.minus(Duration.ofHours(25))));

        HeldAnswer held = new HeldAnswer(DEADLINE);
        WireMockServer oura = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(held));
        List<Process> processes = new ArrayList<>();
        try {
            oura.start();
            stubOura(oura);
            String base = "http://127.0.0.1:" + oura.port();
            Map<String, String> environment = Map.of("OURA_CLIENT_SECRET", "rotation-it-secret");
            String[] args = {"sync", "--from", "2024-10-10", "--to", "2024-10-11"};

            List<Path[]> outputs = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                Map<String, String> properties = new HashMap<>();
                properties.put("sync.data-dir", workDir.resolve("data-" + name).toString());
                properties.put("oura.token-file", tokenFile.toString());
                properties.put("oura.api-url", base);
                properties.put("oura.token-url", base + TOKEN_PATH);
                properties.put("oura.client-id", "rotation-it-client");
                Path stdout = workDir.resolve("stdout-" + name + ".txt");
                Path stderr = workDir.resolve("stderr-" + name + ".txt");
                outputs.add(new Path[] {stdout, stderr});
                processes.add(JarProcess.builder(properties, environment, args)
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .start());
            }
            Instant started = Instant.now();
            Set<Long> pids = Set.of(processes.get(0).pid(), processes.get(1).pid());

            // 1. one process holds the lock and has sent R0; its answer is held
            if (!held.arrived.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                fail("no refresh reached the token endpoint within " + DEADLINE.toSeconds() + " s; "
                        + describe(processes, outputs));
            }

            // 2. the other one is parked on the store's lock meanwhile
            Path lockFile = tokenFile.resolveSibling(tokenFile.getFileName() + ".lock");
            long holder = -1;
            long waiter = -1;
            Instant waiterSeenAt = null;
            if (ProcLocks.available()) {
                long inode = ProcLocks.inode(lockFile);
                Instant deadline = Instant.now().plus(DEADLINE);
                while (waiter < 0 && Instant.now().isBefore(deadline)) {
                    for (ProcLocks.Entry entry : ProcLocks.on(inode)) {
                        if (pids.contains(entry.pid())) {
                            if (entry.waiting()) {
                                waiter = entry.pid();
                            } else {
                                holder = entry.pid();
                            }
                        }
                    }
                    if (waiter < 0) {
                        assertTrue(processes.stream().allMatch(Process::isAlive),
                                () -> "a process ended while the refresh was held; " + describe(processes, outputs));
                        Thread.sleep(10);
                    }
                }
                waiterSeenAt = Instant.now();
                assertTrue(waiter > 0, "the second process never waited for the token store's lock within "
                        + DEADLINE.toSeconds() + " s");
                assertTrue(holder > 0, "the lock's holder is one of the two processes");
                assertNotEquals(holder, waiter);
            } else {
                // not Linux: no lock table to look at; hold the answer as long as a JVM needs to start and arrive
                Thread.sleep(FALLBACK_HOLD.toMillis());
            }

            // 3. only now does Oura answer the refresh
            held.release.countDown();
            List<JarProcess.Result> results = new ArrayList<>();
            for (int i = 0; i < processes.size(); i++) {
                results.add(JarProcess.finish(processes.get(i), outputs.get(i)[0], outputs.get(i)[1],
                        DEADLINE, args));
            }
            for (JarProcess.Result result : results) {
                assertEquals(0, result.exitCode(), result.stderr());
                assertTrue(result.stdout().contains("sync done"), result.stdout());
                for (String secret : List.of(A0, R0, A1, R1, environment.get("OURA_CLIENT_SECRET"))) {
                    assertFalse((result.stdout() + result.stderr()).contains(secret), "a process printed a secret");
                }
            }

            // one token POST in all, spending R0; nothing unmatched
            List<LoggedRequest> posts = oura.findAll(postRequestedFor(anyUrl()));
            assertEquals(1, posts.size(), "token calls: " + posts.size());
            Map<String, String> form = AuthorizationRequest.parseQuery(posts.get(0).getBodyAsString());
            assertEquals(TOKEN_PATH, posts.get(0).getUrl());
            assertEquals("refresh_token", form.get("grant_type"));
            assertEquals(R0, form.get("refresh_token"));
            assertTrue(oura.findAllUnmatchedRequests().isEmpty(), "requests WireMock had no stub for");

            // every data call with the new access token, and every one after the refresh was answered
            List<LoggedRequest> gets = oura.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH)));
            assertEquals(2, gets.size(), "one page per process");
            assertEquals(3, oura.findAll(anyRequestedFor(anyUrl())).size(), "nothing else was called");
            Instant answered = held.answeredAt.truncatedTo(ChronoUnit.MILLIS);
            for (LoggedRequest request : gets) {
                assertEquals("Bearer " + A1, request.getHeader("Authorization"));
                assertFalse(request.getLoggedDate().toInstant().isBefore(answered),
                        "a data call at " + request.getLoggedDate().toInstant() + " before the refresh was answered at "
                                + answered);
            }

            // the store holds the rotated pair, and both data folders got the nights
            StoredTokens stored = store.read().orElseThrow();
            assertEquals(R1, stored.refreshToken());
            assertEquals(A1, stored.accessToken());
            assertTrue(stored.expiresAt().isAfter(Instant.now().plus(Duration.ofHours(23))), stored.toString());
            for (String name : List.of("a", "b")) {
                Path nights = workDir.resolve("data-" + name + "/hrv/2024/10");
                assertTrue(Files.isRegularFile(nights.resolve("2024-10-10_sleep-hrv.json")), nights.toString());
                assertTrue(Files.isRegularFile(nights.resolve("2024-10-11_sleep-hrv.json")), nights.toString());
            }

            List<Instant> getTimes = gets.stream().map(r -> r.getLoggedDate().toInstant()).sorted().toList();
            System.out.printf("TokenRotationIT: processes started at +0 ms; R0 arrived at the token endpoint at +%d ms"
                            + " (holder pid %d); second process seen blocked on %s at +%d ms (pid %d);"
                            + " refresh answered at +%d ms; data calls at +%d ms and +%d ms; token POSTs: %d%n",
                    millis(started, held.arrivedAt), holder, lockFile.getFileName(),
                    waiterSeenAt == null ? -1 : millis(started, waiterSeenAt), waiter,
                    millis(started, held.answeredAt), millis(started, getTimes.get(0)),
                    millis(started, getTimes.get(1)), posts.size());
        } finally {
            held.release.countDown();
            for (Process process : processes) {
                process.destroyForcibly();
            }
            oura.stop();
        }
    }

    /** R0 is honoured once (answer held by {@link HeldAnswer}); R0 again, or anything else, is invalid_grant. */
    private static void stubOura(WireMockServer oura) throws Exception {
        String r0 = "(.*&)?refresh_token=" + R0 + "(&.*)?";
        oura.stubFor(post(TOKEN_PATH).inScenario("R0").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(matching(r0))
                .willReturn(okJson(JSON.createObjectNode()
                        .put("token_type", "bearer")
                        .put("access_token", A1)
                        .put("refresh_token", R1)
                        .put("expires_in", 86400)
                        .put("scope", "personal daily heartrate").toString())
                        .withTransformers(HeldAnswer.NAME))
                .willSetStateTo("R0 spent"));
        oura.stubFor(post(TOKEN_PATH).inScenario("R0").whenScenarioStateIs("R0 spent")
                .withRequestBody(matching(r0))
                .willReturn(invalidGrant()));
        oura.stubFor(post(TOKEN_PATH).atPriority(10).willReturn(invalidGrant()));

        ObjectNode page = JSON.createObjectNode();
        ArrayNode data = page.putArray("data");
        try (InputStream in = TokenRotationIT.class.getResourceAsStream("/oura/sleep-recorded-2024-10.json")) {
            for (JsonNode document : JSON.readTree(in).path("data")) {
                String day = document.path("day").asText();
                if (day.equals("2024-10-10") || day.equals("2024-10-11")) {
                    data.add(document);
                }
            }
        }
        page.putNull("next_token");
        oura.stubFor(get(urlPathEqualTo(SLEEP_PATH))
                .withHeader("Authorization", equalTo("Bearer " + A1))
                .willReturn(okJson(page.toString())));
    }

    private static ResponseDefinitionBuilder invalidGrant() {
        return aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\"}");
    }

    private static long millis(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    private static String describe(List<Process> processes, List<Path[]> outputs) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < processes.size(); i++) {
            Process process = processes.get(i);
            text.append("process ").append(process.pid()).append(process.isAlive() ? " running" : " ended ")
                    .append(process.isAlive() ? "" : process.exitValue()).append(": ");
            try {
                text.append(Files.readString(outputs.get(i)[1]).strip());
            } catch (Exception e) {
                text.append("(no output)");
            }
            text.append("; ");
        }
        return text.toString();
    }
}
