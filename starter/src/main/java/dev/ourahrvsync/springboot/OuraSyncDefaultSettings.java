package dev.ourahrvsync.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The core's default settings as the host's last property source: below the host's application.yml, profiles,
 * environment variables, system properties and {@code SpringApplication.setDefaultProperties}, so a host sets only
 * what differs (the secrets, the paths) and its value always wins. Camel reads them through the host's Environment,
 * like any other property.
 */
public class OuraSyncDefaultSettings implements EnvironmentPostProcessor, Ordered {

    public static final String SETTINGS = "oura-hrv-sync/application.properties";
    public static final String PROPERTY_SOURCE = "oura-hrv-sync defaults [classpath:/" + SETTINGS + "]";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(PROPERTY_SOURCE)) {
            return;
        }
        ClassPathResource settings = new ClassPathResource(SETTINGS, OuraSyncDefaultSettings.class.getClassLoader());
        try {
            // Spring Boot's own loader: the values keep their origin (file and line) for the actuator's env view
            for (PropertySource<?> source : new PropertiesPropertySourceLoader().load(PROPERTY_SOURCE, settings)) {
                environment.getPropertySources().addLast(source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the oura-hrv-sync defaults " + settings, e);
        }
    }

    /** After every other post-processor (the host's config data included), so last stays last. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
