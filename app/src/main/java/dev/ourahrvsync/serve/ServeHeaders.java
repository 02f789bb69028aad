package dev.ourahrvsync.serve;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

import java.util.Locale;
import java.util.Set;

/**
 * Which HTTP headers cross into and out of the serving route, as allow-lists: in, only {@code Authorization}
 * (query parameters would cross here too, and the key need not travel further than the URI); out, only the
 * headers of the answer itself, so nothing of a request is ever echoed. The server adds the headers every answer
 * carries ({@link ServeHttpServer#addHeaders}).
 */
public class ServeHeaders implements HeaderFilterStrategy {

    private static final Set<String> IN = Set.of("authorization");
    /** Content-Type is not here: the server sets it from the message itself. */
    private static final Set<String> OUT = Set.of("content-length", "www-authenticate");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !OUT.contains(headerName.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !IN.contains(headerName.toLowerCase(Locale.ROOT));
    }
}
