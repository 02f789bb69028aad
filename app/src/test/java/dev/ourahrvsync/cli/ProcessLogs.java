package dev.ourahrvsync.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Keeps every process's output under target/process-logs, so that the secrets scan can read all of it. */
public final class ProcessLogs {

    public static final Path FOLDER = Path.of("target/process-logs");

    private ProcessLogs() {
    }

    static synchronized void keep(String[] args, JarProcess.Result result) {
        try {
            Files.createDirectories(FOLDER);
            // the command only: an option's value may be a secret handed to the tool (authorize --code)
            String entry = "$ " + (args.length == 0 ? "" : args[0]) + " -> " + result.exitCode() + "\n"
                    + result.stdout() + result.stderr() + "\n";
            Files.writeString(FOLDER.resolve(ProcessHandle.current().pid() + ".log"), entry, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
