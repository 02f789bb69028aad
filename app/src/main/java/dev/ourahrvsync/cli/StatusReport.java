package dev.ourahrvsync.cli;

import dev.ourahrvsync.auth.StoredTokens;
import dev.ourahrvsync.sync.SyncState;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What {@code status} says: whether tokens are there and until when, the scopes, the last sync. Never a token. */
final class StatusReport {

    private StatusReport() {
    }

    static List<String> lines(Path tokenFile, Optional<StoredTokens> tokens, Optional<SyncState.State> state,
                              Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add("Token store:       " + tokenFile);
        if (tokens.isEmpty()) {
            lines.add("Tokens:            none: run 'java -jar target/oura-hrv-sync.jar authorize'");
        } else {
            StoredTokens pair = tokens.get();
            lines.add("Tokens:            access token " + present(pair.accessToken()) + ", refresh token "
                    + present(pair.refreshToken()));
            Instant expiresAt = pair.expiresAt();
            lines.add("Access token:      " + (expiresAt == null ? "expiry unknown"
                    : (expiresAt.isAfter(now) ? "valid until " + expiresAt + " (" + human(Duration.between(now,
                    expiresAt)) + " left)" : "expired at " + expiresAt + " (the next sync refreshes it)")));
            lines.add("Scopes granted:    " + (pair.scope() == null || pair.scope().isBlank() ? "not stated"
                    : pair.scope()));
        }
        SyncState.State sync = state.orElse(new SyncState.State(null, null, null));
        lines.add("Last sync:         " + (sync.lastSuccess() == null ? "never" : sync.lastSuccess().toString()));
        lines.add("Synced up to:      " + (sync.lastSyncedDay() == null ? "nothing yet" : sync.lastSyncedDay()));
        return lines;
    }

    private static String present(String token) {
        return token == null || token.isBlank() ? "missing" : "present";
    }

    private static String human(Duration left) {
        if (left.toDays() >= 1) {
            return left.toDays() + " d " + left.toHoursPart() + " h";
        }
        return left.toHours() + " h " + left.toMinutesPart() + " min";
    }
}
