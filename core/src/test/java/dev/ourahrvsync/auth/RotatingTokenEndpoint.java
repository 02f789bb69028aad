package dev.ourahrvsync.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OAuth token endpoint that rotates as Oura's does: a valid refresh token is accepted once and answered with a
 * fresh random pair, which invalidates it; any other refresh token gets {@code 400 invalid_grant}. It remembers every
 * refresh token it issued and which one was spent for it.
 *
 * <p>It listens in sessions ({@link #listen()}): closing a session stops accepting, closes every connection and
 * waits until every request it took has been handled, so that the state read after a client was killed is final
 * and no late request of the dead client can rotate behind the test's back.
 */
final class RotatingTokenEndpoint {

    static final String PATH = "/oauth/token";
    static final long EXPIRES_IN_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String clientSecret;
    private final Set<String> valid = new HashSet<>();
    private final List<String> issued = new ArrayList<>();
    /** issued refresh token -> the refresh token spent for it */
    private final Map<String, String> spentFor = new HashMap<>();
    private int rotations;
    private int refusals;

    static {
        // Without TCP_NODELAY the JDK server's answer (headers, then body) meets the client's delayed ACK and every
        // refresh takes some 40 ms on the wire, which would make "rotated but not yet received" most of each cycle.
        // Read once per JVM, when the first HttpServer is made; no other test makes one in this JVM.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    RotatingTokenEndpoint(String clientSecret, String firstRefreshToken) {
        this.clientSecret = clientSecret;
        valid.add(firstRefreshToken);
        issued.add(firstRefreshToken);
    }

    /** One listening period on a fresh port of 127.0.0.1. */
    final class Session implements AutoCloseable {

        private final HttpServer server;
        private final ExecutorService executor = Executors.newCachedThreadPool();
        private final AtomicInteger served = new AtomicInteger();

        private Session() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext(PATH, this::handle);
            server.setExecutor(executor);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
        }

        /** Rotations served in this session. */
        int served() {
            return served.get();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                Map<String, String> form = AuthorizationRequest.parseQuery(
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                int status;
                String body;
                if (!"POST".equals(exchange.getRequestMethod()) || !clientSecret.equals(form.get("client_secret"))) {
                    status = 401;
                    body = "{\"error\":\"invalid_client\"}";
                } else if (!"refresh_token".equals(form.get("grant_type"))) {
                    status = 400;
                    body = "{\"error\":\"unsupported_grant_type\"}";
                } else {
                    String[] pair = rotate(form.get("refresh_token"));
                    if (pair == null) {
                        status = 400;
                        body = "{\"error\":\"invalid_grant\"}";
                    } else {
                        served.incrementAndGet();
                        status = 200;
                        body = JSON.createObjectNode()
                                .put("token_type", "bearer")
                                .put("access_token", pair[0])
                                .put("refresh_token", pair[1])
                                .put("expires_in", EXPIRES_IN_SECONDS)
                                .put("scope", "personal daily heartrate")
                                .toString();
                    }
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (IOException e) {
                // the client was killed while we answered: the rotation, if any, stands, as it would at Oura
            }
        }

        /** Stops listening, drops every connection and waits for every request already taken. */
        @Override
        public void close() throws InterruptedException {
            server.stop(0);
            executor.shutdown();
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the token endpoint's handlers did not finish");
            }
        }
    }

    Session listen() throws IOException {
        return new Session();
    }

    /** Spends {@code refreshToken}: the new access and refresh token, or null when it is not (or no longer) valid. */
    private synchronized String[] rotate(String refreshToken) {
        if (refreshToken == null || !valid.remove(refreshToken)) {
            refusals++;
            return null;
        }
        rotations++;
        String newRefresh = "crash-refresh-" + rotations + "-" + random();
        valid.add(newRefresh);
        issued.add(newRefresh);
        spentFor.put(newRefresh, refreshToken);
        return new String[] {"crash-access-" + rotations + "-" + random(), newRefresh};
    }

    /** The refresh token the endpoint honours now (the last one issued, or the one it was re-seeded with). */
    synchronized String current() {
        if (valid.size() != 1) {
            throw new IllegalStateException("the endpoint honours " + valid.size() + " refresh tokens, not one");
        }
        return valid.iterator().next();
    }

    /** The refresh token that was spent to issue {@code refreshToken}, or null for the first one. */
    synchronized String spentFor(String refreshToken) {
        return spentFor.get(refreshToken);
    }

    /** Test-only mercy Oura never shows: honour {@code refreshToken} (again) instead of the current one. */
    synchronized void reseed(String refreshToken) {
        valid.clear();
        valid.add(refreshToken);
    }

    synchronized int rotations() {
        return rotations;
    }

    synchronized int refusals() {
        return refusals;
    }

    synchronized List<String> issued() {
        return List.copyOf(issued);
    }

    private static String random() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
