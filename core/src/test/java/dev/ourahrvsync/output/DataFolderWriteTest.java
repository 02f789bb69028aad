package dev.ourahrvsync.output;

import dev.ourahrvsync.sync.ExitCode;
import dev.ourahrvsync.sync.Failures;
import dev.ourahrvsync.sync.SyncLock;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The steps around the {@code file} endpoint, as the oura-write-data-file route runs them: {@code startWrite} (the
 * temporary file, with its permissions from the start), what the endpoint writes (here: the test, in full or cut
 * short), {@code finishWrite} (checked, then renamed), {@code abandonWrite} (after any failure).
 */
class DataFolderWriteTest {

    private static final String PATH = "hrv/2024/10/2024-10-14_sleep-hrv.json";
    private static final byte[] OLD = "[ {\"the\": \"old whole file\"} ]".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "[ {\"the\": \"new whole file, longer than the old one\"} ]"
            .getBytes(StandardCharsets.UTF_8);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    @TempDir
    Path workDir;

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private Path root;
    private DataFolder folder;
    private SyncLock.Held lock;

    @BeforeEach
    void lockedDataFolder() throws IOException {
        root = workDir.resolve("data");
        folder = new DataFolder();
        folder.setDataDir(root.toString());
        SyncLock syncLock = new SyncLock();
        syncLock.setDataDir(root.toString());
        lock = syncLock.acquire(false);
    }

    @AfterEach
    void release() throws IOException {
        lock.channel().close();
        camel.close();
    }

