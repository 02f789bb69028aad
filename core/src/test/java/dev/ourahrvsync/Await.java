package dev.ourahrvsync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Polling with a deadline, for tests that watch a real process: never a fixed sleep. */
public final class Await {

    private Await() {
    }

    /** Waits until {@code condition} holds, failing with the tail of the process's {@code log} at the deadline. */
    public static void until(BooleanSupplier condition, Duration deadline, String what, Path log) throws Exception {
        Instant end = Instant.now().plus(deadline);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                fail(what + " within " + deadline.toSeconds() + " s: " + tail(log));
            }
            Thread.sleep(1);
        }
    }

    /** The last 20 lines of a process's output, for a failure message. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
