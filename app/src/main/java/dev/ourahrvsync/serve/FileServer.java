package dev.ourahrvsync.serve;

import dev.ourahrvsync.auth.TokenStore;

import dev.ourahrvsync.logging.Secrets;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Private serving: answers a request for a file of the data folder. The key first (401 for every path, so that
 * nothing is learnt without it), then the path (404 for anything that may not be served, the token store included,
 * and for a file that cannot be opened), then the file, as a stream. The route carries the answer to HTTP; the
 * methods other than GET and HEAD never reach this class.
 */
public class FileServer {

    /**
     * What the route sends back. {@code body} is the text of an error, the file as a stream of exactly
     * {@code length} bytes, or null for HEAD, whose {@code length} is still that of the body GET would have;
     * {@code askForKey} adds {@code WWW-Authenticate: Bearer}.
     */
    public record Answer(int status, String contentType, Object body, long length, boolean askForKey) {

        static Answer plain(String method, int status, String text) {
            byte[] content = text.getBytes(StandardCharsets.UTF_8);
            return new Answer(status, "text/plain; charset=utf-8", "HEAD".equals(method) ? null : content,
                    content.length, status == 401);
        }
    }

    private static final String BEARER = "bearer ";

    private boolean enabled;
    private String key;
    private String bindAddress = "127.0.0.1";
    private int port;
    private ServeKey serveKey;
    private ServedFiles files = new ServedFiles(Path.of("data"));
    private Path tokenFile;

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

    /** The token store ({@code oura.token-file}): never served, whatever it is called and however it is reached. */
    public void setTokenFile(String tokenFile) {
        this.tokenFile = TokenStore.fileOf(tokenFile);
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

    /**
     * The answer to the request the route carries. A file is closed if its connection goes first: Camel's writer
     * waits for a client that stopped reading, and the idle timeout that closes such a connection does not reach it.
     */
    public Answer respond(@Header(Exchange.HTTP_METHOD) String method, @Header(Exchange.HTTP_URI) String uri,
                          @Header("Authorization") String authorization, Exchange exchange) throws IOException {
        Answer answer = answer(method, uri, authorization);
        if (answer.body() instanceof Closeable file && exchange.getIn() instanceof HttpMessage http) {
            HttpServerResponse response = http.getResponse();
            response.closeHandler(ignored -> closeQuietly(file));
            if (response.closed()) {
                closeQuietly(file);
            }
        }
        return answer;
    }

    private static void closeQuietly(Closeable file) {
        try {
            file.close();
        } catch (IOException e) {
            // nothing is left to do with it
        }
    }

    public Answer answer(String method, String uri, String authorization) throws IOException {
        if (serveKey == null || !(serveKey.matches(bearer(authorization)) || serveKey.matches(queryKey(uri)))) {
            return Answer.plain(method, 401, "a valid key is needed\n");
        }
        Optional<ServedFiles.ServedFile> served = files.find(pathOf(uri));
        if (served.isEmpty() || isTokenStore(served.get().file())) {
            return Answer.plain(method, 404, "not found\n");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(served.get().file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            // removed or replaced since it was found, or unreadable: all the same to the asker
            return Answer.plain(method, 404, "not found\n");
        }
        // the size of the file that was opened: a replacement renamed over it since does not change it
        long length = channel.size();
        if ("HEAD".equals(method)) {
            channel.close();
            return new Answer(200, served.get().contentType(), null, length, false);
        }
        // streamed by the server a piece at a time as the client takes it, never held whole
        return new Answer(200, served.get().contentType(), new ExactLengthStream(channel, length), length, false);
    }

    private boolean isTokenStore(Path file) {
        if (tokenFile == null) {
            return false;
        }
        try {
            return Files.isSameFile(file, tokenFile);
        } catch (IOException e) {
            // no token store (yet): nothing to hide
            return false;
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
