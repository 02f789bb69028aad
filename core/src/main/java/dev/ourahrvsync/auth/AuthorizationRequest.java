package dev.ourahrvsync.auth;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One OAuth authorization-code request: the address the user opens, with a fresh random {@code state}, and the
 * reading of what the identity server sends back to the redirect URI.
 */
public final class AuthorizationRequest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String authorizeUrl;
    private final String clientId;
    private final String redirectUri;
    private final String scopes;
    private final String state;

    public AuthorizationRequest(String authorizeUrl, String clientId, String redirectUri, String scopes, String state) {
        this.authorizeUrl = TokenEndpoint.require(authorizeUrl, "oura.authorize-url");
        this.clientId = TokenEndpoint.require(clientId, "oura.client-id");
        this.redirectUri = TokenEndpoint.require(redirectUri, "oura.redirect-uri");
        this.scopes = TokenEndpoint.require(scopes, "oura.scopes");
        this.state = state;
        URI redirect = URI.create(this.redirectUri);
        if (redirect.getScheme() == null || redirect.getHost() == null) {
            throw new IllegalArgumentException("oura.redirect-uri must be an absolute http(s) address, not '"
                    + this.redirectUri + "'");
        }
    }

    /** 32 random bytes, URL-safe. */
    public static String newState() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String state() {
        return state;
    }

    public String redirectUri() {
        return redirectUri;
    }

    /** The address the user opens to grant access. */
    public String url() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("scope", scopes.trim().replaceAll("\\s+", " "));
        query.put("state", state);
        String encoded = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("&"));
        return authorizeUrl + (authorizeUrl.contains("?") ? "&" : "?") + encoded;
    }

    /**
     * True when Oura will send the browser back to this machine: an {@code http} redirect URI on {@code localhost}
     * or {@code 127.0.0.1} with a port, where this tool can listen once.
     */
    public boolean isLoopback() {
        URI redirect = URI.create(redirectUri);
        String host = redirect.getHost().toLowerCase(Locale.ROOT);
        return "http".equalsIgnoreCase(redirect.getScheme()) && redirect.getPort() > 0
                && (host.equals("localhost") || host.equals("127.0.0.1"));
    }

    /**
     * The code in a callback's query parameters, after checking {@code state} and {@code error}.
     *
     * @throws AuthorizationException when the user or server refused, or the state does not match
     */
    public String codeFrom(Map<String, String> callback) {
        String error = callback.get("error");
        if (error != null) {
            String description = callback.getOrDefault("error_description", "");
            throw new AuthorizationException("Oura did not authorize this tool: " + printable(error)
                    + (description.isBlank() ? "" : " (" + printable(description) + ")"));
        }
        String returned = callback.get("state");
        if (returned == null || !MessageDigest.isEqual(returned.getBytes(StandardCharsets.UTF_8),
                state.getBytes(StandardCharsets.UTF_8))) {
            throw new AuthorizationException("the answer does not belong to this authorization (its 'state' differs):"
                    + " start again with 'authorize'");
        }
        String code = callback.get("code");
        if (code == null || code.isBlank()) {
            throw new AuthorizationException("the answer holds no authorization code");
        }
        return code;
    }

    /** The query parameters of a whole redirect address as pasted by the user. */
    public static Map<String, String> queryOf(String address) {
        String raw;
        try {
            raw = URI.create(address.trim()).getRawQuery();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("that is not an address: paste the whole address from the browser");
        }
        return parseQuery(raw);
    }

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            String[] parts = pair.split("=", 2);
            values.putIfAbsent(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }

    /** What a server sent, made safe to print on one line. */
    private static String printable(String text) {
        String cleaned = text.replaceAll("[\\p{Cntrl}]", " ").trim();
        return cleaned.length() > 200 ? cleaned.substring(0, 200) + "..." : cleaned;
    }
}
