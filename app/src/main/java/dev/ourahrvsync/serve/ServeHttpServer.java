package dev.ourahrvsync.serve;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;

import java.util.concurrent.TimeUnit;

/**
 * Camel's Vert.x server for platform-http, with the limits private serving needs and that camel-main's own server
 * cannot be given (it builds its {@code HttpServerOptions} itself): an idle timeout, a deadline for a request's
 * head, a cap on connections per client, small request heads. And the headers every answer carries, whoever makes
 * it: the serving route, Camel after a failure (500), the router (405, 404) or Vert.x itself (400, 414, 431).
 */
public class ServeHttpServer extends VertxPlatformHttpServer {

    /** Vert.x's own defaults, stated here because a request head has no business being larger. */
    static final int MAX_REQUEST_LINE = 4096;
    static final int MAX_HEADER_SIZE = 8192;

    private final VertxPlatformHttpServerConfiguration configuration;
    private final ServeLimits limits;
    private HttpServer server;

    public ServeHttpServer(VertxPlatformHttpServerConfiguration configuration, ServeLimits limits) {
        super(configuration);
        this.configuration = configuration;
        this.limits = limits;
    }

    @Override
    public HttpServer getServer() {
        return server;
    }

    @Override
    protected void startServer() throws Exception {
        // the router Camel's consumers add their routes to, bound by initializeServer
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getBindPort()));
        ConnectionGuard guard = new ConnectionGuard(getVertx(), limits);
        router.route().order(Integer.MIN_VALUE).handler(context -> everyAnswer(context, guard));

        HttpServerOptions options = new HttpServerOptions()
                // a connection on which nothing moves either way for this long is closed
                .setIdleTimeout(limits.idleTimeoutSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxInitialLineLength(MAX_REQUEST_LINE)
                .setMaxHeaderSize(MAX_HEADER_SIZE)
                // HTTP/1.1 only: one request at a time per connection, which the limits below are counted in
                .setHttp2ClearTextEnabled(false)
                .setCompressionSupported(false);
        server = getVertx().createHttpServer(options)
                .connectionHandler(guard::admit)
                .invalidRequestHandler(ServeHttpServer::answerInvalid)
                .requestHandler(request -> {
                    guard.requestArrived(request.connection());
                    router.handle(request);
                });
        server.listen(configuration.getBindPort(), configuration.getBindHost())
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Override
    protected void stopServer() {
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the serving HTTP server did not stop: " + e.getMessage(), e);
            } finally {
                server = null;
            }
        }
    }

    /** The base class would close Vert.x on an executor its own startServer makes; this server is its only user. */
    @Override
    protected void stopVertx() {
        if (getVertx() != null) {
            try {
                getVertx().close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Vert.x did not stop: " + e.getMessage(), e);
            }
        }
    }

    /** The first handler of every request that reaches the router: its answer gets the headers, whatever it is. */
    private static void everyAnswer(RoutingContext context, ConnectionGuard guard) {
        HttpServerRequest request = context.request();
        context.addHeadersEndHandler(ignored -> addHeaders(context.response()));
        // the head of the next request on this connection is awaited again once this answer is sent
        context.addEndHandler(ignored -> guard.answered(request.connection()));
        context.next();
    }

    static void addHeaders(HttpServerResponse response) {
        // health data: no cache on the phone or on the way may keep a copy
        response.putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.putHeader("X-Content-Type-Options", "nosniff");
        if (response.getStatusCode() == 405) {
            response.putHeader(HttpHeaders.ALLOW, "GET, HEAD");
        }
        // Camel marks every streamed body chunked, even when the route knows its length: the length wins
        if (response.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            response.headers().remove(HttpHeaders.TRANSFER_ENCODING);
        }
    }

    /** A request Vert.x cannot parse (too long a line or head, bad syntax): Vert.x's answer, with the headers. */
    static void answerInvalid(HttpServerRequest request) {
        request.response().headersEndHandler(ignored -> addHeaders(request.response()));
        HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
    }
}
