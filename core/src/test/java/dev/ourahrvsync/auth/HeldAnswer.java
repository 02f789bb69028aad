package dev.ourahrvsync.auth;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WireMock extension that holds the answers of the stubs naming it (in WireMock's request thread) until the test
 * releases them, or {@code longest} has passed. It counts the requests that arrived: WireMock's own journal records
 * them only once they are answered.
 */
final class HeldAnswer implements ResponseDefinitionTransformerV2 {

    static final String NAME = "held-answer";
    final CountDownLatch arrived = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger arrivals = new AtomicInteger();
    volatile Instant arrivedAt;
    volatile Instant answeredAt;
    private final Duration longest;

    HeldAnswer(Duration longest) {
        this.longest = longest;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        arrivedAt = Instant.now();
        arrivals.incrementAndGet();
        arrived.countDown();
        try {
            release.await(longest.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answeredAt = Instant.now();
        return serveEvent.getResponseDefinition();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
