package dev.ourahrvsync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ourahrvsync.sync.ExitCode;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

/**
 * The faults of issue 6, each injected into the calls of the second window of a sync of 2024-10-10..2024-10-15 in
 * windows of three days, while the first window (2024-10-10..2024-10-12) is served as recorded. Shared by the route
 * tests ({@link FaultSuiteTest}) and the process tests ({@link FaultProcessIT}): what each fault does to the run,
 * the exit status, what the one line must say and how many calls the second window may take.
 */
enum OuraFault {

    CONNECTION_RESET(ExitCode.API_FAILURE, 3, oura -> oura.secondWindow(aResponse()
            .withFault(Fault.CONNECTION_RESET_BY_PEER)), "could not be reached or broke off", "Connection reset"),
    EMPTY_RESPONSE(ExitCode.API_FAILURE, 3, oura -> oura.secondWindow(aResponse().withFault(Fault.EMPTY_RESPONSE)),
            "could not be reached or broke off", "failed to respond"),
    MALFORMED_CHUNK(ExitCode.API_FAILURE, 3, oura -> oura.secondWindow(aResponse()
            .withFault(Fault.MALFORMED_RESPONSE_CHUNK)), "could not be reached or broke off"),
    RANDOM_DATA_THEN_CLOSE(ExitCode.API_FAILURE, 3, oura -> oura.secondWindow(aResponse()
            .withFault(Fault.RANDOM_DATA_THEN_CLOSE)), "could not be reached or broke off"),
    READ_TIMEOUT(ExitCode.API_FAILURE, 3, oura -> oura.secondWindow(FaultyOura.recordedPage()
            .withFixedDelay(10 * FaultyOura.SHORT_READ_TIMEOUT_MS)), "could not be reached or broke off", "timed out") {
        @Override
        Map<String, String> limits() {
            return Map.of("oura.read-timeout-ms", String.valueOf(FaultyOura.SHORT_READ_TIMEOUT_MS));
        }
    },
    HTTP_500_THEN_OK(ExitCode.OK, 3, oura -> oura.secondWindowFailsThenAnswers(500, 2)),
    HTTP_502_THEN_OK(ExitCode.OK, 3, oura -> oura.secondWindowFailsThenAnswers(502, 2)),
    HTTP_503_THEN_OK(ExitCode.OK, 3, oura -> oura.secondWindowFailsThenAnswers(503, 2)),
    HTTP_504_THEN_OK(ExitCode.OK, 3, oura -> oura.secondWindowFailsThenAnswers(504, 2)),
    HTTP_503_FOR_GOOD(ExitCode.API_FAILURE, 3, oura -> oura.secondWindow(aResponse().withStatus(503)),
            "HTTP 503", "after the configured retries"),
    RATE_LIMITED_THEN_OK(ExitCode.OK, 2, oura -> oura.oura().stubFor(oura.secondWindowCall().inScenario("429")
            .whenScenarioStateIs(STARTED).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
            .willSetStateTo("waited"))),
    RATE_LIMITED_FOR_GOOD(ExitCode.API_FAILURE, 3, oura -> oura.secondWindow(aResponse().withStatus(429)
            .withHeader("Retry-After", "0")), "HTTP 429", "after the configured retries"),
    RATE_LIMITED_TOO_LONG(ExitCode.API_FAILURE, 1, oura -> oura.secondWindow(aResponse().withStatus(429)
            .withHeader("Retry-After", "3600")), "HTTP 429", "3600 s", "oura.retry.max-retry-after-seconds"),
    /** Only the old access token is refused: the call after the refresh carries the new one and is served. */
    UNAUTHORIZED_THEN_OK(ExitCode.OK, 2, oura -> oura.oura().stubFor(oura.secondWindowCall()
            .withHeader("Authorization", equalTo("Bearer " + FaultyOura.ACCESS_1))
            .willReturn(aResponse().withStatus(401)))),
    UNAUTHORIZED_TWICE(ExitCode.AUTHORIZATION_NEEDED, 2, oura -> oura.secondWindow(aResponse().withStatus(401)),
            "HTTP 401", "authorize"),
    UNAUTHORIZED_AND_REFRESH_REFUSED(ExitCode.AUTHORIZATION_NEEDED, 1, oura -> {
        oura.secondWindow(aResponse().withStatus(401));
        oura.oura().stubFor(post(SyncTestSupport.TOKEN_PATH).atPriority(1).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"invalid_grant\"}")));
    }, "refused the refresh", "invalid_grant", "authorize") {
        @Override
        boolean namesTheCall() {
            return false;
        }
    },
    FORBIDDEN(ExitCode.API_FAILURE, 1, oura -> oura.secondWindow(aResponse().withStatus(403)),
            "HTTP 403", "membership", "'daily' scope"),
    UPGRADE_REQUIRED(ExitCode.API_FAILURE, 1, oura -> oura.secondWindow(aResponse().withStatus(426)),
            "HTTP 426", "update the Oura app"),
    UNPROCESSABLE(ExitCode.API_FAILURE, 1, oura -> oura.secondWindow(aResponse().withStatus(422)
            .withHeader("Content-Type", "application/json").withBody("{\"detail\":[{\"loc\":[\"query\",\"end_date\"],"
                    + "\"msg\":\"end_date must not be before start_date\",\"type\":\"value_error\"}]}")),
            "HTTP 422", "end_date must not be before start_date"),
    BAD_REQUEST(ExitCode.API_FAILURE, 1, oura -> oura.secondWindow(aResponse().withStatus(400)
            .withHeader("Content-Type", "application/json").withBody("{\"detail\":\"Invalid next_token\"}")),
            "HTTP 400", "Invalid next_token"),
    /** A 200 whose body stops half-way (its Content-Length says so too: only the JSON is cut). */
    TRUNCATED_JSON(ExitCode.API_FAILURE, 1, oura -> oura.secondWindow(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json").withBody(FaultyOura.recordedBody()
                    .substring(0, FaultyOura.recordedBody().length() / 2))), "not valid JSON"),
    NO_DATA(ExitCode.API_FAILURE, 1, oura -> oura.secondWindow(okJson("{\"next_token\":null}")), "no 'data'"),
    /** Every page, the first and the one it points to, says the same page comes next. */
    REPEATED_NEXT_TOKEN(ExitCode.API_FAILURE, 2, oura -> oura.secondWindow(okJson(
            FaultyOura.recordedBodyWithNextToken("page-again"))), "repeats the next_token of an earlier page"),
    /** Every page points to a fresh next page, without end: paged up to the cap, then the window fails. */
    ENDLESS_NEXT_TOKEN(ExitCode.API_FAILURE, FaultyOura.MAX_PAGES, oura -> oura.secondWindow(okJson(
            "{\"data\":[],\"next_token\":\"{{randomValue length=24 type='ALPHANUMERIC'}}\"}")
            .withTransformers("response-template")), "oura.max-pages-per-window", "stopped rather than page forever"),
    /** The recorded page a few bytes every 100 ms, for minutes: each read is quick, the whole answer is not. */
    TRICKLING_ANSWER(ExitCode.API_FAILURE, 1, oura -> oura.secondWindow(FaultyOura.recordedPage()
            .withGzipDisabled(true).withChunkedDribbleDelay(3000, 300_000)), "oura.call-timeout-ms", "not retried") {
        @Override
        Map<String, String> limits() {
            return Map.of("oura.call-timeout-ms", String.valueOf(FaultyOura.SHORT_CALL_TIMEOUT_MS));
        }
    },
    /** To the same path on another server: followed, it would be served, with the Authorization header. */
    REDIRECT(ExitCode.API_FAILURE, 1, oura -> oura.secondWindow(aResponse().withStatus(302)
            .withHeader("Location", oura.elsewhereUrl() + SyncTestSupport.SLEEP_PATH + "?start_date="
                    + FaultyOura.SECOND_WINDOW_QUERY_START + "&end_date=2024-10-16")),
            "HTTP 302", "redirect", "not followed");

    private final ExitCode exitCode;
    private final int secondWindowCalls;
    private final Consumer<FaultyOura> injection;
    private final List<String> said;

    OuraFault(ExitCode exitCode, int secondWindowCalls, Consumer<FaultyOura> injection, String... said) {
        this.exitCode = exitCode;
        this.secondWindowCalls = secondWindowCalls;
        this.injection = injection;
        this.said = List.of(said);
    }

    /** Makes the stand-in misbehave on the second window's calls (the recorded nights are served already). */
    void inject(FaultyOura oura) {
        injection.accept(oura);
    }

    ExitCode exitCode() {
        return exitCode;
    }

    boolean syncSucceeds() {
        return exitCode == ExitCode.OK;
    }

    /** The calls the second window takes: the first, and the bounded retries the fault earns. */
    int secondWindowCalls() {
        return secondWindowCalls;
    }

    /** What the one line says besides the endpoint and the days. */
    List<String> said() {
        return said;
    }

    /**
     * The call limits this fault is tested with, over {@link FaultyOura#SETTINGS}: only a fault that must run into a
     * limit gets a short one, and its delay is far beyond it; every other fault runs with limits no good call of a
     * fresh JVM on a loaded machine comes near.
     */
    Map<String, String> limits() {
        return Map.of();
    }

    /** Whether the one line names the data call and its days (a refused refresh names the refresh instead). */
    boolean namesTheCall() {
        return true;
    }

    /** Whether the sync asks the token endpoint for a new pair on the way (once, never more). */
    boolean refreshes() {
        return this == UNAUTHORIZED_THEN_OK || this == UNAUTHORIZED_TWICE || this == UNAUTHORIZED_AND_REFRESH_REFUSED;
    }

    /** Whether the sync gets a new pair, which the token store must then hold. */
    boolean rotates() {
        return refreshes() && this != UNAUTHORIZED_AND_REFRESH_REFUSED;
    }

    /**
     * The stand-in Oura of the fault scenarios: the recorded nights in one page for any days, a token endpoint that
     * rotates {@link #REFRESH_1} once, and another server ("elsewhere") on another port that a redirect points to.
     */
    static final class FaultyOura {

        static final LocalDate FIRST_DAY = LocalDate.parse("2024-10-10");
        static final LocalDate LAST_DAY = LocalDate.parse("2024-10-15");
        /** The planner's today for a sync without dates: tomorrow (the 15th) is fetched, the state settles at 14. */
        static final LocalDate TODAY = LocalDate.parse("2024-10-14");
        static final int WINDOW_DAYS = 3;
        static final LocalDate LAST_DAY_OF_FIRST_WINDOW = FIRST_DAY.plusDays(WINDOW_DAYS - 1L);
        /** The second window asks for one day more on each side: this start_date tells its calls apart. */
        static final String SECOND_WINDOW_QUERY_START = LAST_DAY_OF_FIRST_WINDOW.toString();
        static final String SECOND_WINDOW = LAST_DAY_OF_FIRST_WINDOW.plusDays(1) + ".." + LAST_DAY;
        /**
         * The read timeout of {@link OuraFault#READ_TIMEOUT}: the first window's good call (a warm stand-in's first
         * byte, some ms) must beat it, so it is far above that even on a loaded machine; its stall is 10 times it.
         */
        static final int SHORT_READ_TIMEOUT_MS = 5000;
        /** The call deadline of {@link OuraFault#TRICKLING_ANSWER}: far above a good call, far below the trickle. */
        static final int SHORT_CALL_TIMEOUT_MS = 10_000;
        static final int MAX_PAGES = 5;

        static final String ACCESS_1 = "fault-access-1-e7c2d9";
        static final String REFRESH_1 = "fault-refresh-1-94ad07";
        static final String ACCESS_2 = "fault-access-2-3b18f6";
        static final String REFRESH_2 = "fault-refresh-2-c05f4e";
        /** Every secret of the scenarios: the client secret and the tokens. */
        static final List<String> SECRETS = List.of(SyncTestSupport.CLIENT_SECRET, SyncTestSupport.SEED_REFRESH_TOKEN,
                ACCESS_1, REFRESH_1, ACCESS_2, REFRESH_2);

        /**
         * Retries fast and bounded: two retries 20 ms apart at first, at most 100 ms; 429 waits up to 2 s. The time
         * limits are the shipped ones (30 s between bytes, 120 s a call, 10 s to connect), so that no retry, and no count of calls, depends on how busy the machine is.
         */
        static final Map<String, String> SETTINGS = Map.ofEntries(
                Map.entry("oura.retry.max-retries", "2"),
                Map.entry("oura.retry.initial-delay-ms", "20"),
                Map.entry("oura.retry.max-delay-ms", "100"),
                Map.entry("oura.read-timeout-ms", "30000"),
                Map.entry("oura.connect-timeout-ms", "10000"),
                Map.entry("oura.call-timeout-ms", "120000"),
                Map.entry("oura.max-pages-per-window", String.valueOf(MAX_PAGES)),
                Map.entry("oura.retry.max-retry-after-seconds", "2"),
                Map.entry("sync.window-days", String.valueOf(WINDOW_DAYS)),
                Map.entry("sync.start-date", FIRST_DAY.toString()),
                Map.entry("sync.metrics", "hrv,rhr"));

        private final WireMockServer oura;
        private final WireMockServer elsewhere;

        FaultyOura(WireMockServer oura, WireMockServer elsewhere) {
            this.oura = oura;
            this.elsewhere = elsewhere;
        }

        /** The recorded nights for any days on both servers, and one rotation of the token pair. */
        void serveRecorded() {
            SyncTestSupport.serveSleepPages(oura, SyncTestSupport.recordedDocuments(), 48);
            SyncTestSupport.serveSleepPages(elsewhere, SyncTestSupport.recordedDocuments(), 48);
            oura.stubFor(post(SyncTestSupport.TOKEN_PATH)
                    .withRequestBody(containing("grant_type=refresh_token"))
                    .withRequestBody(containing("refresh_token=" + REFRESH_1))
                    .willReturn(okJson("{\"token_type\":\"bearer\",\"access_token\":\"" + ACCESS_2
                            + "\",\"refresh_token\":\"" + REFRESH_2 + "\",\"expires_in\":86400,"
                            + "\"scope\":\"personal daily heartrate\"}")));
        }

        WireMockServer oura() {
            return oura;
        }

        String elsewhereUrl() {
            return "http://127.0.0.1:" + elsewhere.port();
        }

        /** A call of the second window, whatever its page; it wins over the recorded pages. */
        MappingBuilder secondWindowCall() {
            return get(urlPathEqualTo(SyncTestSupport.SLEEP_PATH))
                    .withQueryParam("start_date", equalTo(SECOND_WINDOW_QUERY_START))
                    .atPriority(1);
        }

        void secondWindow(ResponseDefinitionBuilder answer) {
            oura.stubFor(secondWindowCall().willReturn(answer));
        }

        /** The second window's first {@code times} calls answer {@code status}; then the recorded page comes. */
        void secondWindowFailsThenAnswers(int status, int times) {
            String state = STARTED;
            for (int failure = 1; failure <= times; failure++) {
                String next = "failed " + failure + " time(s)";
                oura.stubFor(secondWindowCall().inScenario("HTTP " + status).whenScenarioStateIs(state)
                        .willReturn(aResponse().withStatus(status)).willSetStateTo(next));
                state = next;
            }
        }

        List<LoggedRequest> secondWindowCalls() {
            return oura.findAll(getRequestedFor(urlPathEqualTo(SyncTestSupport.SLEEP_PATH))
                    .withQueryParam("start_date", equalTo(SECOND_WINDOW_QUERY_START)));
        }

        List<LoggedRequest> sleepCalls() {
            return oura.findAll(getRequestedFor(urlPathEqualTo(SyncTestSupport.SLEEP_PATH)));
        }

        List<LoggedRequest> tokenCalls() {
            return oura.findAll(postRequestedFor(urlPathEqualTo(SyncTestSupport.TOKEN_PATH)));
        }

        List<LoggedRequest> elsewhereCalls() {
            return elsewhere.findAll(getRequestedFor(urlPathEqualTo(SyncTestSupport.SLEEP_PATH)));
        }

        static ResponseDefinitionBuilder recordedPage() {
            return okJson(recordedBody());
        }

        static String recordedBody() {
            return recordedBodyWithNextToken(null);
        }

        static String recordedBodyWithNextToken(String nextToken) {
            ObjectNode body = SyncTestSupport.JSON.createObjectNode();
            SyncTestSupport.recordedDocuments().forEach(body.putArray("data")::add);
            body.put("next_token", nextToken);
            return body.toString();
        }
    }
}
