package dev.ourahrvsync.logging;

import dev.ourahrvsync.settings.SettingKeys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Prepares logging before the first logger exists: our logback configuration (kept out of the jar's root, so an
 * embedding host keeps its own), and the secrets known from the environment and the properties file. The beans
 * register their secrets themselves when they are built, in any host; this earlier registration is for the
 * command line only, so that what Camel logs while it starts, before the beans exist, is masked too.
 */
public final class LoggingSetup {

    public static final String CONFIGURATION = "oura-hrv-sync/logback.xml";
    /** The masking converters and pinned loggers, included by {@link #CONFIGURATION}, the tests' and hosts'. */
    public static final String INCLUDED = "oura-hrv-sync/logback-included.xml";

    private LoggingSetup() {
    }

    public static void forCommandLine(Path propertiesFile) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", CONFIGURATION);
        }
        for (String key : Secrets.SETTINGS) {
            Secrets.register(System.getenv(SettingKeys.environmentVariable(key)));
            Secrets.register(System.getProperty(key));
        }
        if (Files.isRegularFile(propertiesFile)) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(propertiesFile)) {
                properties.load(in);
            } catch (IOException e) {
                return;
            }
            Secrets.SETTINGS.forEach(key -> Secrets.register(properties.getProperty(key)));
        }
    }
}
