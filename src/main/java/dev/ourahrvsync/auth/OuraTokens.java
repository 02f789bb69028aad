package dev.ourahrvsync.auth;

import dev.ourahrvsync.logging.Secrets;
import dev.ourahrvsync.sync.RunReports;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.CamelContextAware;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Hands out a valid Oura access token. It reuses the stored one until {@code refreshMargin} before it expires;
 * otherwise it refreshes under the store's inter-process lock and persists the rotated pair before returning it.
 * An empty store is seeded once from {@code oura.refresh-token}.
 */
public class OuraTokens implements CamelContextAware {

    private CamelContext camelContext;
    private String tokenFile;
    private String dataDir;
    private String tokenUrl;
    private String clientId;
    private String clientSecret;
    private String seedRefreshToken;
    private Duration refreshMargin = Duration.ofMinutes(10);
    private Clock clock = Clock.systemUTC();
    /** A refresh token Oura refused: never sent again by this process (a running service) until the store changes. */
    private volatile String refusedRefreshToken;

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
        Optional<StoredTokens> current = store.read();
        if (current.isPresent() && current.get().isValidFor(refreshMargin, clock.instant())) {
            return current.get().accessToken();
        }
        return store.withLock(() -> {
            // another process may have refreshed while we waited for the lock
            Optional<StoredTokens> latest = store.read();
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
     * Spends {@code refreshToken} for a new pair and keeps that pair before anything else (the old refresh token is
     * dead now). A token Oura refused is remembered and never sent again by this process. Call holding the lock.
     */
    private StoredTokens rotate(TokenStore store, String refreshToken, String scope, Runnable onRefresh) {
        if (refreshToken.equals(refusedRefreshToken)) {
            throw new AuthorizationException("Oura refused this refresh token before: the authorization was"
                    + " revoked or lost; run 'java -jar target/oura-hrv-sync.jar authorize'");
        }
        onRefresh.run();
        StoredTokens rotated;
        try {
            rotated = endpoint().refresh(refreshToken, scope);
        } catch (AuthorizationException refused) {
            refusedRefreshToken = refreshToken;
            throw refused;
        }
        store.write(rotated);
        return rotated;
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
            StoredTokens latest = store.read().orElseThrow(() -> notAuthorized(store));
            if (!latest.accessToken().equals(rejected) && latest.isValidFor(refreshMargin, clock.instant())) {
                return latest.accessToken();
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

    public Optional<StoredTokens> stored() {
        return store().read();
    }

    private Optional<String> seed() {
        return Optional.ofNullable(seedRefreshToken).map(String::trim).filter(token -> !token.isEmpty());
    }

    public TokenStore store() {
        return new TokenStore(Path.of(TokenEndpoint.require(tokenFile, "oura.token-file")));
    }

    public TokenEndpoint endpoint() {
        return new TokenEndpoint(camelContext, tokenUrl, clientId, clientSecret, clock);
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
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

    private void checkOutsideDataFolder() {
        if (tokenFile == null || dataDir == null || tokenFile.isBlank() || dataDir.isBlank()) {
            return;
        }
        Path data = Path.of(dataDir).toAbsolutePath().normalize();
        if (Path.of(tokenFile).toAbsolutePath().normalize().startsWith(data)) {
            throw new IllegalArgumentException("oura.token-file must not be inside sync.data-dir (" + data + ")");
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

    public void setRefreshMarginSeconds(long seconds) {
        this.refreshMargin = Duration.ofSeconds(seconds);
    }

    void setClock(Clock clock) {
        this.clock = clock;
    }
}
