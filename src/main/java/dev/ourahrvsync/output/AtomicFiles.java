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
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /** Writes {@code content} to {@code file} atomically and durably, readable only by its owner. */
    public static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        createOwnerOnlyFolder(file.getParent());
        write(file, content, OWNER_ONLY);
    }

    /** Writes {@code content} to {@code file} atomically and durably, with the given permissions (null: default). */
    public static void write(Path file, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        write(file, permissions, out -> out.write(content));
    }

    /**
     * Streams {@code content} into {@code file} atomically and durably, with the given permissions (null: default):
     * for files too large to build in memory first. If {@code content} fails, the old file is left as it was.
     */
    public static void write(Path file, Set<PosixFilePermission> permissions, Content content) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        FileAttribute<?>[] attributes = POSIX && permissions != null
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(folder, tempPrefix(file), TEMP_SUFFIX, attributes);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
                content.writeTo(new KeptOpen(out));
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("this file system cannot replace " + file + " atomically", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        syncFolder(folder);
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
     * world-writable, whatever the umask (the mode can only lose bits to it). The routes' file endpoint creates the
     * folders below it the same way ({@code chmodDirectory=750}).
     */
    public static void createDataFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        if (POSIX) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-x---")));
        } else {
            Files.createDirectories(folder);
        }
    }

    /** Creates a folder (and its parents) that only its owner can enter. */
    public static void createOwnerOnlyFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        if (POSIX) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
        } else {
            Files.createDirectories(folder);
        }
    }

    /** Attributes that create a file readable only by its owner, where the file system has owners. */
    public static FileAttribute<?>[] ownerOnlyAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
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

    /** The temporary file must stay open until it is synced: writers that close their stream only flush it. */
    private static final class KeptOpen extends FilterOutputStream {

        KeptOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
