package dev.ourahrvsync.cli;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts the integration as camel-main does: properties from ./application.properties, routes from ./routes.
 */
final class CamelApp {

    static final Path CONFIG = Path.of("application.properties");

    private CamelApp() {
    }

    static Main create(Map<String, String> overrides) {
        if (!Files.isRegularFile(CONFIG)) {
            throw new IllegalArgumentException("no application.properties in " + Path.of("").toAbsolutePath()
                    + ": run from the oura-hrv-sync folder");
        }
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + CONFIG);
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    /** Keeps the service running until the process is stopped. */
    static void runService(Map<String, String> overrides) throws Exception {
        create(overrides).run();
    }

    /** How a one-shot sync went: its failure (null when it succeeded) and the data folder it wrote to. */
    record SyncOutcome(Throwable failure, String dataDir) {
    }

    /** Starts the routes without the schedule, sends one exchange to {@code direct:sync}, and stops. */
    static SyncOutcome syncOnce(Map<String, String> overrides, Map<String, Object> headers) {
        Map<String, String> once = new java.util.HashMap<>(overrides);
        once.put("sync.scheduled", "false");
        Main main = create(once);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<String> dataDir = new AtomicReference<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                CamelContext context = started.getCamelContext();
                try (ProducerTemplate template = context.createProducerTemplate()) {
                    dataDir.set(context.resolvePropertyPlaceholders("{{sync.data-dir}}"));
                    template.requestBodyAndHeaders("direct:sync", null, headers);
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
        return new SyncOutcome(failure.get(), dataDir.get());
    }
}
