package dev.ourahrvsync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ourahrvsync.cli.JarProcess;
import dev.ourahrvsync.demo.OuraStandIn;
import dev.ourahrvsync.output.DataPaths;
import dev.ourahrvsync.sync.SyncState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory stays flat as the history grows: the same small heap that backfills one year backfills ten. Both run as
 * real {@code sync} processes with {@value #HEAP} against the stand-in Oura serving a generated history, and must end
 * with exit 0 and the files of every day.
 *
 * <p>{@value #HEAP} was found by trying: a one-year backfill still runs at full speed with it (at 24 MB it is some
 * 20 % slower, at 16 MB twice as slow, at 10 MB it fails), and the ten-year one too. Before the window split streamed,
 * every window's documents stayed on the heap until the whole backfill ended: ten years then failed with
 * {@code Java heap space} even at 48 MB.
 */
class LongHistoryIT {

    private static final String HEAP = "-Xmx32m";
    private static final int WINDOW_DAYS = 30;
    private static final int PAGE_SIZE = 50;
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @TempDir
    Path workDir;

    @Test
    void oneYearAndTenYearsBackfillWithTheSameSmallHeap() throws Exception {
        backfill(1);
        backfill(10);
    }

    private void backfill(int years) throws Exception {
        LocalDate today = LocalDate.now(SyncProcesses.ZONE);
        LocalDate start = today.minusYears(years);
        List<JsonNode> history = HistoryGenerator.nights(start, today.plusDays(1), 1_000 + years);
        SortedSet<LocalDate> hrvDays = SyncProcesses.daysWithHrv(history);
        SortedSet<LocalDate> daysWithDocuments = history.stream().map(doc -> LocalDate.parse(doc.path("day").asText()))
                .collect(Collectors.toCollection(TreeSet::new));
        Path data = workDir.resolve(years + "-years/data");
        Path tokenFile = workDir.resolve(years + "-years/config/tokens.json");
        try (OuraStandIn standIn = OuraStandIn.start(history)) {
            standIn.pageSize(PAGE_SIZE);
            SyncProcesses.storeValidTokens(tokenFile, standIn);
            Map<String, String> properties = SyncProcesses.properties(standIn.baseUrl(), tokenFile, data, start,
                    WINDOW_DAYS);

            Path stdout = workDir.resolve(years + "-years/sync.out");
            Path stderr = workDir.resolve(years + "-years/sync.err");
            Instant started = Instant.now();
            Process child = JarProcess.builder(List.of(HEAP), properties, SyncProcesses.environment(), "sync")
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            long peakRssKb = 0;
            Instant deadline = started.plus(DEADLINE);
            while (!child.waitFor(100, TimeUnit.MILLISECONDS) && Instant.now().isBefore(deadline)) {
                peakRssKb = Math.max(peakRssKb, SyncProcesses.peakRssKb(child.pid()));
            }
            JarProcess.Result result = JarProcess.finish(child, stdout, stderr,
                    Duration.between(Instant.now(), deadline).plusSeconds(1), "sync");
            Duration took = Duration.between(started, Instant.now());

            assertEquals(0, result.exitCode(), () -> years + " years with " + HEAP + ": " + result.stderr());
            // a day with any document gets at least its raw file; a day without any had nothing to write
            assertTrue(result.stdout().contains(" " + daysWithDocuments.size() + " days written, "), result.stdout());
            assertEquals(hrvDays.size(), count(data.resolve("hrv"), "_sleep-hrv.json"), "an HRV JSON per day with"
                    + " samples, " + years + " years");
            assertEquals(hrvDays.size(), count(data.resolve("hrv"), "_sleep-hrv.csv"), "an HRV CSV per day with"
                    + " samples, " + years + " years");
            assertEquals(daysWithDocuments.size(), count(data.resolve("oura/sleep"), ".json"), "the raw documents of"
                    + " every day that has any, " + years + " years");
            for (LocalDate day : List.of(hrvDays.first(), hrvDays.last())) {
                assertTrue(Files.isRegularFile(data.resolve(DataPaths.hrvJson(day))), "the HRV of " + day);
            }
            SyncState state = new SyncState();
            state.setDataDir(data.toString());
            assertEquals(today, state.lastSyncedDay(), "the state reached today");
            int windows = (int) ((today.plusDays(1).toEpochDay() - start.toEpochDay()) / WINDOW_DAYS + 1);
            assertTrue(standIn.sleepCalls() >= windows, "a page per window at least: " + standIn.sleepCalls());
            System.out.printf("LongHistoryIT: %2d years (%d days, %d documents, %d windows, %d pages) with %s: %d HRV"
                            + " days written in %.1f s, peak RSS %d MB (%s)%n", years, today.plusDays(1).toEpochDay()
                            - start.toEpochDay() + 1, history.size(), windows, standIn.sleepCalls(), HEAP,
                    hrvDays.size(), took.toMillis() / 1000.0, peakRssKb / 1024, result.stdout().strip());
        }
    }

    private static long count(Path folder, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(suffix) && !name.startsWith("."))
                    .count();
        }
    }
}
