package dev.ourahrvsync.springboot;

import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;

import java.util.Collection;

/**
 * Loads the sync's routes and beans from the core jar into the host's CamelContext, after the host's own routes and
 * before the context starts. Loaded by name here rather than through the host's {@code camel.springboot.*}
 * routes-include-pattern, which stays the host's own.
 */
public class OuraSyncRoutes implements CamelContextConfiguration {

    /** The core jar's route files; private serving's is not among them, so nothing here opens a port. */
    public static final String ROUTES = "classpath:oura-hrv-sync/routes/*.camel.yaml";

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        try {
            Collection<Resource> routes = PluginHelper.getPackageScanResourceResolver(camelContext).findResources(ROUTES);
            if (routes.isEmpty()) {
                throw new IllegalStateException("No oura-hrv-sync routes at " + ROUTES
                        + ": the oura-hrv-sync-core jar is missing from the classpath");
            }
            PluginHelper.getRoutesLoader(camelContext).loadRoutes(routes);
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeCamelException(e);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // nothing to do once started
    }
}
