package dev.ourahrvsync.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which request paths name a file of the data folder that may be served: a JSON or CSV file, inside the folder
 * after every link is followed, not hidden, not a token file. Everything else is "not found", whatever the reason,
 * so an answer never tells whether something exists.
 */
public final class ServedFiles {

    /** A served file and the type it is answered with. */
    public record ServedFile(Path file, String contentType) {
    }

    /**
     * What a path segment may be, taken from the raw request: the names the tool writes and nothing else. This
     * alone refuses {@code ..}, hidden names ({@code .sync.lock}, {@code .name.part}), empty segments, backslashes
     * and every percent-encoding ({@code %2e%2e}, {@code %2f}).
     */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private final Path root;

    public ServedFiles(Path root) {
        this.root = root;
    }

    /** The file a raw request path ({@code /hrv/latest.json}, no query) names, if it may be served. */
    public Optional<ServedFile> find(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return Optional.empty();
        }
        String relative = rawPath.substring(1);
        if (!isServableName(relative)) {
            return Optional.empty();
        }
        Path rootReal;
        Path real;
        try {
            rootReal = root.toRealPath();
            real = rootReal.resolve(relative).toRealPath();
        } catch (IOException e) {
            // missing, unreadable, or a file where a folder should be: all the same to the asker
            return Optional.empty();
        }
        // a link may lead anywhere: what it leads to must pass the same checks
        if (!real.startsWith(rootReal) || real.equals(rootReal)
                || !isServableName(rootReal.relativize(real).toString().replace('\\', '/'))
                || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(new ServedFile(real, contentType(real.getFileName().toString())));
    }

    static boolean isServableName(String relative) {
        String[] segments = relative.split("/", -1);
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        String lower = relative.toLowerCase(Locale.ROOT);
        // the token store lives outside the data folder by design; this is the net under that
        return !lower.contains("token") && contentType(segments[segments.length - 1]) != null;
    }

    private static String contentType(String fileName) {
        if (fileName.endsWith(".json")) {
            return "application/json; charset=utf-8";
        }
        if (fileName.endsWith(".csv")) {
            return "text/csv; charset=utf-8";
        }
        return null;
    }
}
