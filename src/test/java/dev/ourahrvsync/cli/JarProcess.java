package dev.ourahrvsync.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged jar as a real process from the repository root, as a user would. */
public final class JarProcess {

    public record Result(int exitCode, String stdout, String stderr) {
    }

    private JarProcess() {
    }

    public static Path jar() {
        return Path.of(System.getProperty("oura-hrv-sync.jar", "target/oura-hrv-sync.jar"));
    }

    public static Process start(Map<String, String> systemProperties, Path stdout, Path stderr, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        // the developer's own Oura settings must not leak into a test
        builder.environment().keySet().removeIf(name -> name.startsWith("OURA_") || name.startsWith("SYNC_"));
        return builder.start();
    }

    public static Result run(Map<String, String> systemProperties, Path workDir, String... args)
            throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(workDir, "stdout", ".txt");
        Path stderr = Files.createTempFile(workDir, "stderr", ".txt");
        Process process = start(systemProperties, stdout, stderr, args);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the process did not end within 120 s: " + List.of(args));
        }
        return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
