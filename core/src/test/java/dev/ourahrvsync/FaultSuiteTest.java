package dev.ourahrvsync;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ourahrvsync.OuraFault.FaultyOura;
import dev.ourahrvsync.auth.StoredTokens;
import dev.ourahrvsync.sync.ExitCode;
import dev.ourahrvsync.sync.Failures;
import dev.ourahrvsync.sync.PlannerClock;
import dev.ourahrvsync.sync.SyncPlanner;
import dev.ourahrvsync.sync.SyncState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault suite of issue 6 over the real routes: a sync without dates of 2024-10-10..2024-10-15 in two windows of
 * three days, "today" being 2024-10-14, whose second window meets one fault. For each fault: whether the sync
 * succeeds, its exit status and one line, the data folder byte for byte (the first window's days as a clean run
 * writes them, the second window's untouched, or all of them when the fault passed), the sync state, and how many
 * calls Oura saw.
 */
class FaultSuiteTest extends SyncTestSupport {

    private static final Path GOLDEN = Path.of("core/src/test/resources/golden/recorded-2024-10");
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    /** A file of the second window from an earlier sync: a failed window must leave it as it was. */
    private static final String EARLIER_FILE = "hrv/2024/10/2024-10-14_sleep-hrv.json";
    private static final byte[] EARLIER_BYTES = "[{\"hrv\": 41}]".getBytes(StandardCharsets.UTF_8);
    /** Where the redirect points: another port, the same path. */
    private static final WireMockServer ELSEWHERE = startLoopbackServer();

    private FaultyOura oura;
    /**
     * The settings the context starts with: asked for by the superclass constructor (so no initializer here), read
     * when the context starts, after this class's constructor has put in the limits of the test's fault.
     */
    private Properties settings;

    /** On a test that needs a fault's short call limit in its context (see {@link OuraFault#limits()}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface LimitsOf {
        OuraFault value();
    }

    FaultSuiteTest(TestInfo test) {
        test.getTestMethod().map(method -> method.getAnnotation(LimitsOf.class))
                .ifPresent(limitsOf -> settings.putAll(limitsOf.value().limits()));
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        settings = super.useOverridePropertiesWithPropertiesComponent();
        settings.putAll(FaultyOura.SETTINGS);
        return settings;
    }

    @BeforeEach
    void recordedNightsAnEarlierFileAndAValidToken() throws Exception {
        ELSEWHERE.resetAll();
        oura = new FaultyOura(OURA, ELSEWHERE);
        oura.serveRecorded();
        storeTokens(FaultyOura.ACCESS_1, FaultyOura.REFRESH_1, Instant.now().plus(2, ChronoUnit.HOURS));
        Path earlier = dataDir().resolve(EARLIER_FILE);
        Files.createDirectories(earlier.getParent());
        Files.write(earlier, EARLIER_BYTES);
        PlannerClock.today(context.getRegistry().lookupByNameAndType("ouraSyncPlanner", SyncPlanner.class),
                FaultyOura.TODAY, ZONE);
    }

    // ---- the network breaks: retried a bounded number of times, then the window fails ----

    @Test
    void aConnectionResetIsRetriedThenFailsTheWindow() throws Exception {
        check(OuraFault.CONNECTION_RESET);
    }

    @Test
    void anEmptyResponseIsRetriedThenFailsTheWindow() throws Exception {
        check(OuraFault.EMPTY_RESPONSE);
    }

    @Test
    void aMalformedChunkIsRetriedThenFailsTheWindow() throws Exception {
        check(OuraFault.MALFORMED_CHUNK);
    }

    @Test
    void randomDataThenCloseIsRetriedThenFailsTheWindow() throws Exception {
        check(OuraFault.RANDOM_DATA_THEN_CLOSE);
    }

    @Test
    @LimitsOf(OuraFault.READ_TIMEOUT)
    void anAnswerSlowerThanTheReadTimeoutIsRetriedThenFailsTheWindow() throws Exception {
        check(OuraFault.READ_TIMEOUT);
    }

    // ---- Oura deploying or overloaded: passing 5xx are ridden out ----

    @Test
    void http500TwiceThenAnAnswerSyncsEveryDay() throws Exception {
        check(OuraFault.HTTP_500_THEN_OK);
    }

    @Test
    void http502TwiceThenAnAnswerSyncsEveryDay() throws Exception {
        check(OuraFault.HTTP_502_THEN_OK);
    }

    @Test
    void http503TwiceThenAnAnswerSyncsEveryDay() throws Exception {
        check(OuraFault.HTTP_503_THEN_OK);
    }

    @Test
    void http504TwiceThenAnAnswerSyncsEveryDay() throws Exception {
        check(OuraFault.HTTP_504_THEN_OK);
    }

    @Test
    void a503ThatLastsFailsTheWindowAfterTheRetries() throws Exception {
        check(OuraFault.HTTP_503_FOR_GOOD);
    }

    // ---- rate limits ----

    @Test
    void http429WithRetryAfterIsWaitedOutThenTheSyncGoesOn() throws Exception {
        long started = System.nanoTime();

        check(OuraFault.RATE_LIMITED_THEN_OK);

        assertTrue(System.nanoTime() - started >= 1_000_000_000L, "Retry-After: 1 was waited out");
    }

    @Test
    void http429OnEveryTryFailsTheWindowAfterTheRetries() throws Exception {
        check(OuraFault.RATE_LIMITED_FOR_GOOD);
    }

    @Test
    void http429AskingForMoreThanTheMaximumFailsAtOnce() throws Exception {
        check(OuraFault.RATE_LIMITED_TOO_LONG);
    }

    // ---- authorization ----

    @Test
    void http401IsAnsweredByOneRefreshAndTheCallIsRetriedWithTheNewToken() throws Exception {
        check(OuraFault.UNAUTHORIZED_THEN_OK);

        List<LoggedRequest> calls = oura.secondWindowCalls();
        assertEquals("Bearer " + FaultyOura.ACCESS_1, calls.get(0).getHeader("Authorization"));
        assertEquals("Bearer " + FaultyOura.ACCESS_2, calls.get(1).getHeader("Authorization"));
        assertTrue(oura.tokenCalls().get(0).getBodyAsString().contains("refresh_token=" + FaultyOura.REFRESH_1));
    }

    @Test
    void http401TwiceStopsTheRunAsARevokedAuthorizationWould() throws Exception {
        String line = check(OuraFault.UNAUTHORIZED_TWICE);

        assertEquals("Bearer " + FaultyOura.ACCESS_2, oura.secondWindowCalls().get(1).getHeader("Authorization"));
        assertTrue(line.contains("run 'java -jar target/oura-hrv-sync.jar authorize'"), line);
    }

    @Test
    void http401WithARefusedRefreshStopsTheRunWithoutCallingAgain() throws Exception {
        check(OuraFault.UNAUTHORIZED_AND_REFRESH_REFUSED);
    }

    @Test
    void http403NamesTheMembershipAndTheScope() throws Exception {
        check(OuraFault.FORBIDDEN);
    }

    @Test
    void http426SaysToUpdateTheOuraApp() throws Exception {
        check(OuraFault.UPGRADE_REQUIRED);
    }

    // ---- the request was refused: never retried ----

    @Test
    void http422QuotesTheDetailAndIsNotRetried() throws Exception {
        check(OuraFault.UNPROCESSABLE);
    }

    @Test
    void http400QuotesTheDetailAndIsNotRetried() throws Exception {
        check(OuraFault.BAD_REQUEST);
    }

    // ---- answers that cannot be used ----

    @Test
    void truncatedJsonFailsTheWindowAndWritesNothingOfIt() throws Exception {
        check(OuraFault.TRUNCATED_JSON);
    }

    @Test
    void jsonWithoutDataFailsTheWindowAndWritesNothingOfIt() throws Exception {
        check(OuraFault.NO_DATA);
    }

    @Test
    void aPageRepeatingTheNextTokenEndsTheWindowInsteadOfLooping() throws Exception {
        check(OuraFault.REPEATED_NEXT_TOKEN);

        assertEquals(List.of("page-again"), oura.secondWindowCalls().stream().skip(1)
                .map(call -> call.queryParameter("next_token").firstValue()).toList());
    }

    // ---- answers without end: bounded by page, by time and by size, never retried ----

    @Test
    void freshNextTokensWithoutEndStopAtThePageCap() throws Exception {
        check(OuraFault.ENDLESS_NEXT_TOKEN);

        List<String> tokens = oura.secondWindowCalls().stream().skip(1)
                .map(call -> call.queryParameter("next_token").firstValue()).toList();
        assertEquals(FaultyOura.MAX_PAGES - 1, tokens.stream().distinct().count(), "each page a fresh token: " + tokens);
    }

    @Test
    @LimitsOf(OuraFault.TRICKLING_ANSWER)
    void anAnswerTricklingForMinutesFailsAtTheCallDeadlineAndIsNotRetried() throws Exception {
        long started = System.nanoTime();

        check(OuraFault.TRICKLING_ANSWER);

        // the trickle lasts 300 s; the call ends at its 10 s deadline, once (a generous bound for a busy machine)
        assertTrue(System.nanoTime() - started < 120_000_000_000L, "ended long before the trickle did");
    }

    // ---- security ----

    @Test
    void aRedirectIsNotFollowedAndTheAccessTokenGoesNowhereElse() throws Exception {
        check(OuraFault.REDIRECT);

        assertEquals(List.of(), oura.elsewhereCalls(), "the other server saw no request, so no Authorization header");
    }

    /**
     * Runs one sync without dates against the fault, then checks everything issue 6 asks of it.
     *
     * @return the failure's one line, or null when the sync succeeded
     */
    private String check(OuraFault fault) throws Exception {
        fault.inject(oura);

        Exception failure = sync(null, null);

        String line = fault.syncSucceeds() ? assertSucceeded(failure) : assertFailed(fault, failure);
        assertEquals(1, oura.sleepCalls().size() - oura.secondWindowCalls().size(), "the first window: one call");
        assertEquals(fault.secondWindowCalls(), oura.secondWindowCalls().size(), "calls of the second window");
        assertEquals(fault.refreshes() ? 1 : 0, oura.tokenCalls().size(), "refreshes");
        StoredTokens tokens = tokenStore().read().orElseThrow();
        assertEquals(fault.rotates() ? FaultyOura.ACCESS_2 : FaultyOura.ACCESS_1, tokens.accessToken());
        assertEquals(fault.rotates() ? FaultyOura.REFRESH_2 : FaultyOura.REFRESH_1, tokens.refreshToken(),
                "a rotated pair is kept, else the stored one stays");
        assertEquals(List.of(), oura.elsewhereCalls());
        return line;
    }

    /** The fault passed: every day as a clean run writes it, the state at today. */
    private String assertSucceeded(Exception failure) throws Exception {
        assertNull(failure, () -> "the fault passed, the sync should not fail: " + Failures.oneLine(failure));
        Map<String, byte[]> expected = golden(FaultyOura.FIRST_DAY, FaultyOura.LAST_DAY);
        expected.put("hrv/latest.json", expected.get("hrv/2024/10/2024-10-15_sleep-hrv.json"));
        expected.put("hrv/latest.csv", expected.get("hrv/2024/10/2024-10-15_sleep-hrv.csv"));
        assertFiles(expected, outputs(dataDir()));
        SyncState.State state = state().orElseThrow();
        assertEquals(FaultyOura.TODAY, state.lastSyncedDay(), "tomorrow is fetched, its night not over");
        assertNotNull(state.lastSuccess());
        return null;
    }

    /**
     * The second window failed: its status and one line; the first window's days as a clean run writes them, the
     * second's untouched; the state at the first window's end, and no success recorded.
     */
    private String assertFailed(OuraFault fault, Exception failure) throws Exception {
        assertNotNull(failure, "the sync should fail");
        String line = Failures.oneLine(failure);
        assertAll(
                () -> assertEquals(fault.exitCode(), ExitCode.of(failure), line),
                () -> assertEquals(1, line.lines().count(), line),
                () -> assertFalse(line.contains("\r") || line.contains("\n") || line.contains("\t"), line),
                () -> assertTrue(!fault.namesTheCall() || line.contains(SLEEP_PATH), "the endpoint: " + line),
                () -> assertTrue(!fault.namesTheCall() || line.contains(FaultyOura.SECOND_WINDOW), "the days: " + line),
                () -> fault.said().forEach(words -> assertTrue(line.contains(words), words + ": " + line)),
                () -> FaultyOura.SECRETS.forEach(secret -> assertFalse(line.contains(secret), line)));
        Map<String, byte[]> expected = golden(FaultyOura.FIRST_DAY, FaultyOura.LAST_DAY_OF_FIRST_WINDOW);
        expected.put(EARLIER_FILE, EARLIER_BYTES);
        assertFiles(expected, outputs(dataDir()));
        SyncState.State state = state().orElseThrow();
        assertEquals(FaultyOura.LAST_DAY_OF_FIRST_WINDOW, state.lastSyncedDay(), "only the whole window counts");
        assertNull(state.lastSuccess(), "no sync has succeeded");
        return line;
    }

    /** What a clean run writes for these days (the golden files of the whole recording, these days only). */
    static Map<String, byte[]> golden(LocalDate first, LocalDate last) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        tree(GOLDEN).forEach((path, bytes) -> {
            Matcher day = DAY.matcher(path);
            if (day.find()) {
                LocalDate date = LocalDate.parse(day.group());
                if (!date.isBefore(first) && !date.isAfter(last)) {
                    files.put(path, bytes);
                }
            }
        });
        return files;
    }

    static void assertFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((path, bytes) -> assertArrayEquals(bytes, actual.get(path), path));
    }

    private Optional<SyncState.State> state() {
        return context.getRegistry().lookupByNameAndType("ouraSyncState", SyncState.class).read();
    }
}
