package dev.ourahrvsync.output;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Replaces a file so that a crash or power loss at any instant leaves the old whole file or the new whole file:
 * a temporary file in the same folder, written and synced, renamed over the old one, then the folder synced.
 */
public final class AtomicFiles {

    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");
    /** Health data: readable by you and your group, writable by you alone. */
    static final Set<PosixFilePermission> DATA_FILE = PosixFilePermissions.fromString("rw-r-----");
    static final Set<PosixFilePermission> DATA_FOLDER = PosixFilePermissions.fromString("rwxr-x---");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /** Writes {@code content} to {@code file} atomically and durably, readable only by its owner. */
    public static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        createOwnerOnlyFolder(file.toAbsolutePath().getParent());
        write(file, content, OWNER_ONLY);
    }

    /** Writes {@code content} to {@code file} atomically and durably, with the given permissions (null: default). */
    public static void write(Path file, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        write(file, permissions, out -> out.write(content));
    }

    /**
     * Streams {@code content} into {@code file} atomically and durably, with the given permissions from the temporary
     * file's first instant (null: default): for files too large to build in memory first. The folder must exist: it
     * is never created here, so a write into a folder removed meanwhile fails instead of making it anew. If
     * {@code content} fails, or a byte of it cannot be written (a full disk, a file size limit), the old file is
     * left as it was; a write failure names the file and the OS's reason.
     */
    public static void write(Path file, Set<PosixFilePermission> permissions, Content content) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        FileAttribute<?>[] attributes = permissions != null ? attributes(permissions) : new FileAttribute<?>[0];
        Path temp = writing(file, () -> Files.createTempFile(folder, tempPrefix(file), TEMP_SUFFIX, attributes));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                Counted counted = new Counted(file, new BufferedOutputStream(Channels.newOutputStream(channel)));
                content.writeTo(counted);
                writing(file, () -> {
                    counted.flush();
                    channel.force(true);
                    // the channel's stream writes until every byte is out or fails; this only proves it
                    if (channel.size() != counted.written) {
                        throw LocalFileException.writeFailed(file, "only " + channel.size() + " of "
                                + counted.written + " bytes were written");
                    }
                    return null;
                });
            }
            writing(file, () -> Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING));
        } finally {
            Files.deleteIfExists(temp);
        }
        syncFolder(folder);
    }

    /** A step of writing {@code file} whose failure is a failure to write it, named so. */
    @FunctionalInterface
    interface WriteStep<T> {
        T run() throws IOException;
    }

    static <T> T writing(Path file, WriteStep<T> step) throws LocalFileException {
        try {
            return step.run();
        } catch (LocalFileException e) {
            throw e;
        } catch (IOException e) {
            throw LocalFileException.writeFailed(file, e);
        }
    }

    /** Writes the content of a file into a stream; it may close the stream (closing only flushes). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Deletes the temporary files that writes of {@code file} left behind when their process was killed between
     * creating the temporary file and renaming it (a kill skips the cleanup in {@link #write}): every sibling named
     * {@code .<name><digits>.tmp}, as {@link #write} names them, and nothing else. Only call this while no other
     * write of {@code file} can be under way, that is holding the lock its writers share: it would delete a live
     * writer's temporary file under its feet. Best effort: a file that cannot be deleted is left.
     *
     * @return how many were deleted
     */
    public static int deleteLeftoverTemps(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        Pattern leftover = Pattern.compile(Pattern.quote(tempPrefix(file)) + "\\d+" + Pattern.quote(TEMP_SUFFIX));
        int deleted = 0;
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(folder,
                entry -> leftover.matcher(entry.getFileName().toString()).matches())) {
            for (Path sibling : siblings) {
                try {
                    if (Files.deleteIfExists(sibling)) {
                        deleted++;
                    }
                } catch (IOException e) {
                    // left for the next write; replacing the file matters more than tidying
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            // no folder yet, or it cannot be listed: nothing to tidy
        }
        return deleted;
    }

    /**
     * Creates the data folder (and its parents) readable by its owner's group, writable by its owner alone: never
     * world-writable, whatever the umask (the mode can only lose bits to it). {@link DataFolder} creates the folders
     * below it the same way; the export creates the folders of its file so too.
     */
    public static void createDataFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        Files.createDirectories(folder, attributes(DATA_FOLDER));
    }

    /** Creates a folder (and its parents) that only its owner can enter. */
    public static void createOwnerOnlyFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        Files.createDirectories(folder, attributes(OWNER_ONLY_FOLDER));
    }

    /** Attributes that create a file readable only by its owner, where the file system has owners. */
    public static FileAttribute<?>[] ownerOnlyAttributes() {
        return attributes(OWNER_ONLY);
    }

    /** Attributes that create a file or folder with {@code mode}, where the file system has POSIX permissions. */
    static FileAttribute<?>[] attributes(Set<PosixFilePermission> mode) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }

    /** The umask can only have taken bits away from the mode given at creation: give them back, nothing more. */
    static void exactMode(Path path, Set<PosixFilePermission> mode) throws IOException {
        if (POSIX && !Files.getPosixFilePermissions(path).equals(mode)) {
            Files.setPosixFilePermissions(path, mode);
        }
    }

    /** Temporary files of {@code file} are {@code .<name><random digits>.tmp} in the same folder. */
    private static String tempPrefix(Path file) {
        return "." + file.getFileName();
    }

    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some platforms cannot open a folder for syncing; the rename itself is still atomic there
        }
    }

    /**
     * What the content writes, counted, with a write failure named as a failure to write the file (the content's own
     * failures, such as a file it reads, pass as they are). The temporary file must stay open until it is synced:
     * writers that close their stream only flush it.
     */
    private static final class Counted extends FilterOutputStream {

        private final Path file;
        private long written;

        Counted(Path file, OutputStream out) {
            super(out);
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            writing(file, () -> {
                out.write(b);
                return null;
            });
            written++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            writing(file, () -> {
                out.write(bytes, offset, length);
                return null;
            });
            written += length;
        }

        @Override
        public void flush() throws IOException {
            writing(file, () -> {
                out.flush();
                return null;
            });
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
