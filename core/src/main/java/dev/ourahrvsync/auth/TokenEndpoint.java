package dev.ourahrvsync.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ourahrvsync.logging.Secrets;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Oura's OAuth token endpoint, called over camel-http: a form-encoded POST with the client's id and secret as form
 * fields. It is called once per refresh and never again for the same token: the HTTP client's own retries are off
 * (the endpoint's {@code httpClientConfigurer=#ouraCallLimits}, in any host), and a failure carries no network
 * exception as its cause, so that no retry rule of the routes (Camel matches the deepest cause first) can ever send
 * the same token again. A 400 or 401 means the grant is dead ({@code invalid_grant}).
 */
public class TokenEndpoint {

    /** An {@code expires_in} beyond this is taken as this: the next 401 refreshes anyway if it was not true. */
    static final long MAX_LIFETIME_SECONDS = Duration.ofDays(30).toSeconds();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASON = 100;

    private final CamelContext camelContext;
    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final Clock clock;
    /** The endpoint to POST to; null: the token URL's with {@code httpClientConfigurer=#ouraCallLimits}. */
    private final Endpoint endpoint;

    public TokenEndpoint(CamelContext camelContext, String tokenUrl, String clientId, String clientSecret, Clock clock) {
        this(camelContext, null, tokenUrl, clientId, clientSecret, clock);
    }

    /**
     * @param endpoint the HTTP endpoint of {@code tokenUrl}, already carrying its call limits; null for the one named
     *                 by the URL, with the registry's {@code ouraCallLimits}
     */
    public TokenEndpoint(CamelContext camelContext, Endpoint endpoint, String tokenUrl, String clientId,
                         String clientSecret, Clock clock) {
        this.camelContext = camelContext;
        this.endpoint = endpoint;
        this.tokenUrl = require(tokenUrl, "oura.token-url");
        this.clientId = require(clientId, "oura.client-id");
        this.clientSecret = require(clientSecret, "oura.client-secret");
        Secrets.register(this.clientSecret);
        this.clock = clock;
    }

    /**
     * Spends {@code refreshToken} for a new pair. {@code keep} gets the new pair as soon as the answer holds a token
     * worth keeping, before the rest of the answer is judged: a rotated refresh token is never thrown away.
     */
    public StoredTokens refresh(String refreshToken, String previousScope, Consumer<StoredTokens> keep) {
        Secrets.register(refreshToken);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return call(form, previousScope, "refresh", keep);
    }

    /** Exchanges a single-use authorization code for the first pair; {@code keep} as for {@link #refresh}. */
    public StoredTokens exchangeCode(String code, String redirectUri, Consumer<StoredTokens> keep) {
        Secrets.register(code);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        return call(form, null, "authorization", keep);
    }

    private StoredTokens call(Map<String, String> form, String previousScope, String what,
                              Consumer<StoredTokens> keep) {
        boolean refresh = form.containsKey("refresh_token");
        // said whenever the token or code went out and no pair came back
        String unknownOutcome = refresh
                ? ": the refresh may have happened at Oura; the next run will tell (if it ends with exit status 3,"
                        + " run 'java -jar target/oura-hrv-sync.jar authorize')"
                : ": the code may have been used up; run 'authorize' again";
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        Instant sent = clock.instant();
        Exchange reply;
        try (ProducerTemplate template = camelContext.createProducerTemplate()) {
            Processor request = exchange -> {
                exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
                exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
                exchange.getIn().setHeader("Accept", "application/json");
                exchange.getIn().setBody(body);
            };
            reply = endpoint != null ? template.send(endpoint, request) : template.send(endpointUri(), request);
        } catch (IOException e) {
            throw new TokenEndpointException("the Oura token endpoint could not be called: " + e.getMessage());
        }
        if (reply.getException() != null) {
            // no cause on purpose: a SocketTimeoutException below would match the data calls' network retry rule
            throw new TokenEndpointException("the Oura token endpoint could not be reached or broke off ("
                    + describe(reply.getException()) + ") during the " + what + unknownOutcome);
        }
        Integer status = reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String answer = reply.getMessage().getBody(String.class);
        if (status != null && (status == 400 || status == 401)) {
            throw new AuthorizationException("Oura refused the " + what + " (" + errorCode(answer) + "): "
                    + (refresh ? "the authorization was revoked or lost; run 'java -jar target/oura-hrv-sync.jar"
                                    + " authorize'"
                            : "an authorization code works once and only for minutes; run 'authorize' again"));
        }
        if (status == null || status != 200) {
            throw new TokenEndpointException("the Oura token endpoint answered HTTP " + status + " to the " + what
                    + unknownOutcome);
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(answer == null ? "" : answer);
        } catch (IOException e) {
            throw new TokenEndpointException("the Oura token endpoint's answer to the " + what + " is not JSON"
                    + unknownOutcome);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new TokenEndpointException("the Oura token endpoint's answer to the " + what + " is empty"
                    + unknownOutcome);
        }
        String accessToken = token(tree, "access_token");
        String issuedRefreshToken = token(tree, "refresh_token");
        // RFC 6749 section 6: a server that issues no new refresh token leaves the one we sent valid
        String refreshToken = issuedRefreshToken != null ? issuedRefreshToken : form.get("refresh_token");
        JsonNode scope = tree.path("scope");
        StoredTokens pair = new StoredTokens(accessToken, refreshToken, sent.plusSeconds(lifetimeSeconds(
                tree.path("expires_in"))), scope.isTextual() && !scope.asText().isBlank() ? scope.asText()
                : previousScope, sent);
        if (accessToken != null || issuedRefreshToken != null) {
            keep.accept(pair);
        }
        if (accessToken == null) {
            throw new TokenEndpointException("the Oura token endpoint's answer to the " + what + " has no usable"
                    + " access_token (" + (tree.isObject() ? "fields: " + String.join(", ", fieldNames(tree))
                            : "a JSON " + tree.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object")
                    + ")" + (issuedRefreshToken != null ? "; its new refresh token is stored, the next run refreshes"
                            + " with it" : unknownOutcome));
        }
        return pair;
    }

    /** A token field: a non-blank text, else null. */
    private static String token(JsonNode answer, String field) {
        JsonNode value = answer.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            return null;
        }
        Secrets.register(value.asText());
        return value.asText();
    }

    /**
     * {@code expires_in} in seconds, within 0..{@value #MAX_LIFETIME_SECONDS}. Anything that is not a positive
     * number (missing, null, negative, "soon") is 0: the token counts as expired, and its next use refreshes.
     */
    static long lifetimeSeconds(JsonNode expiresIn) {
        BigDecimal seconds;
        if (expiresIn.isNumber()) {
            seconds = expiresIn.decimalValue();
        } else if (expiresIn.isTextual() && expiresIn.asText().trim().matches("\\d{1,18}")) {
            seconds = new BigDecimal(expiresIn.asText().trim());
        } else {
            return 0;
        }
        if (seconds.signum() <= 0) {
            return 0;
        }
        return seconds.min(BigDecimal.valueOf(MAX_LIFETIME_SECONDS)).longValue();
    }

    /** The field names of an answer (never their values: they may be tokens), for saying what was there. */
    private static List<String> fieldNames(JsonNode answer) {
        List<String> names = new ArrayList<>();
        answer.fieldNames().forEachRemaining(name -> names.add(name.replaceAll("[^A-Za-z0-9_.-]", "?")));
        return names.size() > 10 ? names.subList(0, 10) : names;
    }

    /** The client's words for a failed call, cut short: "SocketTimeoutException: Read timed out". */
    private static String describe(Throwable failure) {
        Throwable deepest = failure;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String text = deepest.getMessage() == null || deepest.getMessage().isBlank()
                ? deepest.getClass().getSimpleName()
                : deepest.getClass().getSimpleName() + ": " + deepest.getMessage();
        return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) + "..." : text;
    }

    /** The timeouts, no retries and call limits come with the endpoint, as for the data calls (oura-sync.camel.yaml). */
    private String endpointUri() {
        return uriWithoutLimits(tokenUrl) + "&httpClientConfigurer=#ouraCallLimits";
    }

    /** The endpoint URI of {@code tokenUrl} for these calls, before its call limits are added. */
    static String uriWithoutLimits(String tokenUrl) {
        return tokenUrl + (tokenUrl.contains("?") ? "&" : "?") + "throwExceptionOnFailure=false";
    }

    /** The OAuth {@code error} code of a refusal, which names no secret; never the whole body. */
    private static String errorCode(String body) {
        try {
            JsonNode error = JSON.readTree(body == null ? "" : body).path("error");
            if (error.isTextual() && error.asText().matches("[a-z_]{1,40}")) {
                return error.asText();
            }
        } catch (IOException e) {
            // not JSON: say nothing more
        }
        return "invalid_grant";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is not set");
        }
        return value.trim();
    }
}
