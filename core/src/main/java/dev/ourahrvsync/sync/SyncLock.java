package dev.ourahrvsync.sync;

import dev.ourahrvsync.output.AtomicFiles;
import dev.ourahrvsync.output.LocalFileException;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * One sync at a time per data folder: an OS file lock on {@value #FILE_NAME} in the folder, held for the whole run.
 * The OS drops it when its process dies, so a killed run never blocks the next one.
 */
public class SyncLock {

    public static final String FILE_NAME = ".sync.lock";
    /** The exchange property that holds the lock during a run. */
    public static final String HELD = "syncLock";

    /**
     * A held lock, and what tells that the data folder is still the one locked: the lock file's identity (its
     * {@code fileKey}, device and inode where the OS has them). The open channel keeps that inode alive, so no new
     * file can get its identity while the run lasts.
     */
    public record Held(FileChannel channel, FileLock lock, Path folder, Path lockFile, Object lockFileKey) {

        /**
         * Fails when the data folder was removed, moved or replaced since the run locked it: a run must then neither
         * write on into a folder nobody reads nor record files that are not there.
         */
        public void checkInPlace() throws LocalFileException {
            Object key;
            try {
                key = Files.readAttributes(lockFile, BasicFileAttributes.class).fileKey();
            } catch (IOException e) {
                throw LocalFileException.folderGone(folder);
            }
            if (lockFileKey != null && !lockFileKey.equals(key)) {
                throw LocalFileException.folderGone(folder);
            }
        }
    }

    private Path dataDir = Path.of("data");

    public void setDataDir(String dataDir) {
        this.dataDir = Path.of(dataDir);
    }

    public Held acquire(@Header(SyncRequest.WAIT) Boolean wait) throws IOException {
        try {
            AtomicFiles.createDataFolder(dataDir);
        } catch (IOException e) {
            throw LocalFileException.cannot("create", "the data folder", dataDir, e);
        }
        Path lockFile = dataDir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    AtomicFiles.ownerOnlyAttributes());
        } catch (IOException e) {
            throw LocalFileException.cannot("create", "the lock file", lockFile, e);
        }
        try {
            FileLock lock = Boolean.TRUE.equals(wait) ? channel.lock() : channel.tryLock();
            if (lock == null) {
                throw new SyncBusyException(dataDir);
            }
            return new Held(channel, lock, dataDir, lockFile,
                    Files.readAttributes(lockFile, BasicFileAttributes.class).fileKey());
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new SyncBusyException(dataDir);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public void release(@ExchangeProperty(HELD) Held held) throws IOException {
        if (held != null) {
            held.channel().close();
        }
    }
}
