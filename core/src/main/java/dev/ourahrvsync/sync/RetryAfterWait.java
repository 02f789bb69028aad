package dev.ourahrvsync.sync;

import dev.ourahrvsync.oura.OuraResponseException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Before a call that Oura rate-limited (HTTP 429) is tried again: waits what {@code Retry-After} says (seconds or an
 * HTTP date), or one second without it. A wait beyond {@code oura.retry.max-retry-after-seconds} fails the window at
 * once, without another call: the next run goes on from there.
 */
public class RetryAfterWait implements Processor {

    private static final Duration WITHOUT_HEADER = Duration.ofSeconds(1);

    private Duration maximum = Duration.ofSeconds(120);
    private Clock clock = Clock.systemUTC();

    public void setMaxRetryAfterSeconds(long seconds) {
        this.maximum = Duration.ofSeconds(seconds);
    }

    void setClock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        HttpOperationFailedException limited = exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                HttpOperationFailedException.class);
        Duration wait = limited == null ? WITHOUT_HEADER : waitOf(limited.getResponseHeaders());
        if (wait.compareTo(maximum) > 0) {
            Redelivery.stop(exchange, new OuraResponseException("Oura rate-limited the request (HTTP 429) "
                    + Failures.where(exchange, limited.getUri()) + " and asks to wait " + wait.toSeconds()
                    + " s, more than oura.retry.max-retry-after-seconds (" + maximum.toSeconds()
                    + " s); the next run goes on"));
            return;
        }
        Thread.sleep(wait.toMillis());
    }

    Duration waitOf(Map<String, String> headers) {
        String value = headers == null ? null : headers.entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("Retry-After"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (value == null || value.isBlank()) {
            return WITHOUT_HEADER;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant until = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), until);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return WITHOUT_HEADER;
            }
        }
    }
}
