package dev.ourahrvsync.output;

import java.util.Arrays;
import java.util.Objects;

/**
 * One file of the data folder as it should now be.
 *
 * @param path relative to the data folder, with {@code /} separators
 * @param content the whole file, or null when the file should not exist (a day that lost its samples)
 */
public record DataFile(String path, byte[] content) {

    public static DataFile absent(String path) {
        return new DataFile(path, null);
    }

    public boolean present() {
        return content != null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataFile that && path.equals(that.path) && Arrays.equals(content, that.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return path + (content == null ? " (absent)" : " (" + content.length + " bytes)");
    }
}
