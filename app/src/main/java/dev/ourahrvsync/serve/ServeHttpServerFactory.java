package dev.ourahrvsync.serve;

import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.HttpServerConfigurationProperties;
import org.apache.camel.main.MainHttpServerFactory;

/**
 * Makes camel-main's embedded HTTP server ({@code camel.server.*}) a {@link ServeHttpServer}: camel-main takes the
 * factory from the registry, where {@code camel.beans.ouraServeHttpServerFactory} in application.properties puts it
 * before the server is made. Host, port and path still come from {@code camel.server.*}; the limits from the
 * {@code serve.*} settings, checked here, when the server is made: only in a process that serves.
 */
public class ServeHttpServerFactory implements MainHttpServerFactory {

    @Override
    public Service newHttpServer(CamelContext context, HttpServerConfigurationProperties properties) {
        ServeLimits limits = ServeLimits.of(setting(context, "serve.idle-timeout-seconds"),
                setting(context, "serve.header-timeout-seconds"), setting(context, "serve.max-connections-per-client"));
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost(properties.getHost());
        configuration.setBindPort(properties.getPort());
        configuration.setPath(properties.getPath());
        configuration.setMaxBodySize(properties.getMaxBodySize());
        // requests carry no body worth keeping
        configuration.getBodyHandler().setHandleFileUploads(false);
        ServeHttpServer server = new ServeHttpServer(configuration, limits);
        server.setCamelContext(context);
        return server;
    }

    /** No management server is configured; should one be, it is camel-main's own. */
    @Override
    public Service newHttpManagementServer(CamelContext context,
                                           HttpManagementServerConfigurationProperties properties) {
        DefaultMainHttpServerFactory standard = new DefaultMainHttpServerFactory();
        standard.setCamelContext(context);
        return standard.newHttpManagementServer(context, properties);
    }

    private static String setting(CamelContext context, String key) {
        return context.resolvePropertyPlaceholders("{{" + key + "}}");
    }
}
