package dev.ourahrvsync.output;

import dev.ourahrvsync.sync.SyncLock;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the routes need to know of the data folder: whether a file already holds exactly the new bytes (then it is
 * left alone), removing a file that should no longer exist, and the steps around the {@code file} endpoint that
 * make its write safe: the temporary file created with its permissions, its size checked against the content (the
 * endpoint ignores a short write), and only then the rename over the old file.
 */
public class DataFolder {

    /** How a file is named while being written: {@code .<name>.part}, in its own folder. */
    public static final String TEMPORARY_PREFIX = ".";
    public static final String TEMPORARY_SUFFIX = ".part";
    /** The exchange property that holds the write under way ({@link PartFile}). */
    public static final String PART = "dataFilePart";
    /** Health data: readable by you and your group, writable by you alone. */
    static final Set<PosixFilePermission> FILE_MODE = AtomicFiles.DATA_FILE;
    static final Set<PosixFilePermission> FOLDER_MODE = AtomicFiles.DATA_FOLDER;

    /**
     * A write under way: the temporary file the endpoint writes into, the file it will replace, and the bytes it
     * must hold.
     */
    public record PartFile(Path temp, Path target, byte[] content) {
    }

    private Path root = Path.of("data");

    public void setDataDir(String dataDir) {
        this.root = Path.of(dataDir);
    }

    public Path getRoot() {
        return root;
    }

    public boolean isUnchanged(@Header(Exchange.FILE_NAME) String path, byte[] content) {
        Path file = resolve(path);
        try {
            return content != null && Files.size(file) == content.length
                    && Arrays.equals(Files.readAllBytes(file), content);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a file that should not exist; true when there was one. */
    public boolean remove(@Header(Exchange.FILE_NAME) String path) throws IOException {
        return Files.deleteIfExists(resolve(path));
    }

    /**
     * Removes what killed runs left under temporary names (the {@code file} endpoint writes
     * {@value #TEMPORARY_PREFIX}name{@value #TEMPORARY_SUFFIX} and renames it), anywhere in the folder, whatever
     * days those runs were syncing. Called holding the folder's lock, so no run is writing one now. A walk of the
     * folder: tens of milliseconds for ten years of files.
     *
     * @return how many were removed
     */
    public int sweepTemporary() throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        List<Path> leftovers;
        try (Stream<Path> files = Files.walk(root)) {
            leftovers = files.filter(Files::isRegularFile).filter(DataFolder::isTemporary).toList();
        }
        for (Path leftover : leftovers) {
            Files.deleteIfExists(leftover);
        }
        return leftovers.size();
    }

    /**
     * Creates the empty temporary file {@code .<name>.part} next to the file at {@code path}, with the file's
     * permissions from its first instant (never wider, whatever the umask), and points the message's file name at
     * it, for the {@code file} endpoint to write {@code content} into. Missing folders below the data folder are
     * created {@code rwxr-x---}; the data folder itself never is: if it is gone, or is another folder than
     * the one the run locked, the write fails.
     */
    public void startWrite(Exchange exchange, @Header(Exchange.FILE_NAME) String path, @Body byte[] content,
                           @ExchangeProperty(SyncLock.HELD) SyncLock.Held held) throws IOException {
        Path target = resolve(path);
        if (held != null) {
            held.checkInPlace();
        }
        Path temp = AtomicFiles.writing(target, () -> {
            createFoldersTo(target.getParent());
            Path part = target.resolveSibling(TEMPORARY_PREFIX + target.getFileName() + TEMPORARY_SUFFIX);
            // one left by this run's own failed attempt (the sweep at the start removed older ones)
            Files.deleteIfExists(part);
            Files.createFile(part, AtomicFiles.attributes(FILE_MODE));
            AtomicFiles.exactMode(part, FILE_MODE);
            return part;
        });
        exchange.setProperty(PART, new PartFile(temp, target, content));
        exchange.getMessage().setHeader(Exchange.FILE_NAME, path.substring(0, path.lastIndexOf('/') + 1)
                + temp.getFileName());
    }

    /**
     * Renames the temporary file over the old one, but only when it holds every byte: the {@code file} endpoint
     * writes each buffer once and ignores a short write (a full disk, a file size limit). A short file is deleted,
     * the old one stays as it was, and the failure names the file and the OS's reason, learnt by writing the
     * missing tail once more.
     */
    public void finishWrite(@ExchangeProperty(PART) PartFile part) throws IOException {
        AtomicFiles.writing(part.target(), () -> {
            long size = Files.size(part.temp());
            if (size != part.content().length) {
                throw shortWrite(part, size);
            }
            return Files.move(part.temp(), part.target(), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        });
    }

    /**
     * After any failure of the steps above: the temporary file goes, the old file stays, and the failure is one
     * that names the file and the reason.
     */
    public void abandonWrite(@ExchangeProperty(PART) PartFile part,
                             @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) throws Exception {
        if (part == null) {
            throw failure; // it failed before any file was touched
        }
        try {
            Files.deleteIfExists(part.temp());
        } catch (IOException e) {
            failure.addSuppressed(e); // the next sync's sweep removes it
        }
        throw failure instanceof LocalFileException ? failure : LocalFileException.writeFailed(part.target(), failure);
    }

    private static LocalFileException shortWrite(PartFile part, long size) {
        byte[] content = part.content();
        String reason = "only " + size + " of " + content.length + " bytes were written";
        if (size < content.length) {
            try (FileChannel channel = FileChannel.open(part.temp(), StandardOpenOption.WRITE)) {
                ByteBuffer tail = ByteBuffer.wrap(content, (int) size, content.length - (int) size);
                channel.position(size);
                while (tail.hasRemaining()) {
                    channel.write(tail);
                }
            } catch (IOException e) {
                reason = LocalFileException.reason(e);
            }
        }
        return LocalFileException.writeFailed(part.target(), reason);
    }

    /** The folders from the data folder down to {@code folder}, each created 750 when missing. */
    private void createFoldersTo(Path folder) throws IOException {
        Path top = root.normalize();
        if (!Files.isDirectory(top)) {
            throw LocalFileException.folderGone(root);
        }
        Path current = top;
        for (Path name : top.relativize(folder)) {
            current = current.resolve(name);
            if (!Files.isDirectory(current)) {
                try {
                    Files.createDirectory(current, AtomicFiles.attributes(FOLDER_MODE));
                    AtomicFiles.exactMode(current, FOLDER_MODE);
                } catch (FileAlreadyExistsException e) {
                    // made meanwhile: if it is not a folder, creating the file in it says so
                }
            }
        }
    }


    private static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(TEMPORARY_PREFIX) && name.endsWith(TEMPORARY_SUFFIX);
    }

    Path resolve(String relative) {
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root.normalize())) {
            throw new IllegalArgumentException("not a path inside the data folder: " + relative);
        }
        return file;
    }
}