    @Test
    void theTemporaryFileIsCreatedOwnerWritableGroupReadableAndTheEndpointIsPointedAtIt() throws Exception {
        Exchange exchange = exchange(NEW);

        folder.startWrite(exchange, PATH, NEW, lock);

        Path part = root.resolve("hrv/2024/10/.2024-10-14_sleep-hrv.json.part");
        assertTrue(Files.isRegularFile(part));
        assertEquals(0, Files.size(part), "empty until the endpoint writes it");
        assertEquals("hrv/2024/10/.2024-10-14_sleep-hrv.json.part",
                exchange.getMessage().getHeader(Exchange.FILE_NAME));
        if (POSIX) {
            // right after creation, before anything is written into it
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(part)));
            for (Path made : List.of(root.resolve("hrv"), root.resolve("hrv/2024"), root.resolve("hrv/2024/10"))) {
                assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)),
                        made::toString);
            }
        }
    }

    @Test
    void aWholeWriteReplacesTheOldFileAndKeepsThePermissionsOfTheStart() throws Exception {
        writeOld();
        Exchange exchange = exchange(NEW);
        folder.startWrite(exchange, PATH, NEW, lock);
        Path part = endpointWrites(exchange, NEW.length);

        folder.finishWrite(exchange.getProperty(DataFolder.PART, DataFolder.PartFile.class));

        assertArrayEquals(NEW, Files.readAllBytes(root.resolve(PATH)));
        assertFalse(Files.exists(part));
        if (POSIX) {
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    root.resolve(PATH))));
        }
    }

    @Test
    void aShortWriteKeepsTheOldFileByteForByteAndFailsNamingTheFile() throws Exception {
        writeOld();
        Exchange exchange = exchange(NEW);
        folder.startWrite(exchange, PATH, NEW, lock);
        // what Camel's producer does on a full disk or at a file size limit: one write, cut short, no error
        Path part = endpointWrites(exchange, 20);
        DataFolder.PartFile write = exchange.getProperty(DataFolder.PART, DataFolder.PartFile.class);

        LocalFileException failure = assertThrows(LocalFileException.class, () -> folder.finishWrite(write));
        LocalFileException passed = assertThrows(LocalFileException.class, () -> folder.abandonWrite(write,
                failure));

        assertSame(failure, passed, "abandoning keeps the failure that names the file");
        assertArrayEquals(OLD, Files.readAllBytes(root.resolve(PATH)), "the old file, byte for byte");
        assertFalse(Files.exists(part), "no temporary file left");
        // here the OS took the rest when asked again, so it gave no reason: the count is the reason
        assertEquals("cannot write " + root.resolve(PATH) + ": only 20 of " + NEW.length
                + " bytes were written", Failures.oneLine(failure));
        assertEquals(ExitCode.LOCAL_IO_FAILURE, ExitCode.of(failure));
    }

    @Test
    void aFailureOfTheEndpointDeletesTheTemporaryFileAndNamesTheFileAndTheReason() throws Exception {
        writeOld();
        Exchange exchange = exchange(NEW);
        folder.startWrite(exchange, PATH, NEW, lock);
        DataFolder.PartFile write = exchange.getProperty(DataFolder.PART, DataFolder.PartFile.class);
        Exception endpointFailure = new GenericFileOperationFailedException(
                "Cannot store file: " + write.temp(), new IOException("No space left on device"));

        LocalFileException failure = assertThrows(LocalFileException.class,
                () -> folder.abandonWrite(write, endpointFailure));

        assertEquals("cannot write " + root.resolve(PATH) + ": No space left on device",
                Failures.oneLine(failure));
        assertArrayEquals(OLD, Files.readAllBytes(root.resolve(PATH)));
        assertFalse(Files.exists(write.temp()));
    }

    @Test
    void aRemovedDataFolderIsNotMadeAnew() throws Exception {
        Files.delete(root.resolve(SyncLock.FILE_NAME));
        Files.delete(root);

        LocalFileException failure = assertThrows(LocalFileException.class,
                () -> folder.startWrite(exchange(NEW), PATH, NEW, lock));
        LocalFileException unlocked = assertThrows(LocalFileException.class,
                () -> folder.startWrite(exchange(NEW), PATH, NEW, null));

        assertTrue(failure.getMessage().startsWith("the data folder " + root + " was removed or replaced"),
                failure.getMessage());
        assertEquals(failure.getMessage(), unlocked.getMessage(), "without a lock too, the folder is not made");
        assertFalse(Files.exists(root));
    }

    @Test
    void aTemporaryFileLeftByAnEarlierAttemptIsReplaced() throws Exception {
        Path part = root.resolve("hrv/2024/10/.2024-10-14_sleep-hrv.json.part");
        Files.createDirectories(part.getParent());
        Files.write(part, "half of an earlier attempt".getBytes(StandardCharsets.UTF_8));
        Exchange exchange = exchange(NEW);

        folder.startWrite(exchange, PATH, NEW, lock);

        assertEquals(0, Files.size(part));
        endpointWrites(exchange, NEW.length);
        folder.finishWrite(exchange.getProperty(DataFolder.PART, DataFolder.PartFile.class));
        assertArrayEquals(NEW, Files.readAllBytes(root.resolve(PATH)));
        try (Stream<Path> files = Files.list(part.getParent())) {
            assertEquals(List.of("2024-10-14_sleep-hrv.json"),
                    files.map(file -> file.getFileName().toString()).toList());
        }
    }

    @Test
    void theReasonOfAFileSystemExceptionWithoutOneIsSaidInWords() {
        Exception failure = new CamelExecutionException("sync",
                new DefaultExchange(camel), new NoSuchFileException("/proc/nope"));

        assertEquals("cannot use /proc/nope: No such file or directory", Failures.oneLine(failure));
        assertEquals(ExitCode.LOCAL_IO_FAILURE, ExitCode.of(failure));
        assertEquals("cannot use /proc/nope: Read-only file system", Failures.oneLine(
                new FileSystemException("/proc/nope", null, "Read-only file system")));
    }

    @Test
    void theStateFileNeverMakesTheDataFolderAnew() throws Exception {
        Files.delete(root.resolve(SyncLock.FILE_NAME));
        Files.delete(root);

        LocalFileException failure = assertThrows(LocalFileException.class,
                () -> AtomicFiles.write(root.resolve("sync-state.json"), OLD, null));

        assertEquals("cannot write " + root.resolve("sync-state.json") + ": No such file or directory",
                failure.getMessage());
        assertFalse(Files.exists(root));
    }

    private Exchange exchange(byte[] content) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, PATH);
        exchange.getMessage().setBody(content);
        return exchange;
    }

    private void writeOld() throws IOException {
        Path file = root.resolve(PATH);
        Files.createDirectories(file.getParent());
        Files.write(file, OLD);
    }

    /** As the endpoint with fileExist=Override: the same file, truncated, then {@code length} bytes of the body. */
    private Path endpointWrites(Exchange exchange, int length) throws IOException {
        Path part = root.resolve(exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class));
        byte[] body = exchange.getMessage().getBody(byte[].class);
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(body, 0, length));
        }
        return part;
    }
}
