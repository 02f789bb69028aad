package dev.ourahrvsync.host;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application that knows nothing of oura-hrv-sync but the starter dependency and its settings
 * (src/test/resources/application.yml). It has its own route with id {@code sync} (camel/host-routes.camel.yaml,
 * loaded by camel-spring-boot's own include pattern) and its own bean named {@code syncState}: the names the sync
 * used before they were prefixed.
 */
@SpringBootApplication
public class SpringBootHost {

    public static final String HOST_REPLY = "the host's own sync";

    /** The host's bean, which its {@code sync} route calls. */
    public record HostSyncState(String description) {
    }

    @Bean
    public HostSyncState syncState() {
        return new HostSyncState(HOST_REPLY);
    }
}
