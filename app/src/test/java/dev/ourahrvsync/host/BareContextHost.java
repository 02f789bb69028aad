package dev.ourahrvsync.host;

import dev.ourahrvsync.sync.SyncRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * An embedding host as a platform engineer writes one: a plain {@link DefaultCamelContext}, no camel-main, none of
 * the command line's start-up code (no {@code LoggingSetup}), its own logback configuration. It hands the sync its
 * settings, secrets included, through its own properties (not the environment), loads the sync's routes, runs one
 * sync and prints the summary line, with Camel's tracer on. Run as a child JVM by {@link HostLogMaskingTest}.
 *
 * <p>Arguments: the host's properties file, the first day, the last day.
 */
public final class BareContextHost {

    /** The sync's entry point (issue 10 renames it direct:oura-sync). */
    static final String SYNC = "direct:oura-sync";
    /** The routes a host loads: the core jar's, which hold the sync, not private serving. */
    static final String ROUTES = "classpath:oura-hrv-sync/routes/*.camel.yaml";

    private BareContextHost() {
    }

    public static void main(String[] args) throws Exception {
        Properties hostProperties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            hostProperties.load(in);
        }
        try (CamelContext context = new DefaultCamelContext()) {
            // the sync's own defaults, then the host's values over them
            context.getPropertiesComponent().setLocation("classpath:oura-hrv-sync/application.properties");
            context.getPropertiesComponent().setOverrideProperties(hostProperties);
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    PluginHelper.getPackageScanResourceResolver(context).findResources(ROUTES));
            // as a host debugging its routes would: Camel's tracer prints every message's headers and body, the
            // Authorization header of the data calls among them, under a logger no pin quiets
            context.setTracing(true);
            context.start();
            try (ProducerTemplate template = context.createProducerTemplate()) {
                Exchange reply = template.request(SYNC, exchange -> {
                    exchange.getIn().setHeader(SyncRequest.FROM, args[1]);
                    exchange.getIn().setHeader(SyncRequest.TO, args[2]);
                });
                if (reply.getException() != null) {
                    System.out.println("host: sync failed: " + reply.getException().getMessage());
                    System.exit(1);
                }
                System.out.println("host: sync done: " + reply.getMessage().getBody(String.class));
            }
        }
    }
}
