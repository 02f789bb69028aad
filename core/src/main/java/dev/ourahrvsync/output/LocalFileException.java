package dev.ourahrvsync.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A file or folder of ours could not be created, read or written, or the data folder went away under a sync: the one
 * line a user reads says what was done to which path and why, {@code cannot create the data folder /x: Permission
 * denied}, {@code cannot write data/…json: No space left on device}. A {@link FileSystemException}, so the command
 * exits 5.
 */
public class LocalFileException extends FileSystemException {

    /**
     * The JDK's file system exceptions that come without a reason: the OS's words for them (the JDK turns ENOENT,
     * EACCES and EEXIST into these and drops the words).
     */
    private static final Map<Class<? extends FileSystemException>, String> KINDS = Map.of(
            NoSuchFileException.class, "No such file or directory",
            AccessDeniedException.class, "Permission denied",
            FileAlreadyExistsException.class, "File exists",
            NotDirectoryException.class, "Not a directory",
            DirectoryNotEmptyException.class, "Directory not empty",
            AtomicMoveNotSupportedException.class, "cannot be replaced atomically on this file system",
            FileSystemLoopException.class, "a loop of symbolic links");

    private final String line;

    private LocalFileException(Path file, String reason, String line, Throwable cause) {
        super(file.toString(), null, reason);
        this.line = line;
        if (cause != null) {
            initCause(cause);
        }
    }

    /** "cannot write data/hrv/…json: No space left on device". */
    public static LocalFileException writeFailed(Path file, Throwable cause) {
        return cannot("write", "", file, cause);
    }

    /** The same, when the reason is ours (a short write the OS did not explain). */
    public static LocalFileException writeFailed(Path file, String reason) {
        return new LocalFileException(file, reason, "cannot write " + file + ": " + reason, null);
    }

    /**
     * "cannot create the data folder /proc/nope: No such file or directory": what was done ({@code verb}), to what
     * ({@code what}, such as "the data folder", or empty), which path, and the OS's reason. A file standing where a
     * folder must be is said so: "the data folder /tmp/x is a file, not a folder".
     */
    public static LocalFileException cannot(String verb, String what, Path path, Throwable cause) {
        String named = what.isEmpty() ? path.toString() : what + " " + path;
        Path file = fileInTheWay(path, cause);
        String reason = file == null ? reason(cause) : file + " is a file, not a folder";
        String line = path.equals(file) ? named + " is a file, not a folder" : "cannot " + verb + " " + named + ": "
                + reason;
        return new LocalFileException(path, reason, line, cause);
    }

    /** The data folder a sync locked is gone, or is another folder now. */
    public static LocalFileException folderGone(Path folder) {
        return new LocalFileException(folder, "removed or replaced during the sync", "the data folder " + folder
                + " was removed or replaced during the sync: nothing more was written there, and the sync state did"
                + " not move past the last whole window; sync again", null);
    }

    @Override
    public String getMessage() {
        return line;
    }

    /**
     * What the OS said, in words: a {@link FileSystemException}'s reason (its message is often only the path), its
     * kind when it has none, or an IOException's own message ({@code No space left on device}).
     */
    public static String reason(Throwable failure) {
        Throwable telling = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                telling = t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (telling instanceof LocalFileException local) {
            return local.getReason();
        }
        if (telling instanceof FileSystemException fs) {
            return fs.getReason() != null && !fs.getReason().isBlank() ? fs.getReason() : kind(fs);
        }
        String message = telling.getMessage();
        return message == null || message.isBlank() ? telling.getClass().getSimpleName() : message;
    }

    /**
     * "data/raw/…json: not a JSON array of sleep documents (…)": a file that was read but cannot be used. The cause
     * stays out of the chain, so that this line is what the user reads.
     */
    public static LocalFileException unusable(Path file, String why, Throwable cause) {
        LocalFileException failure = new LocalFileException(file, why, file + ": " + why, null);
        failure.addSuppressed(cause);
        return failure;
    }

    /**
     * When the OS refused because a file stands where a folder must be: that file. {@code File exists} (a folder
     * could not be made) is {@code path} itself; {@code Not a directory} the nearest existing path above it.
     */
    private static Path fileInTheWay(Path path, Throwable cause) {
        String reason = cause == null ? null : reason(cause);
        Path from = path.toAbsolutePath();
        if ("Not a directory".equals(reason)) {
            from = from.getParent();
        } else if (!"File exists".equals(reason)) {
            return null;
        }
        for (Path at = from; at != null; at = at.getParent()) {
            if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                return Files.isDirectory(at) ? null : path.isAbsolute() ? at
                        : Path.of("").toAbsolutePath().relativize(at);
            }
        }
        return null;
    }

    private static String kind(FileSystemException fs) {
        return KINDS.entrySet().stream().filter(kind -> kind.getKey().isInstance(fs)).map(Map.Entry::getValue)
                .findFirst().orElse("file system error");
    }
}
