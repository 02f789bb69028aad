package dev.ourahrvsync.cli;

import dev.ourahrvsync.SyncProcesses;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 'serve' command under load, as a real process: a large file to many clients in a small heap, connections
 * that never finish their request, a file the process cannot read.
 */
class ServeLoadIT {

    private static final String KEY = "serve-load-it-key-7d3a90c1e5b24f68";
    private static final String SERVING = "Serving the data folder's JSON and CSV files";
    private static final long BIG = 300L * 1024 * 1024;
    private static final String HALF_SENT = "GET /hrv/latest.json?key=" + KEY + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Wait: ";

    @TempDir
    Path workDir;

    private final Map<String, String> properties = new HashMap<>();
    private final List<String> command = new ArrayList<>();
    private int port;
    private Process process;
    private Path stdout;
    private Path stderr;

    @BeforeEach
    void isolate() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        properties.put("sync.data-dir", workDir.resolve("data").toString());
        properties.put("oura.token-file", workDir.resolve("config/tokens.json").toString());
        properties.put("serve.port", Integer.toString(port));
        Files.createDirectories(workDir.resolve("data/hrv"));
        Files.writeString(workDir.resolve("data/hrv/latest.json"), "[{\"hrv\":41}]");
        stdout = workDir.resolve("stdout.txt");
        stderr = workDir.resolve("stderr.txt");
    }

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.destroy();
            JarProcess.Result result = JarProcess.finish(process, stdout, stderr, Duration.ofSeconds(120), "serve");
            assertTrue(!(result.stdout() + result.stderr()).contains(KEY), "the key was printed");
        }
    }

    @Test
    void aLargeFileGoesWholeToTenClientsAtOnceInASmallHeap() throws Exception {
        sparseBigFile();
        start(List.of("-Xmx128m"));

        ExecutorService clients = Executors.newFixedThreadPool(10);
        try {
            List<Future<long[]>> downloads = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                downloads.add(clients.submit(() -> download("/hrv/big.json?key=" + KEY)));
            }
            for (Future<long[]> download : downloads) {
                long[] statusLengthBytes = download.get(15, TimeUnit.MINUTES);
                assertEquals(200, statusLengthBytes[0]);
                assertEquals(BIG, statusLengthBytes[1], "Content-Length");
                assertEquals(BIG, statusLengthBytes[2], "bytes received");
            }
        } finally {
            clients.shutdownNow();
        }
        assertTrue(process.isAlive(), "the server died");
        long peakKb = peakResidentKb(process.pid());
        System.out.println("ServeLoadIT: peak RSS of 'serve' with -Xmx128m sending 10 x 300 MB: " + peakKb / 1024
                + " MB");
        // heap, metaspace, threads and Netty's buffers, which live outside the heap: a body queued whole there
        // (a client slower than the disk, no back-pressure) would show here
        assertTrue(peakKb < 600 * 1024, "peak RSS " + peakKb / 1024 + " MB");
        assertEquals(200, download("/hrv/latest.json?key=" + KEY)[0]);
    }

    @Test
    void halfSentRequestsNeitherBlockOthersNorStayOpen() throws Exception {
        properties.put("serve.header-timeout-seconds", "2");
        start(List.of());

        // 500 connections from another loopback address, each stopping in the middle of its headers
        List<Socket> halfOpen = openHalfSent(InetAddress.getByName("127.0.0.2"), 500);
        try {
            assertEquals(200, download("/hrv/latest.json?key=" + KEY)[0]);
            Instant deadline = Instant.now().plusSeconds(120);
            for (Socket socket : halfOpen) {
                assertTrue(closedByServer(socket, deadline), "a half-sent request is still open after 120 s");
            }
            assertEquals(200, download("/hrv/latest.json?key=" + KEY)[0]);
        } finally {
            closeAll(halfOpen);
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOffAndItsFileClosed() throws Exception {
        Path big = sparseBigFile();
        properties.put("serve.idle-timeout-seconds", "2");
        start(List.of());

        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 30_000);
            stalled.getOutputStream().write(("GET /hrv/big.json?key=" + KEY + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            // never read: the server's writes stop once the buffers on the way are full
            awaitOpenCount(big, 1);
            awaitOpenCount(big, 0);
            assertEquals(200, download("/hrv/latest.json?key=" + KEY)[0]);
        }
    }

    /** Waits until the server process holds {@code file} open exactly {@code count} times. */
    private void awaitOpenCount(Path file, long count) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        long open = -1;
        while (Instant.now().isBefore(deadline)) {
            open = SyncProcesses.openCount(process.pid(), file);
            if (open == count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the server holds " + file + " open " + open + " times, not " + count);
    }

    @Test
    void oneClientHoldsAtMostItsShareOfConnections() throws Exception {
        properties.put("serve.header-timeout-seconds", "3600");
        properties.put("serve.max-connections-per-client", "16");
        start(List.of());

        List<Socket> halfOpen = openHalfSent(InetAddress.getByName("127.0.0.3"), 20);
        try {
            // the four beyond the cap are closed at once, long before any timeout
            Instant deadline = Instant.now().plusSeconds(120);
            for (Socket socket : halfOpen.subList(16, 20)) {
                assertTrue(closedByServer(socket, deadline), "a connection beyond the cap is still open");
            }
            for (Socket socket : halfOpen.subList(0, 16)) {
                socket.setSoTimeout(500);
                try {
                    int read = socket.getInputStream().read();
                    throw new AssertionError("a connection within the cap was answered or closed: " + read);
                } catch (SocketTimeoutException stillOpen) {
                    // as it should be
                }
            }
            // another client is not affected by this one's connections
            assertEquals(200, download("/hrv/latest.json?key=" + KEY)[0]);
        } finally {
            closeAll(halfOpen);
        }
    }

    @Test
    void aFileTheServerCannotReadIsNotFound() throws Exception {
        Path data = workDir.resolve("data");
        Path locked = Files.writeString(data.resolve("hrv/locked.json"), "[{\"hrv\":42}]");
        Files.setPosixFilePermissions(locked, Set.of());
        // root reads any file: as root, the server runs as the unprivileged user 'nobody'
        if ("root".equals(System.getProperty("user.name"))) {
            for (Path path : List.of(workDir, data, data.resolve("hrv"))) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.setPosixFilePermissions(data.resolve("hrv/latest.json"), PosixFilePermissions.fromString("rw-r--r--"));
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
            properties.put("oura.token-file", "/nonexistent/oura-hrv-sync/tokens.json");
        }
        start(List.of());

        assertEquals(404, download("/hrv/locked.json?key=" + KEY)[0]);
        assertEquals(404, download("/hrv/locked.json?key=" + KEY, "HEAD")[0]);
        assertEquals(200, download("/hrv/latest.json?key=" + KEY)[0]);
    }

    /** 300 MB of zeros that take no disk. */
    private Path sparseBigFile() throws IOException {
        Path big = workDir.resolve("data/hrv/big.json");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(BIG);
        }
        return big;
    }

    private void start(List<String> jvmOptions) throws Exception {
        ProcessBuilder builder = JarProcess.builder(jvmOptions, properties, Map.of("SERVE_KEY", KEY), "serve")
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.command().addAll(0, command);
        process = builder.start();
        Instant deadline = Instant.now().plusSeconds(120);
        while (!Files.readString(stderr).contains(SERVING)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("'serve' did not start: " + Files.readString(stderr));
            }
            Thread.sleep(200);
        }
    }

    /** Status, Content-Length and the number of body bytes received, over a connection of its own. */
    private long[] download(String path) throws Exception {
        return download(path, "GET");
    }

    private long[] download(String path, String method) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long received = 0;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                received += read;
            }
        }
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new long[] {response.statusCode(), length, received};
    }

    private List<Socket> openHalfSent(InetAddress from, int count) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket();
                sockets.add(socket);
                socket.bind(new InetSocketAddress(from, 0));
                socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 30_000);
                socket.getOutputStream().write(HALF_SENT.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
            }
        } catch (IOException | RuntimeException e) {
            closeAll(sockets);
            throw e;
        }
        return sockets;
    }

    /** Whether the server closes the connection before the deadline, without answering anything. */
    private static boolean closedByServer(Socket socket, Instant deadline) throws IOException {
        while (Instant.now().isBefore(deadline)) {
            socket.setSoTimeout(1000);
            try {
                int read = socket.getInputStream().read();
                if (read >= 0) {
                    throw new AssertionError("a half-sent request was answered");
                }
                return true;
            } catch (SocketTimeoutException stillOpen) {
                // poll again
            } catch (java.net.SocketException reset) {
                return true;
            }
        }
        return false;
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static long peakResidentKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no VmHWM in /proc/" + pid + "/status");
    }
}
