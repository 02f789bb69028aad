package dev.ourahrvsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ourahrvsync.auth.AuthorizationException;
import dev.ourahrvsync.auth.ScopeMissingException;
import dev.ourahrvsync.auth.TokenEndpointException;
import dev.ourahrvsync.auth.TokenStoreException;
import dev.ourahrvsync.oura.CallLimitException;
import dev.ourahrvsync.oura.OuraResponseException;
import dev.ourahrvsync.output.LocalFileException;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a failure into the one line a user reads, for the command line and for the scheduled route's log: what
 * failed, where, for which days, and what to do. Messages of our own exceptions never hold a secret, and from
 * Oura's answers only the path, the dates and the {@code detail} are ever quoted.
 */
public final class Failures {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 200;
    private static final int MAX_NETWORK = 100;

    /** For a route: the one line of the exception the route caught. */
    public String describe(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return caught == null ? "unknown failure" : oneLine(caught);
    }

    public static String oneLine(Throwable failure) {
        Throwable telling = mostTelling(failure);
        SleepFetch fetch = fetchOf(failure);
        String text;
        if (telling instanceof CallLimitException limit) {
            text = fetch == null ? limit.getMessage() : limit.describe("to " + fetch.call());
        } else if (telling instanceof HttpOperationFailedException http) {
            text = httpFailure(http, fetch == null ? where(http.getUri()) : "to " + fetch.call());
        } else if (causedBy(failure, SSLHandshakeException.class)
                || causedBy(failure, SSLPeerUnverifiedException.class)) {
            text = "the Oura API's certificate or host name could not be verified (" + shortened(messageOf(telling),
                    MAX_NETWORK) + ")" + (fetch == null ? "" : " on the call to " + fetch.call()) + ": nothing was"
                    + " sent; HTTPS is always verified, check oura.api-url";
        } else if (causeOf(failure, MarkedYamlEngineException.class) != null) {
            text = yamlFailure(causeOf(failure, MarkedYamlEngineException.class));
        } else if (isNetworkFailure(telling)) {
            // the client's words may quote what the server sent (a bad chunk header): cut short
            text = "the Oura API could not be reached or broke off (" + shortened(messageOf(telling), MAX_NETWORK)
                    + ")" + (fetch == null ? "" : " on the call to " + fetch.call()) + ", after the configured"
                    + " retries";
        } else if (telling instanceof FileSystemException file && !(file instanceof LocalFileException)) {
            // the JDK's message is often the path alone ("/proc/nope"): say what went wrong with it, as ours do
            text = "cannot use " + file.getFile() + (file.getOtherFile() == null ? "" : " or " + file.getOtherFile())
                    + ": " + LocalFileException.reason(file);
        } else {
            text = messageOf(telling);
        }
        // one line, whatever a server put into a message: no control characters, no line separators
        return text.replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}]", " ").replaceAll("\\s+", " ").trim();
    }

    /**
     * Whether the network failed a call (refused, reset, timed out, cut short, not HTTP): an IOException of the JDK's
     * networking or of the HTTP client, not of the file system.
     */
    public static boolean isNetworkFailure(Throwable t) {
        return t instanceof SocketException || t instanceof SocketTimeoutException
                || t instanceof UnknownHostException || t instanceof SSLException
                || t instanceof IOException && t.getClass().getName().startsWith("org.apache.hc.");
    }

    /** What an HTTP status from Oura means for the user; {@code where} names the call. */
    static String httpFailure(HttpOperationFailedException http, String where) {
        int status = http.getStatusCode();
        return switch (status) {
            case 401 -> "Oura refused the access token twice (HTTP 401) " + where
                    + ": the authorization was revoked or lost; run 'java -jar target/oura-hrv-sync.jar authorize'";
            case 403 -> "Oura refused access (HTTP 403) " + where + ": an active Oura membership is needed for API"
                    + " data, or the '" + scopeFor(http.getUri()) + "' scope was not granted (run 'authorize' with it"
                    + " in oura.scopes)";
            case 426 -> "Oura answered HTTP 426 " + where + ": update the Oura app on your phone, let it sync with"
                    + " the ring, then sync again";
            case 400, 422 -> "Oura rejected the request (HTTP " + status + ") " + where + ": "
                    + detail(http.getResponseBody());
            case 429 -> "Oura kept rate-limiting (HTTP 429) " + where + " after the configured retries";
            case 301, 302, 303, 307, 308 -> "Oura answered with a redirect (HTTP " + status + ") " + where
                    + ": not followed, so the access token goes nowhere else; check oura.api-url";
            default -> "Oura answered HTTP " + status + " " + where
                    + (status >= 500 ? " after the configured retries" : "");
        };
    }

    /** For a processor of a window's call: the call, or what {@link #where(String)} makes of its URI. */
    static String where(Exchange exchange, String uri) {
        SleepFetch fetch = exchange.getProperty(SleepWindows.FETCH, SleepFetch.class);
        return fetch == null ? where(uri) : "to " + fetch.call();
    }

    /** "to /v2/usercollection/sleep for 2024-10-09..2024-10-13": the path and the days, never the rest. */
    static String where(String uri) {
        try {
            URI parsed = URI.create(uri);
            Map<String, String> query = query(parsed.getRawQuery());
            String days = query.containsKey("start_date") && query.containsKey("end_date")
                    ? " for " + query.get("start_date") + ".." + query.get("end_date") : "";
            return "to " + parsed.getPath() + days;
        } catch (IllegalArgumentException e) {
            return "to the Oura API";
        }
    }

    private static String scopeFor(String uri) {
        return uri != null && uri.contains("daily_spo2") ? "spo2Daily" : "daily";
    }

    /** Oura's {@code {"detail": ...}}: a text, or FastAPI's list of {@code {"msg": ...}}; cut short and tidied. */
    static String detail(String body) {
        String detail;
        try {
            JsonNode node = JSON.readTree(body == null ? "" : body).path("detail");
            if (node.isTextual()) {
                detail = node.asText();
            } else if (node.isArray() && !node.isEmpty()) {
                StringBuilder messages = new StringBuilder();
                for (JsonNode item : node) {
                    if (messages.length() > 0) {
                        messages.append("; ");
                    }
                    messages.append(item.path("msg").asText(item.toString()));
                }
                detail = messages.toString();
            } else {
                detail = "no detail given";
            }
        } catch (IOException e) {
            detail = "no detail given";
        }
        String cleaned = detail.replaceAll("\\p{Cntrl}", " ").trim();
        return cleaned.length() > MAX_DETAIL ? cleaned.substring(0, MAX_DETAIL) + "..." : cleaned;
    }

    /**
     * The window whose call failed, when the failure came out of one: the exchange of the window, which Camel's
     * split names in the exception it throws, holds it. Its days are the window's own (a call's query asks for one
     * day more on each side).
     */
    private static SleepFetch fetchOf(Throwable failure) {
        SleepFetch found = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Exchange exchange = t instanceof CamelExchangeException e ? e.getExchange()
                    : t instanceof CamelExecutionException e ? e.getExchange() : null;
            SleepFetch fetch = exchange == null ? null : exchange.getProperty(SleepWindows.FETCH, SleepFetch.class);
            if (fetch != null) {
                found = fetch;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return found;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        return causeOf(failure, type) != null;
    }

    private static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** "the route file routes/x.camel.yaml is not valid YAML at line 17, column 43: mapping values are not allowed". */
    private static String yamlFailure(MarkedYamlEngineException yaml) {
        String problem = yaml.getProblem() == null || yaml.getProblem().isBlank() ? "not valid YAML"
                : yaml.getProblem().strip();
        return yaml.getProblemMark().or(yaml::getContextMark)
                .map(mark -> "the route file " + mark.getName().replaceFirst("^(file|classpath):", "")
                        + " is not valid YAML at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)
                        + ": " + problem)
                .orElse("a route file is not valid YAML: " + problem);
    }

    private static String shortened(String text, int max) {
        return text.length() > max ? text.substring(0, max) + "..." : text;
    }

    /** The exception whose message says most: ours first, then the deepest cause. */
    private static Throwable mostTelling(Throwable failure) {
        Throwable deepest = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AuthorizationException || t instanceof TokenStoreException
                    || t instanceof TokenEndpointException || t instanceof OuraResponseException
                    || t instanceof CallLimitException
                    || t instanceof HttpOperationFailedException || t instanceof IllegalArgumentException
                    || t instanceof ScopeMissingException || t instanceof SyncBusyException
                    || t instanceof FileSystemException) {
                return t;
            }
            deepest = t;
            if (t.getCause() == t) {
                break;
            }
        }
        return deepest;
    }

    private static String messageOf(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] parts = pair.split("=", 2);
                if (parts.length == 2) {
                    values.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
