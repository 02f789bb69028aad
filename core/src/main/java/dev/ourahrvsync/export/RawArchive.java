package dev.ourahrvsync.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.ourahrvsync.oura.OuraJson;
import dev.ourahrvsync.oura.SleepDocument;
import dev.ourahrvsync.output.DataPaths;
import dev.ourahrvsync.output.LocalFileException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;

/**
 * The data folder's raw archive, {@code oura/sleep/YYYY/MM/D.json} as the sync writes it, read one day at a time.
 */
public final class RawArchive {

    private static final TypeReference<List<SleepDocument>> DOCUMENTS = new TypeReference<>() {
    };

    private final Path dataDir;

    public RawArchive(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Where the raw files are, for messages. */
    public Path folder() {
        return dataDir.resolve(DataPaths.RAW_SLEEP);
    }

    /**
     * The day's documents, typed, or empty when the archive has no file for the day.
     *
     * @throws FileSystemException naming the file, when it cannot be read or is not an array of sleep documents
     */
    public Optional<List<SleepDocument>> day(LocalDate day) throws FileSystemException {
        Path file = dataDir.resolve(DataPaths.rawSleep(day));
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(OuraJson.mapper().readValue(file.toFile(), DOCUMENTS));
        } catch (JsonProcessingException e) {
            throw LocalFileException.unusable(file, "not a JSON array of sleep documents (" + e.getOriginalMessage()
                    + ")", e);
        } catch (IOException e) {
            throw LocalFileException.cannot("read", "", file, e);
        }
    }

    /** The first day the archive has a file for. */
    public Optional<LocalDate> firstDay() throws IOException {
        return day(BinaryOperator.minBy(Comparator.naturalOrder()));
    }

    /** The last day the archive has a file for. */
    public Optional<LocalDate> lastDay() throws IOException {
        return day(BinaryOperator.maxBy(Comparator.naturalOrder()));
    }

    /** One of the days with a file, as {@code pick} chooses: only names are listed, no file is read. */
    private Optional<LocalDate> day(BinaryOperator<LocalDate> pick) throws IOException {
        if (!Files.isDirectory(folder())) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(folder())) {
            return files.filter(Files::isRegularFile)
                    .map(file -> DataPaths.rawSleepDay(dataDir.relativize(file).toString().replace('\\', '/')))
                    .flatMap(Optional::stream)
                    .reduce(pick);
        } catch (UncheckedIOException e) {
            throw LocalFileException.cannot("read", "the raw archive", folder(), e.getCause());
        } catch (IOException e) {
            throw LocalFileException.cannot("read", "the raw archive", folder(), e);
        }
    }
}
