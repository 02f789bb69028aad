package dev.ourahrvsync.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenStoreTest {

    @TempDir
    Path dir;

    @Test
    void aWrittenPairReadsBackAndIsOwnerOnly() throws Exception {
        TokenStore store = new TokenStore(dir.resolve("config/oura/tokens.json"));
        StoredTokens tokens = new StoredTokens("access-x", "refresh-x", Instant.parse("2030-01-01T00:00:00Z"),
                "personal daily", Instant.parse("2029-12-31T00:00:00Z"));

        store.write(tokens);

        assertEquals(tokens, store.read().orElseThrow());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        assertEquals("rwx------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file().getParent())));
        try (var files = Files.list(store.file().getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aWriteUnderTheLockDeletesWhatKilledWritesLeftAndNothingElse() throws Exception {
        TokenStore store = new TokenStore(dir.resolve("config/tokens.json"));
        StoredTokens tokens = new StoredTokens("access-z", "refresh-z", Instant.parse("2030-01-01T00:00:00Z"),
                "personal", Instant.parse("2029-12-31T00:00:00Z"));
        store.write(tokens);
        Path folder = store.file().getParent();
        // what a write killed between creating its temporary file and renaming it leaves behind
        List<String> leftovers = List.of(".tokens.json123.tmp", ".tokens.json18446744073709551615.tmp");
        // neighbours that only look alike: the authorize command's state file and its own temporary file, others
        List<String> neighbours = List.of("tokens.json.lock", "tokens.json.authorize-state",
                ".tokens.json.authorize-state42.tmp", ".tokens.jsonx.tmp", ".tokens.json12.part", "tokens.json123.tmp",
                ".other.json7.tmp");
        for (String name : concat(leftovers, neighbours)) {
            Files.writeString(folder.resolve(name), "{\"refresh_token\": \"refresh-old\"}");
        }

        store.write(tokens);
        assertEquals(Set.copyOf(concat(List.of("tokens.json"), concat(leftovers, neighbours))), names(folder),
                "a write without the lock cannot know that no other process is half way: it deletes nothing");

        store.withLock(() -> {
            store.write(tokens);
            return null;
        });
        assertEquals(Set.copyOf(concat(List.of("tokens.json"), neighbours)), names(folder));
        assertEquals(tokens, store.read().orElseThrow());
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }

    private static Set<String> names(Path folder) throws Exception {
        try (var files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void anAbsentOrEmptyStoreIsEmptyAndAnUnreadableOneNeverQuotesItsContent() throws Exception {
        TokenStore store = new TokenStore(dir.resolve("tokens.json"));
        assertTrue(store.read().isEmpty());
        Files.writeString(store.file(), "");
        assertTrue(store.read().isEmpty());

        Files.writeString(store.file(), "{\"access_token\": \"secret-abc\", broken");
        TokenStoreException failure = assertThrows(TokenStoreException.class, store::read);
        assertFalse(failure.getMessage().contains("secret-abc"));
    }

    @Test
    void toStringNeverShowsATokenAndValidityKeepsAMargin() {
        StoredTokens tokens = new StoredTokens("access-y", "refresh-y", Instant.parse("2030-01-01T00:10:00Z"),
                "personal", Instant.parse("2029-12-31T00:00:00Z"));

        assertFalse(tokens.toString().contains("access-y"));
        assertFalse(tokens.toString().contains("refresh-y"));
        assertTrue(tokens.isValidFor(java.time.Duration.ofMinutes(5), Instant.parse("2030-01-01T00:00:00Z")));
        assertFalse(tokens.isValidFor(java.time.Duration.ofMinutes(10), Instant.parse("2030-01-01T00:00:00Z")));
    }
}
