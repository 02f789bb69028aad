package dev.ourahrvsync.serve;

import dev.ourahrvsync.logging.Secrets;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Private serving: answers a request for a file of the data folder. The key first (401 for every path, so that
 * nothing is learnt without it), then the path (404 for anything that may not be served), then the file's bytes.
 * The route carries the answer to HTTP; the methods other than GET and HEAD never reach this class.
 */
public class FileServer {

    /**
     * What the route sends back. {@code body} is null for HEAD, whose {@code length} is still that of the body GET
     * would have; {@code askForKey} adds {@code WWW-Authenticate: Bearer}.
     */
    public record Answer(int status, String contentType, byte[] body, int length, boolean askForKey) {

        static Answer of(String method, int status, String contentType, byte[] content) {
            return new Answer(status, contentType, "HEAD".equals(method) ? null : content, content.length,
                    status == 401);
        }

        static Answer plain(String method, int status, String text) {
            return of(method, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final String BEARER = "bearer ";

    private boolean enabled;
    private String key;
    private String bindAddress = "127.0.0.1";
    private int port;
    private ServeKey serveKey;
    private ServedFiles files = new ServedFiles(Path.of("data"));

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress.strip();
    }

    public void setPort(int port) {
        this.port = port;
    }

    public void setKey(String key) {
        this.key = key;
        Secrets.register(key);
    }

    public void setDataDir(String dataDir) {
        this.files = new ServedFiles(Path.of(dataDir));
    }

    /** Refuses to start serving without a usable key or address: the bean's init method, before the server. */
    public void checkSettings() {
        if (!enabled) {
            return;
        }
        serveKey = ServeKey.of(key);
        checkCanListen();
    }

    /**
     * Camel's embedded server only logs a failure to listen and starts anyway, serving nothing; so the address and
     * port are tried here first, where a failure stops the start with a message that says which setting to change.
     */
    private void checkCanListen() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot listen on " + bindAddress + ":" + port + " (" + e.getMessage()
                    + "): serve.port must be free and serve.bind-address one of this machine's addresses");
        }
    }

    public Answer answer(@Header(Exchange.HTTP_METHOD) String method, @Header(Exchange.HTTP_URI) String uri,
                         @Header("Authorization") String authorization) throws IOException {
        if (serveKey == null || !(serveKey.matches(bearer(authorization)) || serveKey.matches(queryKey(uri)))) {
            return Answer.plain(method, 401, "a valid key is needed\n");
        }
        Optional<ServedFiles.ServedFile> served = files.find(pathOf(uri));
        if (served.isEmpty()) {
            return Answer.plain(method, 404, "not found\n");
        }
        try (InputStream in = Files.newInputStream(served.get().file(), LinkOption.NOFOLLOW_LINKS)) {
            return Answer.of(method, 200, served.get().contentType(), in.readAllBytes());
        } catch (NoSuchFileException e) {
            // replaced or removed since it was found
            return Answer.plain(method, 404, "not found\n");
        }
    }

    static String bearer(String authorization) {
        if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return null;
        }
        return authorization.substring(BEARER.length()).strip();
    }

    /** The {@code key} query parameter, decoded (a Shortcut cannot easily send a header). */
    static String queryKey(String uri) {
        int query = uri == null ? -1 : uri.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String parameter : uri.substring(query + 1).split("&")) {
            if (parameter.startsWith("key=")) {
                try {
                    return URLDecoder.decode(parameter.substring(4), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    static String pathOf(String uri) {
        int query = uri == null ? -1 : uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }
}
