package dev.ourahrvsync.cli;

import dev.ourahrvsync.SyncTestSupport;
import org.apache.camel.main.MainConfigurationProperties;

import java.util.Properties;

/**
 * The real routes as the standalone jar runs them in a checkout: {@code ./routes} (private serving included) and
 * {@code ./application.properties}, over the jar's own Camel set-up ({@link CamelApp#CAMEL_SETTINGS}).
 */
public abstract class StandaloneTestSupport extends SyncTestSupport {

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:" + Installation.SETTINGS;
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        super.configure(configuration);
        configuration.setRoutesIncludePattern("file:routes/" + Installation.ROUTE_FILES);
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        // the jar's set-up ranks lowest there; here a test's own setting still wins
        CamelApp.CAMEL_SETTINGS.forEach(properties::putIfAbsent);
        return properties;
    }
}
