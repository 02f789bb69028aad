package dev.ourahrvsync.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileServerTest {

    private static final String KEY = "file-server-test-key-83d1c0";

    @TempDir
    Path data;

    @Test
    void theKeyIsReadFromABearerHeaderOrTheKeyParameter() {
        assertEquals(KEY, FileServer.bearer("Bearer " + KEY));
        assertEquals(KEY, FileServer.bearer("bearer  " + KEY + " "));
        assertNull(FileServer.bearer("Basic " + KEY));
        assertNull(FileServer.bearer(null));

        assertEquals(KEY, FileServer.queryKey("/hrv/latest.json?key=" + KEY));
        assertEquals(KEY, FileServer.queryKey("/hrv/latest.json?x=1&key=" + KEY + "&y=2"));
        assertEquals("a+b/c", FileServer.queryKey("/a.json?key=a%2Bb%2Fc"));
        assertNull(FileServer.queryKey("/hrv/latest.json?monkey=" + KEY));
        assertNull(FileServer.queryKey("/hrv/latest.json"));
        assertNull(FileServer.queryKey("/a.json?key=%zz"));

        assertEquals("/hrv/latest.json", FileServer.pathOf("/hrv/latest.json?key=" + KEY));
    }

    @Test
    void theKeyComesBeforeThePathAndHeadHasNoBody() throws IOException {
        Files.writeString(data.resolve("latest.json"), "[1]");
        FileServer server = enabledServer();

        FileServer.Answer noKey = server.answer("GET", "/latest.json", null);
        assertEquals(401, noKey.status());
        assertTrue(noKey.askForKey());
        assertEquals(401, server.answer("GET", "/missing.json", "Bearer wrong").status());

        FileServer.Answer get = server.answer("GET", "/latest.json?key=" + KEY, null);
        assertEquals(200, get.status());
        assertArrayEquals("[1]".getBytes(StandardCharsets.UTF_8), bytes(get));
        FileServer.Answer head = server.answer("HEAD", "/latest.json", "Bearer " + KEY);
        assertEquals(200, head.status());
        assertNull(head.body());
        assertEquals(3, head.length());
        assertEquals(404, server.answer("GET", "/missing.json", "Bearer " + KEY).status());
    }

    @Test
    void aDisabledServerChecksNothingAndLetsNobodyIn() throws IOException {
        FileServer server = new FileServer();
        server.setDataDir(data.toString());
        server.checkSettings();

        assertEquals(401, server.answer("GET", "/latest.json", "Bearer " + KEY).status());
    }

    @Test
    void aPortInUseStopsTheStartNamingTheSettings() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            FileServer server = new FileServer();
            server.setEnabled(true);
            server.setKey(KEY);
            server.setBindAddress("127.0.0.1");
            server.setPort(taken.getLocalPort());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, server::checkSettings);
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
            assertTrue(e.getMessage().contains("serve.port"), e.getMessage());
        }
    }

    @Test
    void anEnabledServerWithoutAKeyDoesNotStart() {
        FileServer server = new FileServer();
        server.setEnabled(true);
        server.setKey("");

        assertThrows(IllegalArgumentException.class, server::checkSettings);
    }

    @Test
    void theFileIsAStreamOfExactlyTheLengthAnnounced() throws IOException {
        Path file = data.resolve("day.csv");
        Files.writeString(file, "a,b\n");
        FileServer server = enabledServer();

        FileServer.Answer grown = server.answer("GET", "/day.csv", "Bearer " + KEY);
        Files.writeString(file, "c,d\n", StandardOpenOption.APPEND);
        assertEquals(4, grown.length());
        assertArrayEquals("a,b\n".getBytes(StandardCharsets.UTF_8), bytes(grown), "what came after is left out");

        FileServer.Answer shrunk = server.answer("GET", "/day.csv", "Bearer " + KEY);
        try (FileChannel truncate = FileChannel.open(file, StandardOpenOption.WRITE)) {
            truncate.truncate(3);
        }
        assertThrows(EOFException.class, () -> bytes(shrunk), "a short body must fail, not pass for the file");
    }

    @Test
    void theTokenStoreIsNeverServedWhateverItsNameAndWayIn() throws IOException {
        Path outside = Files.createDirectories(data.resolveSibling(data.getFileName() + "-config"));
        Path store = Files.writeString(outside.resolve("store.json"), "{\"refresh_token\":\"r\"}");
        Files.createSymbolicLink(data.resolve("linked.json"), store);
        Files.createDirectories(data.resolve("hrv"));
        Files.createSymbolicLink(data.resolve("hrv/config"), outside);
        Path inside = Files.writeString(data.resolve("state.json"), "{}");
        FileServer server = enabledServer();
        server.setTokenFile(store.toString());

        // links out of the data folder are refused anyway; this is the net under that
        assertEquals(404, server.answer("GET", "/linked.json", "Bearer " + KEY).status());
        assertEquals(404, server.answer("GET", "/hrv/config/store.json", "Bearer " + KEY).status());

        server.setTokenFile(inside.toString());
        assertEquals(404, server.answer("GET", "/state.json", "Bearer " + KEY).status());
        assertEquals(404, server.answer("HEAD", "/state.json", "Bearer " + KEY).status());
        server.setTokenFile(data.resolve("hrv/../state.json").toString());
        assertEquals(404, server.answer("GET", "/state.json", "Bearer " + KEY).status());

        server.setTokenFile(outside.resolve("not-yet.json").toString());
        assertEquals(200, server.answer("HEAD", "/state.json", "Bearer " + KEY).status());
    }

    private static byte[] bytes(FileServer.Answer answer) throws IOException {
        try (InputStream body = (InputStream) answer.body()) {
            return body.readAllBytes();
        }
    }

    private FileServer enabledServer() {
        FileServer server = new FileServer();
        server.setEnabled(true);
        server.setKey(KEY);
        server.setBindAddress("127.0.0.1");
        server.setPort(0);
        server.setDataDir(data.toString());
        server.checkSettings();
        return server;
    }
}
