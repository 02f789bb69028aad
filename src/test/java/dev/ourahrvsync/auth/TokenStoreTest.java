package dev.ourahrvsync.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

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
