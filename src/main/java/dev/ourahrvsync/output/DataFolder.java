package dev.ourahrvsync.output;

import org.apache.camel.Exchange;
import org.apache.camel.Header;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

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
