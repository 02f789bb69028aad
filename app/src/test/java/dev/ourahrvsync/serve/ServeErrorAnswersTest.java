package dev.ourahrvsync.serve;

import dev.ourahrvsync.cli.StandaloneTestSupport;
import dev.ourahrvsync.SyncTestSupport;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.SetPropertyDefinition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The answers the file server does not make itself, over real HTTP: a failure of the route (500), the router's
 * own 404 while the route is stopped, and what Vert.x answers to a request it cannot parse (400, 414, 431). Each
 * carries the headers every answer has.
 */
class ServeErrorAnswersTest extends StandaloneTestSupport {

    private static final String KEY = "serve-error-test-key-9c1d7e2b40";
    private static final String SECRET_FOLDER = "/home/someone/private-folder";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private int port;

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        port = freeLoopbackPort();
        properties.put("serve.enabled", "true");
        properties.put("serve.port", Integer.toString(port));
        properties.put("serve.key", KEY);
        return properties;
    }

    /** The file server fails on every request, with a message that must not reach the client. */
    @BeforeEach
    void failTheFileServer() throws Exception {
        Files.createDirectories(dataDir());
        AdviceWith.adviceWith(context, "oura-serve-files", route -> route.weaveByType(SetPropertyDefinition.class)
                .selectFirst().replace().throwException(new IllegalStateException("cannot read " + SECRET_FOLDER)));
        context.start();
    }

    @Test
    void aFailureOfTheRouteIs500WithNothingOfTheFailure() throws Exception {
        HttpResponse<String> response = http.send(get("/hrv/latest.json?key=" + KEY),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(500, response.statusCode());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertFalse(response.body().contains(SECRET_FOLDER), response.body());
    }

    @Test
    void theRoutersOwnNotFoundCarriesTheHeaders() throws Exception {
        context.getRouteController().stopRoute("oura-serve-files");

        HttpResponse<String> response = http.send(get("/hrv/latest.json?key=" + KEY),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(404, response.statusCode());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""));
    }

    @Test
    void requestsVertxCannotParseAreAnsweredWithTheHeaders() throws Exception {
        String longHeader = "GET /hrv/latest.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "a".repeat(
                ServeHttpServer.MAX_HEADER_SIZE + 1) + "\r\n\r\n";
        String longLine = "GET /" + "a".repeat(ServeHttpServer.MAX_REQUEST_LINE + 1) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        String garbage = "GET /hrv/latest.json HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: nonsense\r\n\r\n";

        for (Map.Entry<String, Integer> request : Map.of(longHeader, 431, longLine, 414, garbage, 400).entrySet()) {
            RawAnswer answer = rawExchange(request.getKey());
            assertEquals(request.getValue(), answer.status(), answer.head());
            assertEquals("no-store", answer.headers().get("cache-control"), answer.head());
            assertEquals("nosniff", answer.headers().get("x-content-type-options"), answer.head());
        }
    }

    record RawAnswer(int status, Map<String, String> headers, String head) {
    }

    /** Sends {@code request} as it is and reads the head of the answer. */
    private RawAnswer rawExchange(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                int next = in.read();
                if (next < 0) {
                    break;
                }
                head.write(next);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r\n");
            // a request line too long to read has no version: Vert.x answers it as HTTP/1.0
            assertTrue(lines[0].startsWith("HTTP/1."), text);
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).strip());
                }
            }
            return new RawAnswer(Integer.parseInt(lines[0].substring(9, 12)), headers, text);
        }
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build();
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
