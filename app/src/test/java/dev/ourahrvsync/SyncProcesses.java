package dev.ourahrvsync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ourahrvsync.auth.StoredTokens;
import dev.ourahrvsync.auth.TokenStore;
import dev.ourahrvsync.demo.OuraStandIn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a real {@code sync} process needs to read a generated history from the stand-in Oura without ever refreshing
 * a token: a token store holding an access token the stand-in accepts, the settings as -D options, the client
 * secret in the environment.
 */
public final class SyncProcesses {

    public static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    public static final String ACCESS_TOKEN = "child-access-5e1c";
    public static final String CLIENT_SECRET = "child-client-secret-93b0";
    /** The period types the default {@code sync.sleep-types} writes. */
    private static final Set<String> WRITTEN_TYPES = Set.of("long_sleep", "sleep", "late_nap");

    private SyncProcesses() {
    }

    /** Stores a pair whose access token works for two more hours, and lets the stand-in accept it. */
    public static void storeValidTokens(Path tokenFile, OuraStandIn standIn) {
        new TokenStore(tokenFile).write(new StoredTokens(ACCESS_TOKEN, "child-refresh-unused",
                Instant.now().plus(Duration.ofHours(2)), "personal", Instant.now()));
        standIn.acceptAccessToken(ACCESS_TOKEN);
    }

    /** The -D settings of a {@code sync} that backfills from {@code start} into {@code dataDir}. */
    public static Map<String, String> properties(String baseUrl, Path tokenFile, Path dataDir, LocalDate start,
                                                 int windowDays) {
        Map<String, String> properties = new HashMap<>();
        properties.put("oura.token-file", tokenFile.toString());
        properties.put("oura.api-url", baseUrl);
        properties.put("oura.token-url", baseUrl + "/oauth/token");
        properties.put("oura.client-id", "child-client");
        properties.put("sync.data-dir", dataDir.toString());
        properties.put("sync.start-date", start.toString());
        properties.put("sync.window-days", Integer.toString(windowDays));
        properties.put("sync.zone", ZONE.getId());
        return properties;
    }

    /** How many times a process holds {@code file} open now (its /proc fd links); 0 where /proc does not tell. */
    public static long openCount(long pid, Path file) throws IOException {
        Path real = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        } catch (NoSuchFileException ended) {
            return 0;
        }
    }

    /** A process's peak resident set so far (VmHWM), in kB; 0 where /proc does not tell. */
    public static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process just ended
        }
        return 0;
    }

    public static Map<String, String> environment() {
        return Map.of("OURA_CLIENT_SECRET", CLIENT_SECRET);
    }

    /**
     * The days that must get an HRV file, worked out from the documents alone: a period of a written type with at
     * least one positive HRV item.
     */
    public static SortedSet<LocalDate> daysWithHrv(Iterable<JsonNode> documents) {
        SortedSet<LocalDate> days = new TreeSet<>();
        for (JsonNode document : documents) {
            if (!WRITTEN_TYPES.contains(document.path("type").asText())) {
                continue;
            }
            for (JsonNode item : document.path("hrv").path("items")) {
                if (item.isNumber() && item.asDouble() > 0) {
                    days.add(LocalDate.parse(document.path("day").asText()));
                    break;
                }
            }
        }
        return days;
    }
}
