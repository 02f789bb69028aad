package dev.ourahrvsync.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ourahrvsync.output.DataPaths;
import dev.ourahrvsync.output.HealthRecordFormats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Raw archives in a data folder, as the sync leaves them, for the export to read. */
public final class RawArchiveFixture {

    /** The sync's raw files of Oura's recorded response (SyncRoutesTest holds them byte for byte). */
    public static final Path RECORDED = Path.of("core/src/test/resources/golden/recorded-2024-10");

    private RawArchiveFixture() {
    }

    /** Copies the recorded nights' raw archive, 2024-10-10 to 2024-11-02, into {@code dataDir}. */
    public static void recorded(Path dataDir) throws IOException {
        Path raw = RECORDED.resolve(DataPaths.RAW_SLEEP);
        try (Stream<Path> files = Files.walk(raw)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = dataDir.resolve(RECORDED.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
    }

    /** Writes documents as the sync does: one file per day, its documents in the order given (by bedtime). */
    public static void write(Path dataDir, List<JsonNode> documents) throws IOException {
        Map<LocalDate, List<JsonNode>> byDay = new TreeMap<>();
        for (JsonNode document : documents) {
            byDay.computeIfAbsent(LocalDate.parse(document.get("day").asText()), day -> new ArrayList<>())
                    .add(document);
        }
        for (Map.Entry<LocalDate, List<JsonNode>> day : byDay.entrySet()) {
            Path file = dataDir.resolve(DataPaths.rawSleep(day.getKey()));
            Files.createDirectories(file.getParent());
            Files.write(file, HealthRecordFormats.rawDocuments(day.getValue()));
        }
    }
}
