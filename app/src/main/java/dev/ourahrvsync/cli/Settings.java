package dev.ourahrvsync.cli;

import dev.ourahrvsync.settings.RawSettingsParser;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The settings as the integration would see them, for the commands that need a few values and no routes
 * ({@code status}, {@code export}): Camel's own properties component, layered as under camel-main (the jar's
 * settings, the user's file, the environment as {@code OURA_CLIENT_ID}, {@code -D}) with the same raw
 * values rule, on a Camel context that is never started: no routes, beans or components are made.
 */
final class Settings {

    private final CamelContext context;

    private Settings(CamelContext context) {
        this.context = context;
    }

    /**
     * The context is not even built (building it loads every type converter: 1 s more for {@code status}); it has no
     * type converter then, which override properties would need: these commands have none.
     */
    static Settings of(Installation installation) {
        CamelContext context = new DefaultCamelContext(false);
        PropertiesComponent properties = (PropertiesComponent) context.getPropertiesComponent();
        properties.setLocation(String.join(",", installation.propertyLocations()));
        RawSettingsParser parser = new RawSettingsParser();
        parser.setPropertiesComponent(properties);
        parser.setCamelContext(context);
        properties.setPropertiesParser(parser);
        return new Settings(context);
    }

    String get(String key) {
        return CamelApp.property(context, key);
    }
}
