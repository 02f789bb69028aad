package dev.ourahrvsync.output;

import dev.ourahrvsync.export.ExportFormat;
import dev.ourahrvsync.export.ExportMetric;
import dev.ourahrvsync.export.HistoryExport;
import dev.ourahrvsync.export.RawArchive;
import dev.ourahrvsync.sync.ExitCode;
import dev.ourahrvsync.sync.Failures;
import dev.ourahrvsync.sync.SyncLock;
import dev.ourahrvsync.sync.SyncState;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every file-system failure is one line that says what was done to which path and the OS's reason, and exits 5:
 * the real failures of real paths ({@code /proc} takes no new entries, a file standing where a folder must be).
 */
class FileFailureLinesTest {

    @TempDir
    Path workDir;

    @Test
    void aDataFolderThatCannotBeMadeNamesTheReason() {
        assertLine("cannot create the data folder /proc/nope: No such file or directory",
                () -> lock(Path.of("/proc/nope")));
    }

    @Test
    void aFileWhereTheDataFolderMustBeIsSaidSo() throws Exception {
        Path file = Files.writeString(workDir.resolve("x"), "a file");

        assertLine("the data folder " + file + " is a file, not a folder", () -> lock(file));
        assertLine("cannot create the data folder " + file.resolve("data") + ": " + file
                + " is a file, not a folder", () -> lock(file.resolve("data")));
        SyncState state = new SyncState();
        state.setDataDir(file.toString());
        assertLine("cannot read the sync state " + file.resolve(SyncState.FILE_NAME) + ": " + file
                + " is a file, not a folder", state::read);
        assertEquals("a file", Files.readString(file), "left as it was");
    }

    @Test
    void anExportWhoseFolderCannotBeMadeNamesTheFileAndTheReason() throws Exception {
        Path blocking = Files.writeString(workDir.resolve("x"), "a file");
        for (Path out : new Path[] {Path.of("/proc/nope/x.csv"), blocking.resolve("hrv.csv")}) {
            String reason = out.startsWith("/proc") ? "No such file or directory" : blocking
                    + " is a file, not a folder";
            assertLine("cannot create " + out + ": " + reason, () -> new HistoryExport(
                    new RawArchive(workDir.resolve("data")), Set.of("long_sleep"), Clock.systemUTC()).write(
                    new HistoryExport.Request(null, null, ExportMetric.HRV, ExportFormat.CSV, out)));
        }
        assertFalse(Files.exists(Path.of("/proc/nope")));
    }

    @Test
    void aFailureOfTheJdkWithoutOurWordsStillSaysWhy() {
        Exception denied = new CamelExecutionException("sync", new DefaultExchange(new DefaultCamelContext()),
                new AccessDeniedException("/srv/oura"));

        assertEquals("cannot use /srv/oura: Permission denied", Failures.oneLine(denied));
        assertEquals(ExitCode.LOCAL_IO_FAILURE, ExitCode.of(denied));
    }

    private static void lock(Path dataDir) throws Exception {
        SyncLock lock = new SyncLock();
        lock.setDataDir(dataDir.toString());
        lock.release(lock.acquire(false));
    }

    private static void assertLine(String expected, org.junit.jupiter.api.function.Executable failing) {
        Throwable failure = assertThrows(Throwable.class, failing);
        assertEquals(expected, Failures.oneLine(failure));
        assertEquals(ExitCode.LOCAL_IO_FAILURE, ExitCode.of(failure), expected);
    }
}
