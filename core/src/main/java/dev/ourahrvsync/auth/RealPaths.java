package dev.ourahrvsync.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/** Where a path really leads, symbolic links followed, whether or not the whole of it exists yet. */
public final class RealPaths {

    private RealPaths() {
    }

    /**
     * The real path ({@link Path#toRealPath}) of the nearest part of {@code path} that exists, with the rest of it
     * appended: the parts that do not exist yet cannot be links.
     */
    public static Path of(Path path) {
        Path absolute = path.toAbsolutePath();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path existing = absolute; existing != null; existing = existing.getParent()) {
            try {
                Path real = existing.toRealPath();
                for (Path name : missing) {
                    real = real.resolve(name);
                }
                return real.normalize();
            } catch (IOException notThere) {
                if (existing.getFileName() == null) {
                    break;
                }
                missing.push(existing.getFileName());
            }
        }
        return absolute.normalize();
    }
}
