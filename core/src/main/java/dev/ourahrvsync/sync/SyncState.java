package dev.ourahrvsync.sync;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ourahrvsync.output.AtomicFiles;
import dev.ourahrvsync.output.HrvMode;
import dev.ourahrvsync.output.LocalFileException;
import org.apache.camel.ExchangeProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The sync state in the data folder ({@value #FILE_NAME}): the last day whose files are all in place, and when a
 * sync last succeeded. It moves only forward, only after a whole planned window is written, and only when that
 * window joins on to what was synced before: a failed window leaves it where it was, so the next run redoes it.
 */
public class SyncState {

    public static final String FILE_NAME = "sync-state.json";
    /** The exchange property that holds the window being synced. */
    public static final String WINDOW = "syncWindow";
    /** The exchange property that holds the last fully synced day when the run started (null: never). */
    public static final String LAST_SYNCED_DAY = "lastSyncedDay";

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record State(@JsonProperty("last_synced_day") LocalDate lastSyncedDay,
                        @JsonProperty("last_success") Instant lastSuccess,
                        @JsonProperty("hrv_mode") String hrvMode) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Path dataDir = Path.of("data");
    private Clock clock = Clock.systemUTC();
    private String hrvMode = HrvMode.SAMPLES.key();

    public void setHrvMode(String hrvMode) {
        this.hrvMode = HrvMode.of(hrvMode).key();
    }

    /**
     * Refuses to mix HRV modes in one data folder: Apple Health would average 5-minute samples and nightly values
     * together. A state written before modes existed holds samples.
     */
    public void checkHrvMode() {
        Optional<State> state = read();
        String stored = state.map(State::hrvMode).orElse(state.isPresent() ? HrvMode.SAMPLES.key() : hrvMode);
        if (!stored.equals(hrvMode)) {
            throw new IllegalArgumentException("sync.hrv-mode is " + hrvMode + " but " + dataDir
                    + " holds " + stored + " HRV: use another sync.data-dir, or delete its hrv folder and "
                    + FILE_NAME + " to rebuild it");
        }
    }

    public void setDataDir(String dataDir) {
        this.dataDir = Path.of(dataDir);
    }

    void setClock(Clock clock) {
        this.clock = clock;
    }

    public Path file() {
        return dataDir.resolve(FILE_NAME);
    }

    public Optional<State> read() {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file()), State.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(LocalFileException.cannot("read", "the sync state", file(), e));
        }
    }

    /** The last fully synced day, or null before the first sync. */
    public LocalDate lastSyncedDay() {
        return read().map(State::lastSyncedDay).orElse(null);
    }

    /**
     * Called once every file of {@code window} is in place: in the folder the run locked, which must still be there
     * (removed under the run, its files are not in place, and the state must not claim them).
     */
    public void windowDone(@ExchangeProperty(WINDOW) SyncWindow window,
                           @ExchangeProperty(SyncLock.HELD) SyncLock.Held held) throws IOException {
        checkInPlace(held);
        if (!window.advancesState()) {
            return;
        }
        State current = read().orElse(new State(null, null, hrvMode));
        LocalDate last = current.lastSyncedDay();
        boolean joins = last == null || !window.first().isAfter(last.plusDays(1));
        if (joins && (last == null || window.settles().isAfter(last))) {
            write(new State(window.settles(), current.lastSuccess(), hrvMode));
        }
    }

    /** Called when a whole sync succeeded, in the folder the run locked. */
    public void syncDone(@ExchangeProperty(SyncLock.HELD) SyncLock.Held held) throws IOException {
        checkInPlace(held);
        State current = read().orElse(new State(null, null, hrvMode));
        write(new State(current.lastSyncedDay(), clock.instant(), hrvMode));
    }

    private static void checkInPlace(SyncLock.Held held) throws IOException {
        if (held != null) {
            held.checkInPlace();
        }
    }

    /**
     * Replaces the state atomically, in the data folder as it is: never one made anew. Only the routes write it, and only while their run holds the data folder's
     * {@link SyncLock}: so no other write of it can be under way, and what a killed run left under a temporary name
     * ({@code .sync-state.json<digits>.tmp}, between creating it and renaming it) can safely go first. Without this
     * every unlucky kill leaves one more of them in the data folder for good.
     */
    private void write(State state) throws IOException {
        AtomicFiles.deleteLeftoverTemps(file());
        AtomicFiles.write(file(), JSON.writeValueAsBytes(state), null);
    }
}
