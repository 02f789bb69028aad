package dev.ourahrvsync.serve;

import dev.ourahrvsync.cli.StandaloneTestSupport;
import dev.ourahrvsync.SyncTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Private serving over real HTTP, through the real routes and settings, on a free loopback port. */
class PrivateServingTest extends StandaloneTestSupport {

    private static final String KEY = "serve-test-key-5b0c2e9a71d4f3";
    private static final String DAY_JSON = "hrv/2024/10/2024-10-10_sleep-hrv.json";
    private static final String DAY_CSV = "hrv/2024/10/2024-10-10_sleep-hrv.csv";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int port;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        port = freeLoopbackPort();
        properties.put("serve.enabled", "true");
        properties.put("serve.bind-address", "127.0.0.1");
        properties.put("serve.port", Integer.toString(port));
        properties.put("serve.key", KEY);
        // the token store's folder is reached through a link, which a test re-points into the data folder
        properties.put("oura.token-file", workDir.resolve("config-link/store.json").toString());
        try {
            Files.createDirectories(workDir.resolve("config"));
            Files.createSymbolicLink(workDir.resolve("config-link"), workDir.resolve("config"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    @BeforeEach
    void fillTheDataFolder() throws IOException {
        copyGolden(DAY_JSON);
        copyGolden(DAY_CSV);
        Files.copy(dataDir().resolve(DAY_JSON), dataDir().resolve("hrv/latest.json"));
        Files.writeString(dataDir().resolve("sync-state.json"), "{}");
        Files.createFile(dataDir().resolve(".sync.lock"));
        Files.writeString(dataDir().resolve("hrv/2024/10/.2024-10-11_sleep-hrv.json.part"), "[]");
        Files.writeString(dataDir().resolve("tokens.json"), "{\"refresh_token\":\"placed-by-mistake\"}");
        Files.writeString(dataDir().resolve("notes.txt"), "private notes");
        Files.writeString(workDir.resolve("outside.json"), "{\"outside\":true}");
        Files.createSymbolicLink(dataDir().resolve("hrv/outside.json"), workDir.resolve("outside.json"));
        Files.createSymbolicLink(dataDir().resolve("hrv/linked.json"), dataDir().resolve(DAY_JSON));
    }

    @Test
    void withoutTheKeyEveryPathIs401AndAlike() throws Exception {
        HttpResponse<byte[]> existing = get("/" + DAY_JSON, null);
        HttpResponse<byte[]> missing = get("/hrv/2099/01/2099-01-01_sleep-hrv.json", null);
        HttpResponse<byte[]> escaping = get("/../outside.json", null);

        for (HttpResponse<byte[]> response : List.of(existing, missing, escaping)) {
            assertEquals(401, response.statusCode());
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
            assertArrayEquals(existing.body(), response.body(), "a 401 must not tell whether the path exists");
        }
    }

    @Test
    void aWrongKeyIs401InTheHeaderAndInTheQuery() throws Exception {
        assertEquals(401, get("/" + DAY_JSON, "Bearer " + KEY + "x").statusCode());
        assertEquals(401, get("/" + DAY_JSON, "Basic " + KEY).statusCode());
        assertEquals(401, get("/" + DAY_JSON + "?key=" + KEY.substring(1), null).statusCode());
        assertEquals(401, get("/" + DAY_JSON + "?key=", null).statusCode());
        assertEquals(401, get("/" + DAY_JSON + "?notkey=" + KEY, null).statusCode());
    }

    @Test
    void theKeyInTheHeaderOrTheQueryGivesTheFileAsItIs() throws Exception {
        HttpResponse<byte[]> json = get("/" + DAY_JSON, "Bearer " + KEY);
        assertEquals(200, json.statusCode());
        assertArrayEquals(Files.readAllBytes(dataDir().resolve(DAY_JSON)), json.body());
        assertEquals("application/json; charset=utf-8", json.headers().firstValue("Content-Type").orElse(""));
        assertEquals("no-store", json.headers().firstValue("Cache-Control").orElse(""));

        HttpResponse<byte[]> csv = get("/" + DAY_CSV + "?key=" + KEY, null);
        assertEquals(200, csv.statusCode());
        assertArrayEquals(Files.readAllBytes(dataDir().resolve(DAY_CSV)), csv.body());
        assertEquals("text/csv; charset=utf-8", csv.headers().firstValue("Content-Type").orElse(""));

        HttpResponse<byte[]> latest = get("/hrv/latest.json?key=" + KEY, null);
        assertEquals(200, latest.statusCode());
        assertArrayEquals(Files.readAllBytes(dataDir().resolve(DAY_JSON)), latest.body());
        // a link that stays inside the data folder is followed
        assertEquals(200, get("/hrv/linked.json?key=" + KEY, null).statusCode());
    }

    @Test
    void theResponseCarriesNothingOfTheRequest() throws Exception {
        HttpResponse<byte[]> response = get("/" + DAY_JSON + "?key=" + KEY, "Bearer " + KEY);

        assertEquals(200, response.statusCode());
        response.headers().map().forEach((name, values) -> {
            assertTrue(values.stream().noneMatch(value -> value.contains(KEY)), name);
            assertTrue(!name.equalsIgnoreCase("Authorization") && !name.equalsIgnoreCase("key"), name);
        });
    }

    @Test
    void headAnswersLikeGetWithoutTheBody() throws Exception {
        HttpResponse<byte[]> head = send(request("/" + DAY_JSON + "?key=" + KEY).method("HEAD",
                HttpRequest.BodyPublishers.noBody()));

        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        assertEquals(Long.toString(Files.size(dataDir().resolve(DAY_JSON))),
                head.headers().firstValue("Content-Length").orElse(""));
        assertEquals("application/json; charset=utf-8", head.headers().firstValue("Content-Type").orElse(""));
        assertEquals(401, send(request("/" + DAY_JSON).method("HEAD", HttpRequest.BodyPublishers.noBody()))
                .statusCode());
    }

    @Test
    void nothingOutsideTheServedFilesIsFound() throws Exception {
        for (String path : List.of(
                "/../outside.json", "/hrv/../../outside.json", "/hrv/..%2f..%2foutside.json",
                "/%2e%2e/outside.json", "/hrv/%2e%2e/%2e%2e/outside.json",
                "/hrv%2f2024%2f10%2f2024-10-10_sleep-hrv.json",
                "/hrv/2024/10/.2024-10-11_sleep-hrv.json.part", "/hrv/2024/10/%2e2024-10-11_sleep-hrv.json.part",
                "/" + workDir.resolve("outside.json"), "//" + workDir.resolve("outside.json"),
                "/hrv", "/hrv/", "/hrv/2024/10", "/hrv/2024/10/", "/", "/.sync.lock", "/tokens.json",
                "/notes.txt", "/hrv/outside.json", "/hrv/2024//10/2024-10-10_sleep-hrv.json",
                "/hrv/2024/10/2024-10-10_sleep-hrv.json/", "/HRV/2024/10/2024-10-10_sleep-hrv.JSON")) {
            HttpResponse<byte[]> response = get(path + "?key=" + KEY, null);
            assertEquals(404, response.statusCode(), path);
            assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""), path);
        }
    }

    @Test
    void onlyGetAndHeadAreAnswered() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            HttpResponse<byte[]> response = send(request("/" + DAY_JSON + "?key=" + KEY).header("Authorization",
                    "Bearer " + KEY).method(method, HttpRequest.BodyPublishers.ofString("[]")));
            assertEquals(405, response.statusCode(), method);
            assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""), method);
            assertEveryAnswersHeaders(response, method);
        }
        assertArrayEquals(Files.readAllBytes(Path.of("core/src/test/resources/golden/recorded-2024-10").resolve(DAY_JSON)),
                Files.readAllBytes(dataDir().resolve(DAY_JSON)), "nothing was written");
    }

    @Test
    void everyAnswerForbidsCachingAndSniffing() throws Exception {
        List<HttpResponse<byte[]>> answers = List.of(get("/" + DAY_JSON, null), get("/" + DAY_JSON + "?key=" + KEY,
                null), get("/missing.json?key=" + KEY, null), send(request("/" + DAY_CSV + "?key=" + KEY)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())));
        assertEquals(List.of(401, 200, 404, 200), answers.stream().map(HttpResponse::statusCode).toList());
        for (HttpResponse<byte[]> answer : answers) {
            assertEveryAnswersHeaders(answer, answer.request().uri().getPath());
        }
    }

    @Test
    void aFileThatCannotBeReadIsNotFound() throws Exception {
        Path fifo = dataDir().resolve("hrv/pipe.json");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Files.createDirectories(dataDir().resolve("hrv/folder.json"));
        Path locked = Files.copy(dataDir().resolve(DAY_JSON), dataDir().resolve("hrv/locked.json"));
        Files.setPosixFilePermissions(locked, Set.of());

        for (String path : List.of("/hrv/pipe.json", "/hrv/folder.json")) {
            assertEquals(404, get(path + "?key=" + KEY, null).statusCode(), path);
        }
        // root reads a file of mode 000 all the same; ServeCommandIT runs this case as an unprivileged user
        int expected = Files.isReadable(locked) ? 200 : 404;
        assertEquals(expected, get("/hrv/locked.json?key=" + KEY, null).statusCode());
    }

    @Test
    void theTokenStoreIsNotServedWhenALinkPutsItInTheDataFolder() throws Exception {
        Path store = dataDir().resolve("hrv/store.json");
        Files.writeString(store, "{\"refresh_token\":\"only-in-the-store\"}");
        assertEquals(200, get("/hrv/store.json?key=" + KEY, null).statusCode(), "not yet the token store");

        // now the configured token store, .../config-link/store.json, is this very file
        Files.delete(workDir.resolve("config-link"));
        Files.createSymbolicLink(workDir.resolve("config-link"), dataDir().resolve("hrv"));

        HttpResponse<byte[]> response = get("/hrv/store.json?key=" + KEY, null);
        assertEquals(404, response.statusCode());
        assertFalse(new String(response.body(), StandardCharsets.UTF_8).contains("only-in-the-store"));
        assertEquals(404, send(request("/hrv/store.json?key=" + KEY).method("HEAD",
                HttpRequest.BodyPublishers.noBody())).statusCode());
    }

    static void assertEveryAnswersHeaders(HttpResponse<?> response, String what) {
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""), what);
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""), what);
    }

    @Test
    void theServerListensOnlyOnTheConfiguredAddress() throws Exception {
        assertEquals(401, get("/", null).statusCode());
        // all of 127/8 is this machine, but only 127.0.0.1 was configured
        assertRefused(InetAddress.getByName("127.0.0.2"));
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    assertRefused(address);
                }
            }
        }
    }

    private void assertRefused(InetAddress address) {
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), 2000);
            }
        }, () -> "something listens on " + address.getHostAddress() + ":" + port);
    }

    private HttpResponse<byte[]> get(String rawPath, String authorization) throws Exception {
        HttpRequest.Builder request = request(rawPath).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private HttpRequest.Builder request(String rawPath) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPath)).timeout(Duration.ofSeconds(10));
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private void copyGolden(String path) throws IOException {
        Path target = dataDir().resolve(path);
        Files.createDirectories(target.getParent());
        Files.copy(Path.of("core/src/test/resources/golden/recorded-2024-10").resolve(path), target);
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
