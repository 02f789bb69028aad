package dev.ourahrvsync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * A stand-in Oura on a loopback port whose sleep call for one start date answers a page of {@value #HUGE_BYTES}
 * bytes, written as it goes (chunked, gzipped when the client accepts it): WireMock builds a body whole before its
 * first byte, seconds for 100 MB. Every other sleep call gets the recorded nights in one page.
 */
final class HugeAnswerOura implements AutoCloseable {

    static final long HUGE_BYTES = 100L * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String hugeStartDate;
    private final List<String> sleepQueries = new CopyOnWriteArrayList<>();
    private final List<String> acceptEncodings = new CopyOnWriteArrayList<>();

    HugeAnswerOura(String hugeStartDate) throws IOException {
        this.hugeStartDate = hugeStartDate;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(SyncTestSupport.SLEEP_PATH, this::sleep);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The query of every sleep call, in order. */
    List<String> sleepQueries() {
        return sleepQueries;
    }

    /** How many sleep calls asked for this start date. */
    long callsStarting(String startDate) {
        return sleepQueries.stream().filter(query -> query.contains("start_date=" + startDate + "&")).count();
    }

    /** The Accept-Encoding of every huge answer's request. */
    List<String> acceptEncodings() {
        return acceptEncodings;
    }

    private void sleep(HttpExchange exchange) throws IOException {
        String query = String.valueOf(exchange.getRequestURI().getRawQuery());
        sleepQueries.add(query);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try (exchange) {
            if (!query.contains("start_date=" + hugeStartDate + "&")) {
                byte[] page = OuraFault.FaultyOura.recordedBody().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
                return;
            }
            String accepted = String.valueOf(exchange.getRequestHeaders().getFirst("Accept-Encoding"));
            acceptEncodings.add(accepted);
            boolean gzip = accepted.contains("gzip");
            if (gzip) {
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = gzip ? new GZIPOutputStream(exchange.getResponseBody(), 8192)
                    : exchange.getResponseBody()) {
                writeHugePage(out);
            } catch (IOException e) {
                // the client hung up, as it should once the page is too large
            }
        }
    }

    /** {"data":[doc,doc,...],"next_token":null} of at least {@value #HUGE_BYTES} bytes, one document at a time. */
    private static void writeHugePage(OutputStream out) throws IOException {
        ObjectNode recorded = (ObjectNode) SyncTestSupport.recordedDocuments().get(0);
        byte[] document = recorded.toString().getBytes(StandardCharsets.UTF_8);
        out.write("{\"data\":[".getBytes(StandardCharsets.UTF_8));
        out.write(document);
        for (long written = document.length; written < HUGE_BYTES; written += document.length + 1) {
            out.write(',');
            out.write(document);
        }
        out.write("],\"next_token\":null}".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
