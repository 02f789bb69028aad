package dev.ourahrvsync.serve;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one client from holding the server: at most {@code maxConnectionsPerClient} open connections per address
 * (one more is closed at once), and a deadline for the head of each request (counted from the connection's start,
 * then from each answer), so that a request sent a byte at a time, or never finished, does not keep its connection.
 */
final class ConnectionGuard {

    private final Vertx vertx;
    private final ServeLimits limits;
    private final Map<String, Integer> openPerClient = new ConcurrentHashMap<>();
    /** The timer of each connection that waits for a request head. */
    private final Map<HttpConnection, Long> headDeadlines = new ConcurrentHashMap<>();

    ConnectionGuard(Vertx vertx, ServeLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    void admit(HttpConnection connection) {
        String client = connection.remoteAddress().hostAddress();
        int open = openPerClient.merge(client, 1, Integer::sum);
        connection.closeHandler(ignored -> {
            openPerClient.computeIfPresent(client, (address, count) -> count == 1 ? null : count - 1);
            Long deadline = headDeadlines.remove(connection);
            if (deadline != null) {
                vertx.cancelTimer(deadline);
            }
        });
        if (open > limits.maxConnectionsPerClient()) {
            connection.close();
            return;
        }
        awaitHead(connection);
    }

    /** The head of a request is in: no deadline while it is answered, however long a file takes to send. */
    void requestArrived(HttpConnection connection) {
        Long deadline = headDeadlines.remove(connection);
        if (deadline != null) {
            vertx.cancelTimer(deadline);
        }
    }

    /** An answer is sent: the next request on this connection gets the same time for its head as the first. */
    void answered(HttpConnection connection) {
        awaitHead(connection);
    }

    private void awaitHead(HttpConnection connection) {
        long timer = vertx.setTimer(limits.headerTimeoutSeconds() * 1000L, id -> {
            headDeadlines.remove(connection, id);
            connection.close();
        });
        Long previous = headDeadlines.put(connection, timer);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
    }
}
