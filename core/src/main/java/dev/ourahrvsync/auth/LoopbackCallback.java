package dev.ourahrvsync.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Listens once on the loopback redirect URI for the browser's return from Oura, answers it with a short page that
 * says what happened, and stops listening.
 */
public final class LoopbackCallback implements AutoCloseable {

    private final HttpServer server;
    private final CompletableFuture<Map<String, String>> callback = new CompletableFuture<>();

    private LoopbackCallback(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts listening on the redirect URI's port of 127.0.0.1, on its path only.
     *
     * @param judge reads the callback's parameters and returns the page to show, or throws with the failure's text
     */
    public static LoopbackCallback listen(String redirectUri, Function<Map<String, String>, String> judge)
            throws IOException {
        URI redirect = URI.create(redirectUri);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), redirect.getPort()), 0);
        } catch (IOException e) {
            // a setting to change, not a network failure
            throw new IllegalArgumentException("cannot listen on 127.0.0.1:" + redirect.getPort() + " for the"
                    + " redirect (" + e.getMessage() + "): another program uses that port; register another"
                    + " port with your Oura app and set it in oura.redirect-uri");
        }
        LoopbackCallback receiver = new LoopbackCallback(server);
        String path = redirect.getRawPath() == null || redirect.getRawPath().isEmpty() ? "/" : redirect.getRawPath();
        server.createContext(path, exchange -> receiver.handle(exchange, judge));
        server.start();
        return receiver;
    }

    private void handle(HttpExchange exchange, Function<Map<String, String>, String> judge) throws IOException {
        if (callback.isDone()) {
            respond(exchange, 410, "This authorization was already answered. You can close this tab.");
            return;
        }
        Map<String, String> parameters = AuthorizationRequest.parseQuery(exchange.getRequestURI().getRawQuery());
        try {
            String page = judge.apply(parameters);
            respond(exchange, 200, page);
            callback.complete(parameters);
        } catch (RuntimeException e) {
            respond(exchange, 400, "oura-hrv-sync was not authorized: " + e.getMessage());
            callback.completeExceptionally(e);
        }
    }

    /** Waits for the browser's return. */
    public Map<String, String> await(Duration timeout) throws IOException, InterruptedException {
        try {
            return callback.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AuthorizationException("no answer from the browser within " + timeout.toSeconds()
                    + " s: start again with 'authorize'");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        }
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        byte[] page = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>oura-hrv-sync</title></head>"
                + "<body><p>" + escaped + "</p></body></html>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, page.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(page);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
