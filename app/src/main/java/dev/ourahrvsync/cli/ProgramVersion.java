package dev.ourahrvsync.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What {@code --version} prints: this program's version from the jar's manifest ({@code Implementation-Version},
 * set by the build), and Camel's from the Maven metadata camel-api brings into the jar. No Camel class is loaded.
 */
final class ProgramVersion {

    static final String CAMEL_POM = "META-INF/maven/org.apache.camel/camel-api/pom.properties";

    private ProgramVersion() {
    }

    static String line() {
        return "oura-hrv-sync " + own() + " (Apache Camel " + camel() + ")";
    }

    /** Outside the packaged jar (classes run from a build folder) there is no manifest to say it. */
    static String own() {
        String version = ProgramVersion.class.getPackage().getImplementationVersion();
        return version == null ? "(not packaged)" : version;
    }

    static String camel() {
        Properties pom = new Properties();
        try (InputStream in = ProgramVersion.class.getClassLoader().getResourceAsStream(CAMEL_POM)) {
            if (in == null) {
                return "unknown";
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CAMEL_POM + ": " + e.getMessage(), e);
        }
        return pom.getProperty("version", "unknown");
    }
}
