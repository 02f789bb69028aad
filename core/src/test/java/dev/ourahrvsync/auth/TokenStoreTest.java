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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    @Test
    void aProbeLeavesTheFolderAsItWasAndCreatesAMissingOneOwnerOnly() throws Exception {
        TokenStore fresh = new TokenStore(dir.resolve("new/config/tokens.json"));
        fresh.withLock(() -> {
            fresh.requireRoom();
            return null;
        });
        assertEquals(Set.of("tokens.json.lock"), names(fresh.file().getParent()));
        assertEquals("rwx------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.file().getParent())));

        TokenStore store = new TokenStore(dir.resolve("config/tokens.json"));
        StoredTokens tokens = new StoredTokens("access-p", "refresh-p", Instant.parse("2030-01-01T00:00:00Z"),
                "personal", Instant.parse("2029-12-31T00:00:00Z"));
        store.write(tokens);
        byte[] before = Files.readAllBytes(store.file());
        store.requireRoom();
        assertEquals(Set.of("tokens.json"), names(store.file().getParent()));
        assertArrayEquals(before, Files.readAllBytes(store.file()));
    }

    @Test
    void aFolderThatIsNotOneCannotTakeAPairAndTheFailureNamesIt() throws Exception {
        Files.writeString(dir.resolve("config"), "a file where the folder should be");
        TokenStore store = new TokenStore(dir.resolve("config/tokens.json"));

        TokenStoreException failure = assertThrows(TokenStoreException.class, store::requireRoom);

        assertTrue(failure.getMessage().startsWith("the token folder " + dir.resolve("config")
                + " cannot take a new token pair ("), failure.getMessage());
        assertTrue(failure.getMessage().contains("nothing was sent to Oura"), failure.getMessage());
    }

    @Test
    void realPathsFollowLinksOfTheExistingPartAndKeepTheRest() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path link = Files.createSymbolicLink(dir.resolve("config-link"), data);

        assertEquals(data.toRealPath().resolve("oura/tokens.json"), RealPaths.of(link.resolve("oura/tokens.json")));
        assertEquals(data.toRealPath().resolve("x"), RealPaths.of(link.resolve("missing/../x")));
        assertEquals(data.toRealPath(), RealPaths.of(link));
        assertEquals(dir.toRealPath().resolve("none/tokens.json"), RealPaths.of(dir.resolve("none/tokens.json")));
    }

    @Test
    void aTokenFileThatLeadsIntoTheDataFolderThroughALinkIsRefused() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/private"));
        Path config = Files.createSymbolicLink(dir.resolve("config"), data);
        Path dataLink = Files.createSymbolicLink(dir.resolve("data-link"), dir.resolve("data"));

        assertOutside(dir.resolve("elsewhere/tokens.json"), dir.resolve("data"));
        assertInside(config.resolve("tokens.json"), dir.resolve("data"));
        assertInside(dir.resolve("data/private/tokens.json"), dataLink);
        assertInside(config.resolve("tokens.json"), dataLink);
        assertOutside(dir.resolve("data-other/tokens.json"), dataLink);
    }

    private static void assertInside(Path tokenFile, Path dataDir) {
        OuraTokens tokens = new OuraTokens();
        tokens.setDataDir(dataDir.toString());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> tokens.setTokenFile(tokenFile.toString()));
        assertTrue(refused.getMessage().startsWith("oura.token-file must not be inside sync.data-dir"),
                refused.getMessage());
        // the other order of the settings too
        OuraTokens reversed = new OuraTokens();
        reversed.setTokenFile(tokenFile.toString());
        assertThrows(IllegalArgumentException.class, () -> reversed.setDataDir(dataDir.toString()));
    }

    private static void assertOutside(Path tokenFile, Path dataDir) {
        OuraTokens tokens = new OuraTokens();
        tokens.setDataDir(dataDir.toString());
        tokens.setTokenFile(tokenFile.toString());
        assertEquals(tokenFile.toAbsolutePath().normalize(), tokens.tokenFile());
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
