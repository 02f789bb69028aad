package dev.ourahrvsync.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.ourahrvsync.auth.OuraTokens;
import dev.ourahrvsync.serve.FileServer;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a host gets from the include alone: every logback word for a message or a stack trace (and Spring Boot's
 * %wex and %wEx) masks; and the beans register their secrets as they are built, whoever builds them.
 */
class MaskingIncludeTest {

    private static final List<String> MESSAGE_WORDS = List.of("m", "msg", "message");
    private static final List<String> THROWABLE_WORDS = List.of("ex", "exception", "throwable", "xEx", "xException",
            "xThrowable", "rEx", "rootException", "wex", "wEx");

    @Test
    void everyMessageAndStackTraceWordOfAHostPatternMasksOnceTheFileIsIncluded() throws Exception {
        String secret = "include-secret-a41f";
        Secrets.register(secret);
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(new ByteArrayInputStream(("<configuration><include resource=\""
                + LoggingSetup.INCLUDED + "\"/></configuration>").getBytes(StandardCharsets.UTF_8)));
        LoggingEvent event = new LoggingEvent("fqcn", context.getLogger("host"), Level.DEBUG, "token {}",
                new IllegalStateException("refused " + secret, new RuntimeException("cause " + secret)),
                new Object[] {secret});

        for (String word : MESSAGE_WORDS) {
            // %nopex: without a stack-trace word logback adds its own, unmasked one (the include's comment says so)
            assertEquals("token ****", layout(context, "%" + word + "%nopex").doLayout(event), word);
        }
        for (String word : THROWABLE_WORDS) {
            String trace = layout(context, "%msg%" + word).doLayout(event);
            assertTrue(trace.contains("refused ****") && trace.contains("cause ****"), word + ": " + trace);
            assertFalse(trace.contains(secret), word + ": " + trace);
        }
        assertTrue(layout(context, "%wEx").doLayout(event).startsWith(System.lineSeparator()),
                "as Spring Boot's: a line break before the stack trace");
    }

    @Test
    void theBeansRegisterTheirSecretsAsTheyAreBuiltFromAHostsOwnProperties() {
        OuraTokens tokens = new OuraTokens();
        tokens.setClientSecret("setter-client-secret-6c2");
        tokens.setSeedRefreshToken("setter-seed-refresh-90b");
        new FileServer().setKey("setter-serve-key-1d7e5a20b9c3f648");
        // the values a host's properties give the secret settings, registered when the first such bean is built
        DefaultCamelContext camel = new DefaultCamelContext();
        Properties host = new Properties();
        host.put("oura.client-secret", "host-props-client-secret-3f0");
        host.put("oura.refresh-token", "{{oura.seed}}");
        host.put("oura.seed", "host-props-seed-refresh-8e4");
        host.put("serve.key", "{{not.set}}");
        camel.getPropertiesComponent().setInitialProperties(host);
        new OuraTokens().setCamelContext(camel);

        for (String secret : List.of("setter-client-secret-6c2", "setter-seed-refresh-90b",
                "setter-serve-key-1d7e5a20b9c3f648", "host-props-client-secret-3f0", "host-props-seed-refresh-8e4")) {
            assertEquals("<****>", Secrets.mask("<" + secret + ">"), secret);
        }
        assertEquals("{{not.set}}", Secrets.mask("{{not.set}}"), "an unresolvable value is left alone");
    }

    private static PatternLayout layout(LoggerContext context, String pattern) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(pattern);
        layout.start();
        return layout;
    }
}
