package dev.ourahrvsync;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.ourahrvsync.cli.JarProcess;
import dev.ourahrvsync.demo.OuraStandIn;
import dev.ourahrvsync.output.DataPaths;
import dev.ourahrvsync.sync.SyncLock;
import dev.ourahrvsync.sync.SyncState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real {@code sync} process, backfilling a generated history window by window, is killed with SIGKILL at seeded
 * random points, and then run again. What the kill left must be whole files only (each JSON parses, each CSV parses
 * with a row per line), the sync state must never claim a day whose files are not all in place, and the run after it
 * must end with exactly the bytes of an uninterrupted run and no temporary file anywhere.
 *
 * <p>Seed s kills in the s-th sixth of the run. Odd seeds time the kill from the pages the stand-in Oura has served
 * (a seeded page, then a seeded 0-40 ms: most land while a window is being fetched), even seeds from the files the
 * child has written (a seeded file count, then 0-3 ms: most land while a window's files are being written). Before each re-run the test
 * also plants the two kinds of temporary file a kill can leave, so that their removal is checked every round and not
 * only when a kill happens to fall inside a write: the file endpoint's {@code .<name>.part} of a day the re-run
 * redoes, and {@code .sync-state.json<digits>.tmp}, what {@code AtomicFiles} leaves when killed between creating its
 * temporary file and renaming it.
 */
class SyncCrashIT {

    private static final int SEEDS = 6;
    /** From {@link #START} to tomorrow. */
    private static final int HISTORY_DAYS = 120;
    private static final int WINDOW_DAYS = 10;
    private static final int PAGE_SIZE = 3;
    private static final Duration PAGE_DELAY = Duration.ofMillis(20);
    /** The most a kill is delayed after its page was served. */
    private static final int MAX_KILL_DELAY_MS = 2 * (int) PAGE_DELAY.toMillis();
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final LocalDate TODAY = LocalDate.now(SyncProcesses.ZONE);
    private static final LocalDate START = TODAY.plusDays(1).minusDays(HISTORY_DAYS - 1L);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Pattern DAY_IN_NAME = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})[._]");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS)
            .build();

    @TempDir
    Path workDir;

    private OuraStandIn standIn;
    private Path tokenFile;
    /** Every child as JarProcess starts it (quick start-up, the jar's class archive); the heap at its default. */
    private final List<String> jvmOptions = List.of();

    @Test
    void aBackfillKilledAtRandomPointsIsFinishedByTheNextRunWithTheBytesOfAnUninterruptedRun() throws Exception {
        List<JsonNode> history = HistoryGenerator.nights(START, TODAY.plusDays(1), 20_241_031);
        try (OuraStandIn served = OuraStandIn.start(history)) {
            standIn = served;
            standIn.pageSize(PAGE_SIZE);
            standIn.pageDelay(PAGE_DELAY);
            tokenFile = workDir.resolve("config/tokens.json");
            SyncProcesses.storeValidTokens(tokenFile, standIn);

            // the reference: one uninterrupted backfill in a folder of its own
            Path reference = workDir.resolve("reference");
            Instant started = Instant.now();
            JarProcess.Result clean = JarProcess.run(jvmOptions, properties(reference), SyncProcesses.environment(),
                    workDir, DEADLINE, "sync");
            Duration cleanTook = Duration.between(started, Instant.now());
            assertEquals(0, clean.exitCode(), clean.stderr());
            int pagesOfARun = standIn.sleepCalls();
            Map<String, byte[]> expected = SyncTestSupport.outputs(reference);
            assertEquals(TODAY, lastSyncedDay(reference), "the backfill reached today");
            assertEquals(List.of(), temporaryFiles(reference));
            long hrvFiles = expected.keySet().stream().filter(path -> path.endsWith("_sleep-hrv.json")).count();
            assertEquals(SyncProcesses.daysWithHrv(history).size(), hrvFiles, "an HRV file per day with samples");
            int windows = (HISTORY_DAYS + WINDOW_DAYS - 1) / WINDOW_DAYS;
            assertTrue(pagesOfARun >= 3 * windows, "several pages per window: " + pagesOfARun);
            LocalDate lastWindowStart = START.plusDays((long) (windows - 1) * WINDOW_DAYS);
            int filesBeforeLastWindow = (int) expected.keySet().stream()
                    .filter(path -> isDayFile(path) && dayOf(path).isBefore(lastWindowStart)).count();
            System.out.printf("SyncCrashIT: reference: %d days from %s, %d windows, %d pages, %d files, %d ms%n",
                    HISTORY_DAYS, START, windows, pagesOfARun, expected.size(), cleanTook.toMillis());

            int beforeFirstWindow = 0;
            int afterFirstWindow = 0;
            int withPartFile = 0;
            int withUnrecordedFiles = 0;
            for (int seed = 1; seed <= SEEDS; seed++) {
                Kill kill = killAndResume(seed, pagesOfARun, filesBeforeLastWindow, expected);
                if (kill.lastSyncedDay() == null) {
                    beforeFirstWindow++;
                } else {
                    afterFirstWindow++;
                }
                if (kill.partFiles() > 0) {
                    withPartFile++;
                }
                if (kill.unrecordedDaysWithFiles() > 0) {
                    withUnrecordedFiles++;
                }
            }
            System.out.printf("SyncCrashIT: %d kills: %d before the first window was recorded, %d after it; %d left a"
                            + " .part file (killed inside a file write), %d left files of days the state did not"
                            + " claim yet (killed while a window was being written)%n", SEEDS, beforeFirstWindow,
                    afterFirstWindow, withPartFile, withUnrecordedFiles);
        }
    }

    /** What one kill left. */
    private record Kill(LocalDate lastSyncedDay, int partFiles, int unrecordedDaysWithFiles) {
    }

    private Kill killAndResume(int seed, int pagesOfARun, int filesBeforeLastWindow, Map<String, byte[]> expected)
            throws Exception {
        Random random = new Random(seed * 7_919L);
        boolean byPages = seed % 2 == 1;
        // seed s draws from the s-th sixth of the run, so that the kills spread over its windows; never so late that
        // the child could finish on its own before the kill (at least three pages, or the last window, are to come)
        double at = (seed - 1 + random.nextDouble()) / SEEDS;
        int trigger = 1 + (int) (at * (byPages ? pagesOfARun - 3 : filesBeforeLastWindow));
        // after a page, anywhere in the next two pages' time; after a file, within the burst of the window's writes
        int delay = random.nextInt(byPages ? MAX_KILL_DELAY_MS + 1 : 4);
        Path data = workDir.resolve("crash-" + seed);
        Path stdout = workDir.resolve("crash-" + seed + ".out");
        Path stderr = workDir.resolve("crash-" + seed + ".err");
        standIn.resetCounts();

        Process child = JarProcess.builder(jvmOptions, properties(data), SyncProcesses.environment(), "sync")
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        int pagesAtKill;
        int filesAtTrigger;
        try {
            if (byPages) {
                awaitTrue(() -> standIn.sleepCalls() >= trigger || !child.isAlive(),
                        "the stand-in served " + trigger + " pages (seed " + seed + ")", stderr);
            } else {
                awaitTrue(() -> outputFileCount(data) >= trigger || !child.isAlive(),
                        "the child wrote " + trigger + " files (seed " + seed + ")", stderr);
            }
            assertTrue(child.isAlive(), () -> "the child ended before the kill (seed " + seed + "): " + Await.tail(stderr));
            filesAtTrigger = outputFileCount(data);
            Thread.sleep(delay); // the seeded instant of the kill, not a wait for anything
            pagesAtKill = standIn.sleepCalls();
            child.destroyForcibly();
            assertTrue(child.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the killed child ended");
        } finally {
            child.destroyForcibly();
        }
        if (POSIX) {
            assertEquals(128 + 9, child.exitValue(), () -> "the child died of SIGKILL, not on its own (seed " + seed
                    + "): " + Await.tail(stderr));
        }

        // what the kill left: whole files only, each the one an uninterrupted run writes
        Map<String, byte[]> left = SyncTestSupport.outputs(data);
        List<String> temporary = temporaryFiles(data);
        int partFiles = 0;
        for (String path : temporary) {
            assertTrue(isPart(path) || isAtomicTemp(path), "an unexpected temporary file after kill " + seed + ": "
                    + path);
            if (isPart(path)) {
                partFiles++;
            }
            left.remove(path);
        }
        assertTrue(temporary.size() <= 2, "more temporary files than one file write and one state write can leave: "
                + temporary);
        for (Map.Entry<String, byte[]> file : left.entrySet()) {
            assertWhole(file.getKey(), file.getValue(), seed);
            byte[] reference = expected.get(file.getKey());
            assertNotNull(reference, "after kill " + seed + " a file an uninterrupted run does not write: "
                    + file.getKey());
            assertTrue(Arrays.equals(reference, file.getValue()), "after kill " + seed + " " + file.getKey()
                    + " differs from the uninterrupted run's");
        }

        // the state claims no day whose files are not all in place
        LocalDate lastSyncedDay = lastSyncedDay(data);
        if (lastSyncedDay != null) {
            assertFalse(lastSyncedDay.isBefore(START) || lastSyncedDay.isAfter(TODAY),
                    "state after kill " + seed + ": " + lastSyncedDay);
            assertEquals(filesUpTo(expected, lastSyncedDay), filesUpTo(left, lastSyncedDay),
                    "after kill " + seed + " the state claims " + lastSyncedDay + ", but the files up to it are not"
                            + " those of an uninterrupted run");
        }
        TreeSet<LocalDate> unrecorded = new TreeSet<>();
        for (String path : left.keySet().stream().filter(SyncCrashIT::isDayFile).toList()) {
            LocalDate day = dayOf(path);
            if (lastSyncedDay == null || day.isAfter(lastSyncedDay)) {
                unrecorded.add(day);
            }
        }

        // what an earlier kill may also have left, planted so that every round checks its removal
        LocalDate redone = lastSyncedDay == null ? START : lastSyncedDay.plusDays(1);
        Path plantedPart = data.resolve(partOf(redone));
        Files.createDirectories(plantedPart.getParent());
        Files.write(plantedPart, "[ {\n  \"date\" : 17".getBytes(StandardCharsets.UTF_8));
        Path plantedStateTemp = Files.createTempFile(data, "." + SyncState.FILE_NAME, ".tmp");
        Files.writeString(plantedStateTemp, "{\n  \"last_synced_day\" : \"20");

        // the next run finishes the job: exactly the bytes of the uninterrupted run, no temporary file anywhere
        Instant resumed = Instant.now();
        JarProcess.Result again = JarProcess.run(jvmOptions, properties(data), SyncProcesses.environment(), workDir,
                DEADLINE, "sync");
        long resumeMs = Duration.between(resumed, Instant.now()).toMillis();
        assertEquals(0, again.exitCode(), () -> "the run after kill " + seed + " failed: " + again.stderr());
        assertSameFiles(expected, SyncTestSupport.outputs(data), seed);
        assertEquals(List.of(), temporaryFiles(data), "temporary files left after the run that followed kill "
                + seed);
        assertEquals(TODAY, lastSyncedDay(data));

        System.out.printf("SyncCrashIT: seed %d: killed %2d ms after %s %3d (%3d pages served, %3d files at the"
                        + " trigger) -> state %s, %3d whole files, %d .part, %d other temp, %2d unrecorded day(s) with"
                        + " files; re-run ok in %d ms%n", seed, delay, byPages ? "page " : "file ", trigger,
                pagesAtKill, filesAtTrigger, lastSyncedDay == null ? "none      " : lastSyncedDay, left.size(),
                partFiles, temporary.size() - partFiles, unrecorded.size(), resumeMs);
        return new Kill(lastSyncedDay, partFiles, unrecorded.size());
    }

    private Map<String, String> properties(Path dataDir) {
        return SyncProcesses.properties(standIn.baseUrl(), tokenFile, dataDir, START, WINDOW_DAYS);
    }

    /** A file is whole when it parses: JSON to its last token, CSV with every row as wide as its header. */
    private static void assertWhole(String path, byte[] content, int seed) {
        try {
            if (path.endsWith(".json")) {
                JsonNode node = JSON.readTree(content);
                assertTrue(node != null && node.isArray() && !node.isEmpty(), path + " is a non-empty JSON array");
            } else if (path.endsWith(".csv")) {
                CsvSchema header = CsvSchema.emptySchema().withHeader();
                try (MappingIterator<Map<String, String>> rows = CSV.readerFor(Map.class).with(header)
                        .readValues(content)) {
                    List<Map<String, String>> all = rows.readAll();
                    assertFalse(all.isEmpty(), path + " has rows");
                }
                assertTrue(new String(content, StandardCharsets.UTF_8).endsWith("\r\n"), path + " ends its last row");
            } else {
                fail("an output file of unknown kind: " + path);
            }
        } catch (IOException e) {
            fail("after kill " + seed + " " + path + " is not a whole file: " + e.getMessage());
        }
    }

    private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual, int seed) {
        List<String> differences = new ArrayList<>();
        for (String path : new TreeSet<>(expected.keySet())) {
            if (!actual.containsKey(path)) {
                differences.add("missing " + path);
            } else if (!Arrays.equals(expected.get(path), actual.get(path))) {
                differences.add("different " + path);
            }
        }
        actual.keySet().stream().filter(path -> !expected.containsKey(path)).forEach(path -> differences.add(
                "extra " + path));
        assertEquals(List.of(), differences.subList(0, Math.min(10, differences.size())),
                "after kill " + seed + " and a full run, the data folder differs from the uninterrupted run's ("
                        + differences.size() + " files)");
    }

    /** The files (with their bytes, as text for a readable failure) of the days up to {@code last}. */
    private static Map<String, String> filesUpTo(Map<String, byte[]> files, LocalDate last) {
        Map<String, String> upTo = new TreeMap<>();
        files.forEach((path, bytes) -> {
            if (isDayFile(path) && !dayOf(path).isAfter(last)) {
                upTo.put(path, new String(bytes, StandardCharsets.UTF_8));
            }
        });
        return upTo;
    }

    /** All but the latest-day pointers (hrv/latest.*), which a sync writes once all its windows are done. */
    private static boolean isDayFile(String path) {
        return !path.startsWith("hrv/latest.");
    }

    private static LocalDate dayOf(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        Matcher day = DAY_IN_NAME.matcher(name.startsWith(".") ? name.substring(1) : name);
        assertTrue(day.find(), "an output file not named after its day: " + path);
        return LocalDate.parse(day.group(1));
    }

    private static LocalDate lastSyncedDay(Path dataDir) {
        SyncState state = new SyncState();
        state.setDataDir(dataDir.toString());
        return state.lastSyncedDay();
    }

    /** The temporary files anywhere in the data folder, by relative path. */
    private static List<String> temporaryFiles(Path dataDir) throws IOException {
        List<String> temporary = new ArrayList<>();
        for (String path : SyncTestSupport.tree(dataDir).keySet()) {
            if (isPart(path) || path.endsWith(".tmp")) {
                temporary.add(path);
            }
        }
        return temporary;
    }

    /** The file endpoint's temporary name, {@code .<name>.part}. */
    private static boolean isPart(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.startsWith(".") && name.endsWith(".part");
    }

    /** {@code AtomicFiles}' temporary name, {@code .<name><digits>.tmp} (the sync state is written that way). */
    private static boolean isAtomicTemp(String path) {
        return path.matches("(.*/)?\\..+\\d+\\.tmp");
    }

    /** The finished output files of a data folder so far (while a child may be writing it: best effort). */
    private static int outputFileCount(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            return 0;
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            return (int) paths.filter(path -> {
                String name = path.getFileName().toString();
                return !name.startsWith(".") && !name.equals(SyncState.FILE_NAME) && !name.equals(SyncLock.FILE_NAME)
                        && (name.endsWith(".json") || name.endsWith(".csv"));
            }).count();
        } catch (IOException | RuntimeException e) {
            return 0; // a folder renamed or created under the walk: count again at the next poll
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what, Path log) throws Exception {
        Await.until(condition, DEADLINE, what, log);
    }

    /** Where the file endpoint writes a day's HRV JSON before renaming it. */
    private static String partOf(LocalDate day) {
        String path = DataPaths.hrvJson(day);
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + "." + path.substring(slash + 1) + ".part";
    }
}
