package dev.ourahrvsync.cli;

import dev.ourahrvsync.settings.RawSettingsParser;
import dev.ourahrvsync.settings.SettingKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.impl.DefaultCamelContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The settings as the integration would see them, for the commands that need a few values and no routes
 * ({@code status}, {@code export}), layered as under camel-main: the environment ({@code OURA_CLIENT_ID}), then
 * {@code -D}, then the user's file, then the jar's settings.
 * <p>
 * A plain value is read here without Camel: loading Camel's classes, and the logging they start, would cost these
 * commands a second. A value with a placeholder in it ({@code {{sys:user.home}}/data}) is resolved by Camel's own
 * properties component, on a context that is never started, with the same raw-values rule as the integration
 * ({@link RawSettingsParser}): secrets and paths from the environment or {@code -D} are used as given.
 */
final class Settings {

    private static final String FILE_PREFIX = "file:";
    private static final String CLASSPATH_PREFIX = "classpath:";

    private final Installation installation;
    /** The property files, first the one that wins. */
    private final List<Properties> files;
    private CamelContext camel;

    private Settings(Installation installation, List<Properties> files) {
        this.installation = installation;
        this.files = files;
    }

    static Settings of(Installation installation) {
        List<Properties> files = new ArrayList<>();
        for (String location : installation.propertyLocations()) {
            files.add(load(location));
        }
        return new Settings(installation, files);
    }

    private static Properties load(String location) {
        Properties properties = new Properties();
        try (InputStream in = location.startsWith(CLASSPATH_PREFIX)
                ? Settings.class.getClassLoader().getResourceAsStream(location.substring(CLASSPATH_PREFIX.length()))
                : Files.newInputStream(Path.of(location.substring(FILE_PREFIX.length())))) {
            if (in == null) {
                throw new IllegalStateException(location + " is missing from the jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location + ": " + e.getMessage(), e);
        }
        return properties;
    }

    String get(String key) {
        String outside = environmentVariable(key);
        if (outside == null) {
            outside = System.getProperty(key);
        }
        if (outside != null) {
            // a raw value is used as given, whatever it holds
            return RawSettingsParser.RAW_KEYS.contains(key) || !placeholder(outside) ? outside : viaCamel(key);
        }
        for (Properties file : files) {
            String value = file.getProperty(key);
            if (value != null) {
                // Camel trims what it loads from a file
                return placeholder(value) ? viaCamel(key) : value.strip();
            }
        }
        throw new IllegalArgumentException("the setting " + key + " is not set");
    }

    /** As Camel looks a key up in the environment: {@code oura.client-id} as itself, then as OURA_CLIENT_ID. */
    private static String environmentVariable(String key) {
        String upper = key.toUpperCase(Locale.ROOT);
        String value = System.getenv(upper);
        return value != null ? value : System.getenv(SettingKeys.environmentVariable(key));
    }

    private static boolean placeholder(String value) {
        return value.contains("{{") || value.contains("}}");
    }

    /**
     * Camel's own resolution, layered alike. The context is not even built (building it loads every type converter:
     * 1 s more); it has no type converter then, which override properties would need: these commands have none.
     */
    String viaCamel(String key) {
        if (camel == null) {
            CamelContext context = new DefaultCamelContext(false);
            PropertiesComponent properties = (PropertiesComponent) context.getPropertiesComponent();
            properties.setLocation(String.join(",", installation.propertyLocations()));
            RawSettingsParser parser = new RawSettingsParser();
            parser.setPropertiesComponent(properties);
            parser.setCamelContext(context);
            properties.setPropertiesParser(parser);
            camel = context;
        }
        return CamelApp.property(camel, key);
    }
}
