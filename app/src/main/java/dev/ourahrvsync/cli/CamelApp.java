package dev.ourahrvsync.cli;

import dev.ourahrvsync.auth.OuraTokens;
import dev.ourahrvsync.oura.CallLimits;
import dev.ourahrvsync.serve.ServeHttpServerFactory;
import dev.ourahrvsync.settings.RawSettingsParser;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts the integration as camel-main does, with the settings and routes of an {@link Installation}: the jar's
 * settings under the user's application.properties, and the routes of its {@code routes/} folder or the jar's.
 */
final class CamelApp {

    /** The route file of private serving, left out of every process that does not serve. */
    static final String SERVE_ROUTES = "**/serve.camel.yaml";
    /** Chosen here, not in the settings file: the jar runs from any folder, with its own routes or the user's. */
    static final String ROUTES_INCLUDE_PATTERN = "camel.main.routes-include-pattern";

    /** Work done once with the started integration. */
    @FunctionalInterface
    interface Work<T> {
        T run(CamelContext context) throws Exception;
    }

    /** How work done once went: its result, or its failure (then the result is null). */
    record Outcome<T>(T result, Throwable failure) {
    }

    private CamelApp() {
    }

    /**
     * The standalone jar's Camel set-up, kept out of the settings a host reads (Spring Boot refuses placeholders in
     * typed keys, and a host has its own set-up). Lowest in rank: a key in the user's file or environment wins.
     */
    static final Map<String, String> CAMEL_SETTINGS = Map.of(
            "camel.main.name", "oura-hrv-sync",
            // secrets and paths from the environment, -D and overrides are used as given, never expanded
            "camel.component.properties.properties-parser", "#class:" + RawSettingsParser.class.getName(),
            // a run in progress gets this long to finish when the service is stopped
            "camel.main.shutdown-timeout", "30",
            // Quartz's scheduler is not published over JMX: nothing reads it, and every start would pay for it
            "camel.component.quartz.enable-jmx", "false",
            // whether this process serves: as serve.enabled for 'run'; 'serve' and the one-shot commands say so
            "serve.active", "{{serve.enabled}}",
            // the embedded HTTP server of private serving exists only while this process serves, takes no uploads,
            // and is made by a factory that adds the serve.* limits and the headers of every answer
            "camel.server.enabled", "{{serve.active}}",
            "camel.server.host", "{{serve.bind-address}}",
            "camel.server.port", "{{serve.port}}",
            "camel.server.file-upload-enabled", "false",
            "camel.beans.ouraServeHttpServerFactory", "#class:" + ServeHttpServerFactory.class.getName());

    static Main create(Installation installation, Map<String, String> overrides) {
        Main main = new Main();
        CAMEL_SETTINGS.forEach(main::addInitialProperty);
        main.setPropertyPlaceholderLocations(String.join(",", installation.propertyLocations()));
        main.addOverrideProperty(ROUTES_INCLUDE_PATTERN, String.join(",", installation.routeLocations()));
        overrides.forEach(main::addOverrideProperty);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport configuring) {
                // private serving is its own route file, loaded only by a process that serves: the settings are
                // known here, the routes are not loaded yet
                if (!isOn(configuring.getCamelContext(), "serve.active")) {
                    configuring.configure().setRoutesExcludePattern(SERVE_ROUTES);
                }
            }
        });
        return main;
    }

    /**
     * Keeps the service running until the process is stopped. It refuses to start when it would have nothing to do,
     * or when it would sync on a schedule without tokens (each trigger would only fail).
     */
    static void runService(Installation installation, Map<String, String> overrides) throws Exception {
        Main main = create(installation, overrides);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                // the settings and beans are checked by now (a bad setting is exit 2 first); nothing runs yet
                CamelContext context = configured.getCamelContext();
                boolean scheduled = isOn(context, "sync.scheduled");
                if (!scheduled && !isOn(context, "serve.active")) {
                    throw new IllegalArgumentException("nothing to do: sync.scheduled and serve.enabled are both"
                            + " false; set one of them to true, or use 'sync' to sync once");
                }
                OuraTokens tokens = context.getRegistry().lookupByNameAndType("ouraTokens", OuraTokens.class);
                if (scheduled && tokens != null) {
                    tokens.checkAuthorized();
                }
            }

            @Override
            public void afterStart(BaseMainSupport started) {
                // said once the server is up and the trigger scheduled (the beans are built twice at start). No
                // static logger here: this class is loaded before logging is set up
                try {
                    LoggerFactory.getLogger(CamelApp.class).info("{}",
                            ServiceStartLine.of(started.getCamelContext()));
                } catch (Exception e) {
                    LoggerFactory.getLogger(CamelApp.class).warn("Cannot tell when the next sync is: {}",
                            e.getMessage());
                }
            }

            @Override
            public void beforeStop(BaseMainSupport stopping) {
                // a stop waits for the sync under way: its call to Oura ends now, not at oura.call-timeout-ms. The
                // limits the endpoints were given, not the registry's: camel-main builds the route beans twice
                for (Endpoint endpoint : stopping.getCamelContext().getEndpoints()) {
                    if (endpoint instanceof HttpEndpoint http
                            && http.getHttpClientConfigurer() instanceof CallLimits limits) {
                        limits.stopCalls();
                    }
                }
            }
        });
        main.run();
    }

    /**
     * Starts the integration without its schedule and without serving (the running service may hold the port),
     * does {@code work}, and stops.
     */
    static <T> Outcome<T> once(Installation installation, Map<String, String> overrides, Work<T> work) {
        Map<String, String> unscheduled = new HashMap<>(overrides);
        unscheduled.put("sync.scheduled", "false");
        unscheduled.put("serve.active", "false");
        Main main = create(installation, unscheduled);
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                try {
                    result.set(work.run(started.getCamelContext()));
                } catch (Throwable e) {
                    failure.set(e);
                } finally {
                    main.completed();
                }
            }
        });
        try {
            main.run();
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
        return new Outcome<>(failure.get() == null ? result.get() : null, failure.get());
    }

    /** Whether a true/false setting is true. */
    static boolean isOn(CamelContext context, String key) {
        return Boolean.parseBoolean(property(context, key).strip());
    }

    static String property(CamelContext context, String key) {
        return context.resolvePropertyPlaceholders("{{" + key + "}}");
    }
}
