package dev.ourahrvsync.cli;

import dev.ourahrvsync.output.LocalFileException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the standalone jar takes its settings and routes from, wherever it is started: the working folder when it
 * holds an application.properties (a checkout), else the home folder ({@code --home DIR}, else
 * {@code OURA_HRV_SYNC_HOME}, else {@code ~/.config/oura-hrv-sync}). The jar's own settings lie under the chosen
 * file, and the jar's own routes are used unless the chosen folder has a {@code routes/} folder with route files.
 *
 * @param folder       the working folder (as the empty path, so relative paths read as before) or the home
 * @param settingsFile the user's application.properties in that folder, if there is one
 */
record Installation(Path folder, Optional<Path> settingsFile) {

    static final String SETTINGS = "application.properties";
    static final String HOME_VARIABLE = "OURA_HRV_SYNC_HOME";
    /** The settings shipped in the jar: not at its root, where an embedding host's camel-main would rank them. */
    static final String JAR_SETTINGS = "classpath:oura-hrv-sync/application.properties";
    static final String JAR_ROUTES = "classpath:oura-hrv-sync/routes/";
    /** The jar's private serving route, kept apart from the sync's routes that a host loads. */
    static final String JAR_SERVE_ROUTES = "classpath:oura-hrv-sync/serve/";
    static final String ROUTE_FILES = "*.camel.yaml";

    /**
     * @param homeOption {@code --home DIR}, or null
     * @param environment the process environment (for {@value #HOME_VARIABLE})
     * @param userHome    the user's home folder, under which the default home lies
     */
    static Installation find(String homeOption, Map<String, String> environment, String userHome) {
        // an explicit --home is the user's choice, even inside a checkout
        if (homeOption != null) {
            return in(existingFolder(homeOption, "--home"));
        }
        if (Files.isRegularFile(Path.of(SETTINGS))) {
            return in(Path.of(""));
        }
        String variable = environment.get(HOME_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return in(existingFolder(variable, HOME_VARIABLE));
        }
        return in(Path.of(userHome, ".config", "oura-hrv-sync"));
    }

    /** As the command line asks, for this process. */
    static Installation find(String homeOption) {
        return find(homeOption, System.getenv(), System.getProperty("user.home"));
    }

    private static Installation in(Path folder) {
        Path file = folder.resolve(SETTINGS);
        return new Installation(folder, Files.isRegularFile(file) ? Optional.of(file) : Optional.empty());
    }

    private static Path existingFolder(String name, String source) {
        Path folder = Path.of(name).toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(source + " " + name + " is not a folder");
        }
        return folder;
    }

    /**
     * Camel's property locations. Camel takes a key from the first location that has it: the user's file, then the
     * jar's settings under it.
     */
    List<String> propertyLocations() {
        List<String> locations = new ArrayList<>();
        settingsFile.ifPresent(file -> locations.add("file:" + file));
        locations.add(JAR_SETTINGS);
        return locations;
    }

    /**
     * The route files to load, as Camel resource patterns: the folder's {@code routes/} when it holds route files
     * (edited routes run without a rebuild), else the jar's own, the sync's and private serving's.
     */
    List<String> routeLocations() {
        String folder = routesFolder();
        return folder.equals(JAR_ROUTES)
                ? List.of(JAR_ROUTES + ROUTE_FILES, JAR_SERVE_ROUTES + ROUTE_FILES)
                : List.of(folder + ROUTE_FILES);
    }

    /** {@code file:routes/} (or the home's), or {@value #JAR_ROUTES}. */
    String routesFolder() {
        Path routes = folder.resolve("routes");
        if (Files.isDirectory(routes)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(routes, ROUTE_FILES)) {
                if (files.iterator().hasNext()) {
                    return "file:" + routes + "/";
                }
            } catch (IOException e) {
                throw new UncheckedIOException(LocalFileException.cannot("read", "the routes folder", routes, e));
            }
        }
        return JAR_ROUTES;
    }

    /**
     * A {@code routes} there whose routes do not run, said in one line: a folder without route files, or a file.
     * The jar's own routes run then, as without one; a folder that cannot be read fails the command instead.
     */
    Optional<String> routesNotice() {
        Path routes = folder.resolve("routes");
        if (!Files.exists(routes) || !routesFolder().equals(JAR_ROUTES)) {
            return Optional.empty();
        }
        return Optional.of("notice: " + routes.toAbsolutePath() + (Files.isDirectory(routes)
                ? " holds no route files (" + ROUTE_FILES + ")" : " is not a folder") + ", so the jar's own routes"
                + " run");
    }

    /** Where the settings come from, for --help and messages. */
    String describe() {
        return settingsFile.map(file -> file.toAbsolutePath().toString())
                .orElse("the jar's defaults (no " + folder.resolve(SETTINGS).toAbsolutePath() + ")");
    }
}
