package dev.ourahrvsync.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretsTest {

    @Test
    void registeredValuesAreMaskedInMessagesAndStackTraces() {
        Secrets.register("mask-me-7e21");
        Secrets.register("abc");
        LoggerContext context = new LoggerContext();
        Logger logger = context.getLogger("test");
        LoggingEvent event = new LoggingEvent("fqcn", logger, Level.DEBUG, "value: {} and abc",
                new IllegalStateException("failed with mask-me-7e21"), new Object[] {"mask-me-7e21"});

        String message = new MaskedMessageConverter().convert(event);
        MaskedThrowableConverter throwable = new MaskedThrowableConverter();
        throwable.setContext(context);
        throwable.start();
        String trace = throwable.convert(event);

        assertEquals("value: **** and abc", message, "values shorter than " + Secrets.MIN_LENGTH + " stay");
        assertTrue(trace.contains("failed with ****"), trace);
        assertFalse(trace.contains("mask-me-7e21"), trace);
    }

    @Test
    void percentEncodedSecretsAreMaskedInEverySpelling() {
        Secrets.register("pct key/9d3f é");
        String allEncoded = "%70%63%74%20%6B%65%79%2F%39%64%33%66%20%C3%A9";
        String mixed = "pct+k%65y%2f9d%33f%20%c3%a9";

        assertEquals("GET /hrv/latest.json?key=**** HTTP/1.1",
                Secrets.mask("GET /hrv/latest.json?key=" + allEncoded + " HTTP/1.1"));
        assertEquals("form: secret=****&grant_type=x", Secrets.mask("form: secret=" + mixed + "&grant_type=x"));
        assertEquals("plain ****", Secrets.mask("plain pct key/9d3f é"));
        assertEquals("other %70%63%74 text", Secrets.mask("other %70%63%74 text"), "a part of it stays");
    }
}
