package dev.ourahrvsync.auth;

import dev.ourahrvsync.logging.Secrets;
import dev.ourahrvsync.oura.CallLimits;
import dev.ourahrvsync.sync.RunReports;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.CamelContextAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Hands out a valid Oura access token. It reuses the stored one until {@code refreshMargin} before it expires;
 * otherwise it refreshes under the store's inter-process lock and persists the rotated pair before returning it.
 * An empty store is seeded once from {@code oura.refresh-token}.
 *
 * <p>A refresh token is only spent once the store's folder has shown it can take the new pair
 * ({@link TokenStore#requireRoom}). Should the pair still fail to be stored, it is not lost while this process
 * lives: it is kept in memory, used instead of the store's (dead) pair, and saved at the next chance.
 */
public class OuraTokens implements CamelContextAware {

    private static final String AUTHORIZE = "java -jar target/oura-hrv-sync.jar authorize";

    private CamelContext camelContext;
    /** Empty: {@link TokenStore#defaultFile()}. */
    private String tokenFile = "";
    private String dataDir;
    private String tokenUrl;
    private String clientId;
    private String clientSecret;
    private String seedRefreshToken;
    private Duration refreshMargin = Duration.ofMinutes(10);
    private Clock clock = Clock.systemUTC();
    /** The limits of the token calls when given as an object; null: the registry's {@code ouraCallLimits}. */
    private CallLimits callLimits;
    /** The token URL's endpoint with {@link #callLimits}, made at the first refresh. */
    private Endpoint tokenCalls;
    /** A refresh token Oura refused: never sent again by this process (a running service) until the store changes. */
    private volatile String refusedRefreshToken;
    /** A pair Oura issued that the store could not take yet, and the refresh token spent for it; else null. */
    private volatile Unsaved unsaved;

    private record Unsaved(StoredTokens pair, String spent) {
    }

    /**
     * Sets the {@code Authorization} header of a data call. It sets the header itself rather than returning its
     * value, so that no bean-result trace can ever print the token.
     */
    public void authorize(Exchange exchange) throws Exception {
        exchange.getMessage().setHeader("Authorization", "Bearer " + accessToken(() -> RunReports.apiCall(exchange)));
    }

    public String accessToken() throws Exception {
        return accessToken(() -> { });
    }

    /** @param onRefresh told when this call refreshed (a call to Oura, for the run's summary) */
    String accessToken(Runnable onRefresh) throws Exception {
        TokenStore store = store();
        // a pair kept in memory takes the lock path on every use: each use tries to save it
        Optional<StoredTokens> current = unsaved == null ? store.read() : Optional.empty();
        if (current.isPresent() && current.get().isValidFor(refreshMargin, clock.instant())) {
            return current.get().accessToken();
        }
        return store.withLock(() -> {
            // another process may have refreshed while we waited for the lock
            Optional<StoredTokens> latest = latest(store);
            if (latest.isPresent() && latest.get().isValidFor(refreshMargin, clock.instant())) {
                return latest.get().accessToken();
            }
            String refreshToken = latest.map(StoredTokens::refreshToken)
                    .filter(token -> !token.isBlank())
                    .or(this::seed)
                    .orElseThrow(() -> notAuthorized(store));
            return rotate(store, refreshToken, latest.map(StoredTokens::scope).orElse(null), onRefresh).accessToken();
        });
    }

    /**
     * The newest pair: one kept in memory (saved now if the store takes it), else the store's. Call holding the
     * lock.
     */
    private Optional<StoredTokens> latest(TokenStore store) {
        Unsaved pending = unsaved;
        if (pending == null) {
            return store.read();
        }
        Optional<StoredTokens> stored = readQuietly(store);
        if (stored.isPresent() && !pending.spent().equals(stored.get().refreshToken())) {
            // the store changed since (another 'authorize'): what it holds now is the user's choice
            unsaved = null;
            return stored;
        }
        try {
            store.write(pending.pair());
            unsaved = null;
            log().info("The token pair kept in memory is saved in {} now", store.file());
        } catch (TokenStoreException stillNot) {
            log().warn("{}", notSaved(stillNot));
        }
        return Optional.of(pending.pair());
    }

    /** Not a static field: 'status' reads the store through this class, and must not start logging (0.4 s). */
    private static Logger log() {
        return LoggerFactory.getLogger(OuraTokens.class);
    }

    private static Optional<StoredTokens> readQuietly(TokenStore store) {
        try {
            return store.read();
        } catch (TokenStoreException e) {
            return Optional.empty();
        }
    }

    /**
     * Spends {@code refreshToken} for a new pair and keeps that pair before anything else (the old refresh token is
     * dead now). A token Oura refused is remembered and never sent again by this process. Call holding the lock.
     */
    private StoredTokens rotate(TokenStore store, String refreshToken, String scope, Runnable onRefresh) {
        if (refreshToken.equals(refusedRefreshToken)) {
            throw new AuthorizationException("Oura refused this refresh token before: the authorization was"
                    + " revoked or lost; run '" + AUTHORIZE + "'");
        }
        // a refresh token is single use: not sent unless the new pair can be stored
        store.requireRoom();
        onRefresh.run();
        try {
            return endpoint().refresh(refreshToken, scope, rotated -> keep(store, rotated, refreshToken));
        } catch (AuthorizationException refused) {
            refusedRefreshToken = refreshToken;
            throw refused;
        }
    }

    /** Stores a pair Oura just issued; if the store cannot take it, keeps it in memory and fails the call. */
    private void keep(TokenStore store, StoredTokens rotated, String spent) {
        try {
            store.write(rotated);
            unsaved = null;
        } catch (TokenStoreException e) {
            unsaved = new Unsaved(rotated, spent);
            throw new TokenStoreException(notSaved(e));
        }
    }

    private static String notSaved(TokenStoreException cause) {
        return cause.getMessage() + ": the new token pair could not be saved; this process keeps it in memory and"
                + " tries again at each use, but once it has ended, '" + AUTHORIZE + "' may be needed";
    }

    /**
     * Before a data call that Oura answered with 401 is tried once more: a new access token, unless another process
     * has stored one since (then that one), and the header set again.
     */
    public void refreshRejected(Exchange exchange) throws Exception {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        String rejected = header != null && header.startsWith("Bearer ") ? header.substring(7) : "";
        TokenStore store = store();
        String fresh = store.withLock(() -> {
            StoredTokens latest = latest(store).orElseThrow(() -> notAuthorized(store));
            if (latest.accessToken() != null && !latest.accessToken().equals(rejected)
                    && latest.isValidFor(refreshMargin, clock.instant())) {
                return latest.accessToken();
            }
            if (latest.refreshToken() == null || latest.refreshToken().isBlank()) {
                throw notAuthorized(store);
            }
            return rotate(store, latest.refreshToken(), latest.scope(), () -> RunReports.apiCall(exchange))
                    .accessToken();
        });
        exchange.getMessage().setHeader("Authorization", "Bearer " + fresh);
    }

    /** Fails when a sync could not get a token at all: nothing stored and nothing to seed from. */
    public void checkAuthorized() {
        boolean stored = store().read().map(StoredTokens::refreshToken).filter(token -> !token.isBlank()).isPresent();
        if (!stored && seed().isEmpty()) {
            throw notAuthorized(store());
        }
    }

    private static AuthorizationException notAuthorized(TokenStore store) {
        return new AuthorizationException("no Oura tokens in " + store.file()
                + ": run 'java -jar target/oura-hrv-sync.jar authorize' or set OURA_REFRESH_TOKEN");
    }

    /**
     * Fails when the stored grant names its scopes and {@code scope} is not among them (in either identity
     * server's spelling, {@code spo2Daily} or {@code extapi:spo2Daily}). A grant that names none is given a try.
     */
    public void requireScope(String scope) {
        String granted = stored().map(StoredTokens::scope).orElse(null);
        if (granted == null || granted.isBlank()) {
            return;
        }
        for (String each : granted.trim().split("\\s+")) {
            if (each.equals(scope) || each.equals("extapi:" + scope)) {
                return;
            }
        }
        throw new ScopeMissingException("the authorization does not include the " + scope + " scope (granted: "
                + granted.trim() + "); run 'authorize' with " + scope + " in oura.scopes to add it");
    }

    /** The newest pair: one kept in memory that the store could not take yet, else the store's. */
    public Optional<StoredTokens> stored() {
        Unsaved pending = unsaved;
        return pending != null ? Optional.of(pending.pair()) : store().read();
    }

    /** The token store's file as configured (absolute), for refusing to serve it whatever path leads there. */
    public Path tokenFile() {
        return store().file();
    }

    private Optional<String> seed() {
        return Optional.ofNullable(seedRefreshToken).map(String::trim).filter(token -> !token.isEmpty());
    }

    public TokenStore store() {
        return new TokenStore(TokenStore.fileOf(tokenFile));
    }

    public TokenEndpoint endpoint() {
        return new TokenEndpoint(camelContext, tokenCalls(), tokenUrl, clientId, clientSecret, clock);
    }

    /**
     * The endpoint of the token URL with this bean's own {@link CallLimits}, made once and stopped with the context;
     * null without them (the URL's endpoint then names {@code #ouraCallLimits}). Made here rather than named in a
     * URI: a bean that lives only inside a kamelet is not in the registry when a refresh happens.
     */
    private synchronized Endpoint tokenCalls() {
        if (callLimits == null || tokenCalls != null) {
            return tokenCalls;
        }
        String url = TokenEndpoint.require(tokenUrl, "oura.token-url");
        String uri = TokenEndpoint.uriWithoutLimits(url);
        Component http = url.indexOf(':') < 1 ? null : camelContext.getComponent(url.substring(0, url.indexOf(':')));
        if (http == null) {
            throw new IllegalArgumentException("oura.token-url must be an http(s) address, not " + url);
        }
        try {
            Endpoint made = http.createEndpoint(uri, new HashMap<>(Map.of("httpClientConfigurer", callLimits)));
            camelContext.addService(made, true, true);
            tokenCalls = made;
            return made;
        } catch (Exception e) {
            throw new IllegalArgumentException("oura.token-url " + url + " cannot be called: " + e.getMessage(), e);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        // in any host, not only the command line: masked from the moment this bean exists
        Secrets.registerSettings(camelContext.getPropertiesComponent());
    }

    public void setTokenFile(String tokenFile) {
        this.tokenFile = tokenFile;
        checkOutsideDataFolder();
    }

    /** The data folder, which the token store must stay out of: the data folder is made to be shared. */
    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
        checkOutsideDataFolder();
    }

    /**
     * Compares where the two paths really lead, links followed: through a symbolic link the store could otherwise
     * live in the data folder under another name. Neither needs to exist yet.
     */
    private void checkOutsideDataFolder() {
        if (dataDir == null || dataDir.isBlank()) {
            return;
        }
        Path data = RealPaths.of(Path.of(dataDir.trim()));
        Path file = TokenStore.fileOf(tokenFile);
        Path tokens = RealPaths.of(file);
        if (tokens.startsWith(data)) {
            throw new IllegalArgumentException("oura.token-file must not be inside sync.data-dir (" + file
                    + (tokens.equals(file.toAbsolutePath().normalize()) ? "" : ", that is "
                            + tokens) + ", is inside " + data + ")");
        }
    }

    public void setTokenUrl(String tokenUrl) {
        this.tokenUrl = tokenUrl;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public void setClientSecret(String clientSecret) {
        Secrets.register(clientSecret);
        this.clientSecret = clientSecret;
    }

    public void setSeedRefreshToken(String seedRefreshToken) {
        Secrets.register(seedRefreshToken);
        this.seedRefreshToken = seedRefreshToken;
    }

    /**
     * The limits of this bean's own calls to the token endpoint, for a bean that the registry does not hold under
     * {@code ouraCallLimits} (a kamelet's). Not set: the token URL's endpoint uses {@code #ouraCallLimits}.
     */
    public void setCallLimits(CallLimits callLimits) {
        this.callLimits = callLimits;
    }

    public void setRefreshMarginSeconds(long seconds) {
        this.refreshMargin = Duration.ofSeconds(seconds);
    }

    void setClock(Clock clock) {
        this.clock = clock;
    }
}
