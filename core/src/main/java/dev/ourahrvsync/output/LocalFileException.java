package dev.ourahrvsync.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A file of ours could not be written, or the data folder went away under a sync: the one line a user reads names
 * the file and the reason ({@code No space left on device}, {@code File too large}). A {@link FileSystemException},
 * so the command exits 5.
 */
public class LocalFileException extends FileSystemException {

    /** The JDK's file system exceptions that come without a reason, in words. */
    private static final Map<Class<? extends FileSystemException>, String> KINDS = Map.of(
            NoSuchFileException.class, "no such file or folder",
            AccessDeniedException.class, "permission denied",
            FileAlreadyExistsException.class, "already exists",
            NotDirectoryException.class, "not a folder",
            DirectoryNotEmptyException.class, "folder not empty",
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

    /** "could not write data/hrv/…json (No space left on device)". */
    public static LocalFileException writeFailed(Path file, Throwable cause) {
        String reason = reason(cause);
        return new LocalFileException(file, reason, "could not write " + file + " (" + reason + ")", cause);
    }

    /** The same, when the reason is ours (a short write the OS did not explain). */
    public static LocalFileException writeFailed(Path file, String reason) {
        return new LocalFileException(file, reason, "could not write " + file + " (" + reason + ")", null);
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

    private static String kind(FileSystemException fs) {
        return KINDS.entrySet().stream().filter(kind -> kind.getKey().isInstance(fs)).map(Map.Entry::getValue)
                .findFirst().orElse("file system error");
    }
}
