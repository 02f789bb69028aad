package dev.ourahrvsync.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A class-data-sharing archive (AppCDS) of the packaged jar for the process tests: their child JVMs spend most of
 * their start in loading and verifying Camel's classes, and start about a third quicker from an archive of them.
 * Made once per build by one {@code demo} run (it loads the classes of a sync: settings, routes, HTTP client,
 * Jackson, files), shared by every test JVM through a file lock. Without it (not configured, not writable, or the
 * jar changed since) a child simply starts without; no child's behaviour depends on it.
 */
final class JarClassArchive {

    /** Set by failsafe to a file in the module's target folder. */
    static final String PROPERTY = "oura-hrv-sync.class-archive";
    /** A mismatch or a missing archive is reported by the JVM on standard output, which the tests read. */
    private static final List<String> QUIET = List.of("-Xlog:cds*=off", "-Xlog:class+path=off");
    private static final long DEADLINE_SECONDS = 300;

    private static List<String> options;

    private JarClassArchive() {
    }

    /** The JVM options that start a child of the jar from the archive, or none. */
    static synchronized List<String> options() {
        if (options == null) {
            options = archive().map(archive -> {
                List<String> using = new ArrayList<>(QUIET);
                using.add("-XX:SharedArchiveFile=" + archive);
                return List.copyOf(using);
            }).orElse(List.of());
        }
        return options;
    }

    private static Optional<Path> archive() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || !Files.isRegularFile(JarProcess.jar())) {
            return Optional.empty();
        }
        Path archive = Path.of(configured).toAbsolutePath();
        try {
            Files.createDirectories(archive.getParent());
            // the other test JVMs of the build wait here while one makes it
            try (FileChannel lock = FileChannel.open(archive.resolveSibling(archive.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = lock.lock()) {
                if (!current(archive)) {
                    make(archive);
                }
                return current(archive) ? Optional.of(archive) : Optional.empty();
            }
        } catch (IOException e) {
            System.err.println("JarClassArchive: children start without a class archive: " + e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Made after the jar was: an archive of an earlier jar would not match its classes. */
    private static boolean current(Path archive) throws IOException {
        return Files.isRegularFile(archive)
                && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(JarProcess.jar())) > 0;
    }

    private static void make(Path archive) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("jar-class-archive");
        try {
            Path written = work.resolve("classes.jsa");
            List<String> archiving = new ArrayList<>(QUIET);
            archiving.add("-XX:ArchiveClassesAtExit=" + written);
            // the demo brings its own stand-in Oura and credentials; everything it writes stays in work
            ProcessBuilder demo = JarProcess.builderWithout(archiving, Map.of(
                            "user.home", work.toString(),
                            "sync.data-dir", work.resolve("data").toString(),
                            "oura.token-file", work.resolve("tokens.json").toString()),
                    Map.of(), "demo")
                    .directory(work.toFile())
                    .redirectOutput(work.resolve("stdout.txt").toFile())
                    .redirectError(work.resolve("stderr.txt").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            Process process = demo.start();
            if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            if (process.exitValue() == 0 && Files.isRegularFile(written)) {
                Files.move(written, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                System.err.println("JarClassArchive: the archiving run ended " + process.exitValue()
                        + "; children start without a class archive");
            }
        } finally {
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
