package dev.ourahrvsync.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ourahrvsync.logging.Secrets;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Oura's OAuth token endpoint, called over camel-http: a form-encoded POST with the client's id and secret as form
 * fields. A 400 or 401 means the grant is dead ({@code invalid_grant}) and is never retried.
 */
public class TokenEndpoint {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenResponse(
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("refresh_token") String refreshToken,
            @JsonProperty("expires_in") Long expiresIn,
            @JsonProperty("scope") String scope) {

        @Override
        public String toString() {
            return "TokenResponse[expiresIn=" + expiresIn + ", scope=" + scope + "]";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext camelContext;
    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final Clock clock;

    public TokenEndpoint(CamelContext camelContext, String tokenUrl, String clientId, String clientSecret, Clock clock) {
        this.camelContext = camelContext;
        this.tokenUrl = require(tokenUrl, "oura.token-url");
        this.clientId = require(clientId, "oura.client-id");
        this.clientSecret = require(clientSecret, "oura.client-secret");
        Secrets.register(this.clientSecret);
        this.clock = clock;
    }

    /** Spends {@code refreshToken} for a new pair. */
    public StoredTokens refresh(String refreshToken, String previousScope) {
        Secrets.register(refreshToken);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return call(form, previousScope, "refresh");
    }

    /** Exchanges a single-use authorization code for the first pair. */
    public StoredTokens exchangeCode(String code, String redirectUri) {
        Secrets.register(code);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        return call(form, null, "authorization");
    }

    private StoredTokens call(Map<String, String> form, String previousScope, String what) {
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        Instant sent = clock.instant();
        Exchange reply;
        try (ProducerTemplate template = camelContext.createProducerTemplate()) {
            reply = template.send(endpointUri(), exchange -> {
                exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
                exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
                exchange.getIn().setHeader("Accept", "application/json");
                exchange.getIn().setBody(body);
            });
        } catch (IOException e) {
            throw new TokenEndpointException("the Oura token endpoint could not be called: " + e.getMessage());
        }
        if (reply.getException() != null) {
            throw new TokenEndpointException("the Oura token endpoint could not be reached ("
                    + reply.getException().getClass().getSimpleName() + ")", reply.getException());
        }
        Integer status = reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String answer = reply.getMessage().getBody(String.class);
        if (status != null && (status == 400 || status == 401)) {
            throw new AuthorizationException("Oura refused the " + what + " (" + errorCode(answer) + "): "
                    + (form.containsKey("code")
                            ? "an authorization code works once and only for minutes; run 'authorize' again"
                            : "the authorization was revoked or lost; run 'java -jar target/oura-hrv-sync.jar"
                                    + " authorize'"));
        }
        if (status == null || status != 200) {
            throw new TokenEndpointException("the Oura token endpoint answered HTTP " + status + " to the " + what);
        }
        TokenResponse response;
        try {
            response = JSON.readValue(answer, TokenResponse.class);
        } catch (IOException e) {
            throw new TokenEndpointException("the Oura token endpoint's answer to the " + what + " is not JSON");
        }
        Secrets.register(response.accessToken());
        Secrets.register(response.refreshToken());
        if (response.accessToken() == null || response.accessToken().isEmpty()) {
            throw new TokenEndpointException("the Oura token endpoint's answer to the " + what + " has no access_token");
        }
        // a server that does not rotate keeps the refresh token we sent
        String refreshToken = response.refreshToken() != null ? response.refreshToken() : form.get("refresh_token");
        long lifetime = response.expiresIn() != null ? response.expiresIn() : 0L;
        return new StoredTokens(response.accessToken(), refreshToken, sent.plusSeconds(lifetime),
                response.scope() != null ? response.scope() : previousScope, sent);
    }

    private String endpointUri() {
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
