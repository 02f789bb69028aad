package dev.ourahrvsync.sync;

import dev.ourahrvsync.auth.AuthorizationException;
import dev.ourahrvsync.auth.TokenEndpointException;
import dev.ourahrvsync.auth.TokenStoreException;
import dev.ourahrvsync.oura.OuraResponseException;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.net.URI;

/**
 * Turns a failure into the one line a user reads, for the command line and for the scheduled route's log.
 * Messages of our own exceptions never hold a secret.
 */
public final class Failures {

    /** For a route: the one line of the exception the route caught. */
    public String describe(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return caught == null ? "unknown failure" : oneLine(caught);
    }

    public static String oneLine(Throwable failure) {
        Throwable telling = mostTelling(failure);
        String text;
        if (telling instanceof HttpOperationFailedException http) {
            text = "Oura answered HTTP " + http.getStatusCode() + " to " + pathOf(http.getUri());
        } else if (telling.getMessage() == null || telling.getMessage().isBlank()) {
            text = telling.getClass().getSimpleName();
        } else {
            text = telling.getMessage();
        }
        return text.replaceAll("\\s+", " ").trim();
    }

    /** The exception whose message says most: ours first, then the deepest cause. */
    private static Throwable mostTelling(Throwable failure) {
        Throwable deepest = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AuthorizationException || t instanceof TokenStoreException
                    || t instanceof TokenEndpointException || t instanceof OuraResponseException
                    || t instanceof HttpOperationFailedException || t instanceof IllegalArgumentException) {
                return t;
            }
            deepest = t;
            if (t.getCause() == t) {
                break;
            }
        }
        return deepest;
    }

    /** Only the path: a query string may one day carry something private. */
    private static String pathOf(String uri) {
        try {
            return URI.create(uri).getPath();
        } catch (IllegalArgumentException e) {
            return "the Oura API";
        }
    }
}
