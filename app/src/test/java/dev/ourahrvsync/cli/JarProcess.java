package dev.ourahrvsync.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged jar as a real process from the repository root, as a user would: settings as -D system
 * properties, secrets in the environment (the tool refuses them on the command line).
 */
public final class JarProcess {

    public record Result(int exitCode, String stdout, String stderr) {
    }

    /**
     * How every child JVM runs: a short-lived process spends most of its CPU in the C2 compiler and in parallel GC
     * threads, and the process tests start some hundred of them on a 2-core machine. Neither option changes what the
     * program does.
     */
    public static final List<String> TEST_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private JarProcess() {
    }

    public static Path jar() {
        return Path.of(System.getProperty("oura-hrv-sync.jar", "target/oura-hrv-sync.jar"));
    }

    public static ProcessBuilder builder(Map<String, String> systemProperties, Map<String, String> environment,
                                         String... args) {
        return builder(List.of(), systemProperties, environment, args);
    }

    /**
     * As {@link #builder(Map, Map, String...)}, with options for the JVM itself ({@code -Xmx48m},
     * {@code -XX:+UseSerialGC}) placed before the system properties.
     */
    public static ProcessBuilder builder(List<String> jvmOptions, Map<String, String> systemProperties,
                                         Map<String, String> environment, String... args) {
        List<String> options = new ArrayList<>(JarClassArchive.options());
        options.addAll(jvmOptions);
        return builderWithout(options, systemProperties, environment, args);
    }

    /** As {@link #builder(List, Map, Map, String...)}, without the class archive of {@link JarClassArchive}. */
    static ProcessBuilder builderWithout(List<String> jvmOptions, Map<String, String> systemProperties,
                                         Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(TEST_JVM);
        command.addAll(jvmOptions);
        command.add("-Djava.awt.headless=true");
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        // the developer's own Oura settings must not leak into a test
        builder.environment().keySet().removeIf(name -> name.startsWith("OURA_") || name.startsWith("SYNC_")
                || name.startsWith("SERVE_"));
        builder.environment().putAll(environment);
        return builder;
    }

    public static Result run(Map<String, String> systemProperties, Map<String, String> environment, Path workDir,
                             String... args) throws IOException, InterruptedException {
        return run(List.of(), systemProperties, environment, workDir, Duration.ofSeconds(120), args);
    }

    /** As {@link #run(Map, Map, Path, String...)}, with JVM options and a timeout of its own. */
    public static Result run(List<String> jvmOptions, Map<String, String> systemProperties,
                             Map<String, String> environment, Path workDir, Duration timeout, String... args)
            throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(workDir, "stdout", ".txt");
        Path stderr = Files.createTempFile(workDir, "stderr", ".txt");
        Process process = builder(jvmOptions, systemProperties, environment, args)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        return finish(process, stdout, stderr, timeout, args);
    }

    public static Result finish(Process process, Path stdout, Path stderr, String... args)
            throws IOException, InterruptedException {
        return finish(process, stdout, stderr, Duration.ofSeconds(120), args);
    }

    /** Waits at most {@code timeout} for the process, kills it if it is still running, and keeps its output. */
    public static Result finish(Process process, Path stdout, Path stderr, Duration timeout, String... args)
            throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the process did not end within " + timeout.toSeconds() + " s: "
                    + List.of(args));
        }
        Result result = new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
        ProcessLogs.keep(args, result);
        return result;
    }
}
