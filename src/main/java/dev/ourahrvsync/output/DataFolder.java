package dev.ourahrvsync.output;

import org.apache.camel.Exchange;
import org.apache.camel.Header;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the routes need to know of the data folder besides writing: whether a file already holds exactly the new
 * bytes (then it is left alone), and removing a file that should no longer exist.
 */
public class DataFolder {

    /** How the routes' file endpoint names a file while writing it: {@code tempFileName=.${file:onlyname}.part}. */
    public static final String TEMPORARY_PREFIX = ".";
    public static final String TEMPORARY_SUFFIX = ".part";

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
     * Removes what a killed run may have left of this file: its temporary sibling (the {@code file} endpoint writes
     * {@value #TEMPORARY_PREFIX}name{@value #TEMPORARY_SUFFIX} and renames it).
     */
    public void clearTemporary(@Header(Exchange.FILE_NAME) String path) throws IOException {
        Path file = resolve(path);
        Files.deleteIfExists(file.resolveSibling(TEMPORARY_PREFIX + file.getFileName() + TEMPORARY_SUFFIX));
    }

    Path resolve(String relative) {
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root.normalize())) {
            throw new IllegalArgumentException("not a path inside the data folder: " + relative);
        }
        return file;
    }
}
