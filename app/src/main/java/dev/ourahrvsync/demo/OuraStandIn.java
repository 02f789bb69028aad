package dev.ourahrvsync.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A stand-in for the Oura API on a loopback port: a token endpoint that rotates refresh tokens like Oura's (each
 * one works once), and {@code /v2/usercollection/sleep} serving documents by {@code day}, a few per page, chained
 * by {@code next_token}. Whether {@code end_date} counts is a setting, since Oura does not document it.
 * <p>
 * The {@code demo} command serves real recorded nights with it (the response of
 * {@code GET /v2/usercollection/sleep?start_date=2024-10-09&end_date=2024-11-03} from the public repository
 * tgrk/ex_oura, test/fixture/vcr_cassettes/multiple_sleep.json); tests serve generated histories and revise them.
 */
public final class OuraStandIn implements AutoCloseable {

    public static final LocalDate FIRST_DAY = LocalDate.of(2024, 10, 10);
    public static final LocalDate LAST_DAY = LocalDate.of(2024, 11, 2);
    /** The refresh token the stand-in honours first. */
    public static final String SEED_REFRESH_TOKEN = "demo-refresh-token";
    private static final int PAGE_SIZE = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path tokenFolder;
    private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sleepCalls = new AtomicInteger();
    private final AtomicInteger tokenCalls = new AtomicInteger();
    private volatile List<JsonNode> documents;
    private volatile int pageSize = PAGE_SIZE;
    private volatile boolean endInclusive;
    private volatile boolean repeatAcrossPages;
    private volatile Duration pageDelay = Duration.ZERO;
    private volatile CountDownLatch pagesHeld = new CountDownLatch(0);

    private OuraStandIn(HttpServer server, ExecutorService executor, List<JsonNode> documents, Path tokenFolder) {
        this.server = server;
        this.executor = executor;
        this.tokenFolder = tokenFolder;
        documents(documents);
    }

    /** The demo: the recorded nights of October 2024. */
    public static OuraStandIn start() throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (InputStream in = OuraStandIn.class.getResourceAsStream("/demo/sleep-2024-10.json")) {
            if (in == null) {
                throw new IOException("the demo's sample nights are missing from the jar");
            }
            JSON.readTree(in).path("data").forEach(documents::add);
        }
        return start(documents);
    }

    /** Serves these documents; refresh token {@value #SEED_REFRESH_TOKEN} works once to begin with. */
    public static OuraStandIn start(List<JsonNode> documents) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // several processes may call at once (the tests' concurrent syncs)
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "oura-stand-in");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        OuraStandIn standIn = new OuraStandIn(server, executor, documents,
                Files.createTempDirectory("oura-hrv-sync-demo"));
        standIn.refreshTokens.add(SEED_REFRESH_TOKEN);
        server.createContext("/oauth/token", standIn::token);
        server.createContext("/v2/usercollection/sleep", standIn::sleep);
        server.start();
        return standIn;
    }

    /** Replaces what is served: Oura revises nights, deletes periods, adds late ones. */
    public void documents(List<JsonNode> served) {
        List<JsonNode> sorted = new ArrayList<>(served);
        sorted.sort(Comparator.comparing((JsonNode d) -> d.path("day").asText())
                .thenComparing(d -> d.path("id").asText()));
        this.documents = List.copyOf(sorted);
    }

    public void pageSize(int documentsPerPage) {
        this.pageSize = documentsPerPage;
    }

    /** Whether a document whose day is {@code end_date} is served (Oura's behaviour is undocumented). */
    public void endInclusive(boolean inclusive) {
        this.endInclusive = inclusive;
    }

    /** Serves each page's last document again at the start of the next page, as a paging server may. */
    public void repeatAcrossPages(boolean repeat) {
        this.repeatAcrossPages = repeat;
    }

    /** Slows every sleep page down, to give a test time to act while a sync runs. */
    public void pageDelay(Duration delay) {
        this.pageDelay = delay;
    }

    /** Holds every sleep page from now until {@link #releasePages()}: a sync stays mid-run as long as a test needs. */
    public void holdPages() {
        pagesHeld = new CountDownLatch(1);
    }

    public void releasePages() {
        pagesHeld.countDown();
    }

    /** Lets this access token read data, as if this stand-in had issued it. */
    public void acceptAccessToken(String token) {
        accessTokens.add(token);
    }

    public int sleepCalls() {
        return sleepCalls.get();
    }

    public int tokenCalls() {
        return tokenCalls.get();
    }

    public void resetCounts() {
        sleepCalls.set(0);
        tokenCalls.set(0);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What the sync needs to talk to this stand-in instead of Oura. */
    public Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("oura.api-url", baseUrl());
        properties.put("oura.token-url", baseUrl() + "/oauth/token");
        properties.put("oura.client-id", "demo-client");
        properties.put("oura.client-secret", "demo-secret");
        properties.put("oura.refresh-token", SEED_REFRESH_TOKEN);
        properties.put("oura.token-file", tokenFolder.resolve("tokens.json").toString());
        return properties;
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenCalls.incrementAndGet();
        Map<String, String> form = query(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"POST".equals(exchange.getRequestMethod()) || !"refresh_token".equals(form.get("grant_type"))
                || !refreshTokens.remove(form.getOrDefault("refresh_token", ""))) {
            send(exchange, 400, JSON.createObjectNode().put("error", "invalid_grant"));
            return;
        }
        String access = randomToken();
        String refresh = randomToken();
        accessTokens.add(access);
        refreshTokens.add(refresh);
        send(exchange, 200, JSON.createObjectNode()
                .put("token_type", "bearer")
                .put("access_token", access)
                .put("refresh_token", refresh)
                .put("expires_in", 86400)
                .put("scope", "personal daily heartrate"));
    }

    private void sleep(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !accessTokens.contains(auth.substring(7))) {
            send(exchange, 401, JSON.createObjectNode().put("detail", "Unauthorized"));
            return;
        }
        sleepCalls.incrementAndGet();
        pause(pageDelay);
        try {
            // bounded, so that a test that forgets to release cannot keep a server thread forever
            pagesHeld.await(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        LocalDate start = LocalDate.parse(query.getOrDefault("start_date", FIRST_DAY.toString()));
        LocalDate end = LocalDate.parse(query.getOrDefault("end_date", LAST_DAY.plusDays(1).toString()));
        boolean inclusive = endInclusive;
        List<JsonNode> matching = documents.stream().filter(d -> {
            LocalDate day = LocalDate.parse(d.path("day").asText());
            return !day.isBefore(start) && (day.isBefore(end) || inclusive && day.equals(end));
        }).toList();
        int size = Math.max(1, pageSize);
        int from = Integer.parseInt(query.getOrDefault("next_token", "0"));
        int to = Math.min(from + size, matching.size());
        ObjectNode page = JSON.createObjectNode();
        ArrayNode data = page.putArray("data");
        if (repeatAcrossPages && from > 0) {
            data.add(matching.get(from - 1));
        }
        matching.subList(Math.min(from, to), to).forEach(data::add);
        page.put("next_token", to < matching.size() ? Integer.toString(to) : null);
        send(exchange, 200, page);
    }

    private static void pause(Duration delay) {
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        Stream.of(raw.split("&")).map(pair -> pair.split("=", 2)).forEach(pair -> values.put(
                URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : ""));
        return values;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        executor.shutdownNow();
        try (Stream<Path> files = Files.walk(tokenFolder)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
