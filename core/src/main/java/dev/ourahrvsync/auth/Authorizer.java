package dev.ourahrvsync.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ourahrvsync.output.AtomicFiles;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The {@code authorize} command: from a registered Oura app to a working token store in one step, on a desktop
 * (the browser comes back to a loopback redirect URI) or on a headless server (the user pastes where the browser
 * was sent). The code is exchanged exactly once; the pair is stored before anything is said.
 */
public final class Authorizer {

    /** How long a printed authorization address stays answerable by {@code --redirect-url}. */
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the user configured for authorization, besides the token endpoint. */
    public record Settings(String authorizeUrl, String clientId, String redirectUri, String scopes,
                           Duration callbackTimeout, boolean openBrowser) {
    }

    private final Settings settings;
    private final TokenEndpoint endpoint;
    private final TokenStore store;
    private final PrintStream out;
    private final Clock clock;

    public Authorizer(Settings settings, TokenEndpoint endpoint, TokenStore store, PrintStream out, Clock clock) {
        this.settings = settings;
        this.endpoint = endpoint;
        this.store = store;
        this.out = out;
        this.clock = clock;
    }

    /** Exchanges a code the user already has; no {@code state} can be checked. */
    public StoredTokens withCode(String code) {
        return exchange(TokenEndpoint.require(code, "--code"));
    }

    /** Reads a redirect address answering the last address {@code authorize} printed, checking its state. */
    public StoredTokens withRedirectUrl(String address) throws IOException {
        AuthorizationRequest request = request(readPendingState());
        String code = request.codeFrom(AuthorizationRequest.queryOf(address));
        StoredTokens tokens = exchange(code);
        Files.deleteIfExists(pendingFile());
        return tokens;
    }

    /** Prints the address, then takes the browser's return on the loopback URI or from what the user pastes. */
    public StoredTokens interactive(BufferedReader in) throws IOException, InterruptedException {
        AuthorizationRequest request = request(AuthorizationRequest.newState());
        if (request.isLoopback()) {
            try (LoopbackCallback callback = LoopbackCallback.listen(request.redirectUri(), parameters -> {
                exchange(request.codeFrom(parameters));
                return "oura-hrv-sync is authorized. You can close this tab and return to the terminal.";
            })) {
                show(request);
                out.println("Waiting for the browser to come back to " + request.redirectUri() + " ...");
                callback.await(settings.callbackTimeout());
                return store.read().orElseThrow(() -> new TokenStoreException("the token file " + store.file()
                        + " is empty after the authorization"));
            }
        }
        savePendingState(request.state());
        show(request);
        out.println("After you allow access, the browser goes to " + request.redirectUri() + "?code=...");
        out.print("Paste that whole address (or just the code) here: ");
        out.flush();
        String answer = in.readLine();
        if (answer == null || answer.isBlank()) {
            throw new AuthorizationException("no answer was pasted; when you have the address, run"
                    + " 'java -jar target/oura-hrv-sync.jar authorize --redirect-url \"ADDRESS\"'");
        }
        answer = answer.trim();
        String code = answer.contains("?") || answer.contains("://")
                ? request.codeFrom(AuthorizationRequest.queryOf(answer))
                : answer;
        StoredTokens tokens = exchange(code);
        Files.deleteIfExists(pendingFile());
        return tokens;
    }

    private AuthorizationRequest request(String state) {
        return new AuthorizationRequest(settings.authorizeUrl(), settings.clientId(), settings.redirectUri(),
                settings.scopes(), state);
    }

    private void show(AuthorizationRequest request) {
        out.println("Open this address in a browser, sign in to Oura and allow access:");
        out.println();
        out.println("  " + request.url());
        out.println();
        out.flush();
        if (settings.openBrowser()) {
            openBrowser(request.url());
        }
    }

    /** The code works once: it is only sent once the store's folder has shown it can take the pair. */
    private StoredTokens exchange(String code) {
        try {
            return store.withLock(() -> {
                store.requireRoom();
                return endpoint.exchangeCode(code, settings.redirectUri(), store::write);
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new TokenStoreException("the token file " + store.file() + " cannot be locked: " + e.getMessage());
        }
    }

    private Path pendingFile() {
        return store.file().resolveSibling(store.file().getFileName() + ".authorize-state");
    }

    private void savePendingState(String state) throws IOException {
        byte[] json = JSON.writeValueAsBytes(Map.of("state", state, "created_at", clock.instant().toString()));
        AtomicFiles.writeOwnerOnly(pendingFile(), json);
    }

    private String readPendingState() throws IOException {
        JsonNode pending;
        try {
            pending = JSON.readTree(Files.readString(pendingFile(), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new AuthorizationException("no authorization is waiting for an answer: run 'authorize' first");
        }
        Instant created = Instant.parse(pending.path("created_at").asText(Instant.EPOCH.toString()));
        if (created.plus(PENDING_LIFETIME).isBefore(clock.instant())) {
            throw new AuthorizationException("the last authorization address is older than "
                    + PENDING_LIFETIME.toMinutes() + " minutes: run 'authorize' again");
        }
        return pending.path("state").asText();
    }

    private static void openBrowser(String url) {
        try {
            if (!GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
                    && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(URI.create(url));
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // no browser here: the printed address is enough
        }
    }
}
