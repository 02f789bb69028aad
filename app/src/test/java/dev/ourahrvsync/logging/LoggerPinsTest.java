package dev.ourahrvsync.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loggers the logback include pins (because they would print secrets) really exist in the libraries on the
 * classpath: a logger pinned under a name the library no longer uses pins nothing, as the wrong IntrospectionSupport
 * did. Hosts' libraries count too: camel-spring-boot's jar is on the test classpath (without Spring) for its
 * properties parser.
 */
class LoggerPinsTest {

    private static final Set<String> QUIET = Set.of("INFO", "WARN", "ERROR", "OFF");

    @Test
    void everyPinnedLoggerNamesAClassAPackageOrALoggerNameOfALibraryOnTheClasspath() throws Exception {
        Map<String, String> pins = pins("/" + LoggingSetup.INCLUDED);
        assertTrue(pins.size() > 10, pins.toString());

        List<String> missing = new ArrayList<>();
        for (String name : pins.keySet()) {
            if (!isClass(name) && !isPackageWithClasses(name) && !isLoggerNameInLibrary(name)) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing,
                "pinned in " + LoggingSetup.INCLUDED + ", but no such class, package or logger name");
    }

    @Test
    void everyPinKeepsItsLoggerAtInfoOrQuieterAndTheCommandLineAndTheTestsIncludeThemUnchanged() throws Exception {
        Map<String, String> pins = pins("/" + LoggingSetup.INCLUDED);
        pins.forEach((name, level) -> assertTrue(QUIET.contains(level), name + " is pinned at " + level));

        for (String configuration : List.of("/" + LoggingSetup.CONFIGURATION, "/logback-test.xml")) {
            assertEquals(List.of(LoggingSetup.INCLUDED), includes(configuration), configuration);
            // a logger set again after the include would undo its pin
            Map<String, String> own = pins(configuration);
            assertEquals(Set.of(), own.keySet().stream().filter(pins::containsKey).collect(Collectors.toSet()),
                    configuration + " sets a pinned logger again");
        }
        // and logback really read the include: this JVM runs on logback-test.xml
        pins.forEach((name, level) -> assertEquals(Level.toLevel(level, null),
                ((Logger) LoggerFactory.getLogger(name)).getLevel(), name));
    }

    @Test
    void theCheckRejectsANameNoLibraryUses() throws Exception {
        // the name pinned before Camel 4 moved it: it must not pass for existing
        String renamed = "org.apache.camel.support.IntrospectionSupport";

        assertTrue(!isClass(renamed) && !isPackageWithClasses(renamed) && !isLoggerNameInLibrary(renamed));
        assertTrue(isClass("org.apache.camel.impl.engine.IntrospectionSupport"));
        assertTrue(isPackageWithClasses("io.vertx.ext.web"));
        assertTrue(isLoggerNameInLibrary("org.apache.hc.client5.http.wire"));
    }

    private static Map<String, String> pins(String resource) throws Exception {
        Map<String, String> pins = new LinkedHashMap<>();
        try (InputStream in = LoggerPinsTest.class.getResourceAsStream(resource)) {
            NodeList loggers = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in)
                    .getElementsByTagName("logger");
            for (int i = 0; i < loggers.getLength(); i++) {
                Element logger = (Element) loggers.item(i);
                pins.put(logger.getAttribute("name"), logger.getAttribute("level"));
            }
        }
        return pins;
    }

    private static List<String> includes(String resource) throws Exception {
        List<String> includes = new ArrayList<>();
        try (InputStream in = LoggerPinsTest.class.getResourceAsStream(resource)) {
            NodeList elements = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in)
                    .getElementsByTagName("include");
            for (int i = 0; i < elements.getLength(); i++) {
                includes.add(((Element) elements.item(i)).getAttribute("resource"));
            }
        }
        return includes;
    }

    private static boolean isClass(String name) {
        try {
            Class.forName(name, false, loader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean isPackageWithClasses(String name) throws IOException {
        String folder = name.replace('.', '/') + "/";
        for (URL url : Collections.list(loader().getResources(folder))) {
            if (!classes(url, folder, false).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Some libraries log under a name that is not a class ({@code org.apache.hc.client5.http.wire}): it exists if
     * a class of the nearest enclosing package that exists holds it as a constant.
     */
    private static boolean isLoggerNameInLibrary(String name) throws IOException {
        byte[] constant = name.getBytes(StandardCharsets.UTF_8);
        for (String parent = parent(name); parent != null; parent = parent(parent)) {
            String folder = parent.replace('.', '/') + "/";
            List<URL> urls = Collections.list(loader().getResources(folder));
            for (URL url : urls) {
                for (byte[] bytes : classes(url, folder, true).values()) {
                    if (contains(bytes, constant)) {
                        return true;
                    }
                }
            }
            if (!urls.isEmpty()) {
                return false;
            }
        }
        return false;
    }

    /** The class files in a package folder (and its subpackages if {@code deep}) of one classpath entry. */
    private static Map<String, byte[]> classes(URL url, String folder, boolean deep) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        if ("jar".equals(url.getProtocol())) {
            JarURLConnection connection = (JarURLConnection) url.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                for (JarEntry entry : Collections.list(jar.entries())) {
                    String name = entry.getName();
                    if (name.startsWith(folder) && name.endsWith(".class")
                            && (deep || name.indexOf('/', folder.length()) < 0)) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            classes.put(name, in.readAllBytes());
                        }
                    }
                }
            }
            return classes;
        }
        Path root;
        try {
            root = Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException(url.toString(), e);
        }
        try (Stream<Path> files = deep ? Files.walk(root) : Files.list(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                classes.put(file.toString(), Files.readAllBytes(file));
            }
        }
        return classes;
    }

    private static boolean contains(byte[] bytes, byte[] constant) {
        outer:
        for (int i = 0; i <= bytes.length - constant.length; i++) {
            for (int j = 0; j < constant.length; j++) {
                if (bytes[i + j] != constant[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String parent(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : name.substring(0, dot);
    }

    private static ClassLoader loader() {
        return LoggerPinsTest.class.getClassLoader();
    }
}
