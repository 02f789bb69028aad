package dev.ourahrvsync.settings;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.component.properties.DefaultPropertiesParser;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.component.properties.PropertiesLookup;
import org.apache.camel.util.IOHelper;

import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Camel's property placeholder parser, except that secrets and paths given in the environment, as a JVM system
 * property or as an override are used exactly as given. Camel would take a {@code {{...}}} inside them for a
 * placeholder: a client secret containing one would be altered (or stop the start), and
 * {@code SYNC_DATA_DIR=/data/{{oura.client-secret}}} would put the secret into a folder name and every line that
 * names the folder. Values from application.properties are expanded as before ({@code {{sys:user.home}}}).
 * <p>
 * Camel resolves a value more than once (a bean property is resolved, then resolved again when it is bound; an
 * endpoint URI likewise), so escaping cannot work: such a value is shielded instead, as a private-use token while
 * Camel parses, and put back after, in every text that contains it.
 * <p>
 * Installed by application.properties ({@code camel.component.properties.properties-parser}), so camel-main, the
 * route tests and any other runtime that reads that file get it alike.
 */
public class RawSettingsParser extends DefaultPropertiesParser implements CamelContextAware {

    /** The settings whose values from outside the properties file are never placeholder-expanded. */
    public static final List<String> RAW_KEYS = List.of("oura.client-id", "oura.client-secret",
            "oura.refresh-token", "serve.key", "sync.data-dir", "oura.token-file");

    // private-use characters: no setting has them, and Camel sees no placeholder in them
    private static final char SHIELD_START = '\uE000';
    private static final char SHIELD_END = '\uE001';
    private static final Pattern SHIELD = Pattern.compile(SHIELD_START + "(\\d+)" + SHIELD_END);
    // Camel drops one backslash in front of {{ or }} after parsing (its escape): one more keeps the value's own
    private static final Pattern ESCAPE = Pattern.compile("\\\\(?=\\{\\{|\\}\\})");

    private CamelContext camelContext;

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** Camel wires its own parser to the properties component at start; one set from the properties file is not. */
    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        if (getPropertiesComponent() == null && camelContext.getPropertiesComponent() instanceof PropertiesComponent
                component) {
            setPropertiesComponent(component);
        }
    }

    @Override
    public String parseUri(String text, PropertiesLookup properties, boolean defaultFallbackEnabled,
                           boolean keepUnresolvedOptional, boolean nestedPlaceholder) {
        TreeMap<Integer, String> shielded = shieldedValues();
        String input = text;
        // a text resolved before may hold a raw value already: longest first, so no value is cut by another
        for (var value : shielded.entrySet().stream()
                .sorted(Comparator.comparingInt(entry -> -entry.getValue().length())).toList()) {
            input = input.replace(value.getValue(), shield(value.getKey()));
        }
        String parsed = super.parseUri(input, properties, defaultFallbackEnabled, keepUnresolvedOptional,
                nestedPlaceholder);
        if (parsed == null || parsed.indexOf(SHIELD_START) < 0) {
            return parsed;
        }
        Matcher token = SHIELD.matcher(parsed);
        StringBuilder answer = new StringBuilder();
        while (token.find()) {
            String value = shielded.get(Integer.parseInt(token.group(1)));
            token.appendReplacement(answer, Matcher.quoteReplacement(
                    ESCAPE.matcher(value).replaceAll(Matcher.quoteReplacement("\\\\"))));
        }
        return token.appendTail(answer).toString();
    }

    @Override
    public String parseProperty(String key, String value, PropertiesLookup properties) {
        int index = RAW_KEYS.indexOf(key);
        if (index >= 0 && value != null && needsShield(value) && value.equals(rawValue(key))) {
            return shield(index);
        }
        return super.parseProperty(key, value, properties);
    }

    /** The raw values Camel would alter, by their key's place in {@link #RAW_KEYS}. */
    private TreeMap<Integer, String> shieldedValues() {
        TreeMap<Integer, String> values = new TreeMap<>();
        for (int i = 0; i < RAW_KEYS.size(); i++) {
            String value = rawValue(RAW_KEYS.get(i));
            if (value != null && needsShield(value)) {
                values.put(i, value);
            }
        }
        return values;
    }

    /** What the environment, a JVM system property or an override says for the key, in Camel's order; or null. */
    private String rawValue(String key) {
        String value = IOHelper.lookupEnvironmentVariable(key);
        if (value == null) {
            value = System.getProperty(key);
        }
        if (value == null && getPropertiesComponent() != null) {
            Properties overrides = getPropertiesComponent().getOverrideProperties();
            value = overrides == null ? null : overrides.getProperty(key);
        }
        return value;
    }

    private static boolean needsShield(String value) {
        return value.contains("{{") || value.contains("}}");
    }

    private static String shield(int index) {
        return SHIELD_START + Integer.toString(index) + SHIELD_END;
    }
}
