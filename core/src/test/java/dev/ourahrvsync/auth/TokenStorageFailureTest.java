package dev.ourahrvsync.auth;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ourahrvsync.sync.ExitCode;
import dev.ourahrvsync.oura.CallLimits;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A token store that cannot take the new pair, with the production {@link OuraTokens} against a WireMock token
 * endpoint: the store's probe and its writes are made to fail on cue (a real full disk: {@code TokenFolderFullIT}).
 * A failed probe sends nothing; a pair that could not be written is kept in memory, used, and saved at a later use.
 */
class TokenStorageFailureTest {

    private static final String TOKEN_PATH = "/oauth/token";
    private static final String OLD_ACCESS = "storage-access-0-expired";
    private static final String OLD_REFRESH = "storage-refresh-0";
    private static final String NEW_ACCESS = "storage-access-1";
    private static final String NEW_REFRESH = "storage-refresh-1";

    @TempDir
    Path dir;

    private final WireMockServer oura = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final DefaultCamelContext camel = new DefaultCamelContext();
    /** How many more probes, and writes, of the store fail. */
    private final AtomicInteger failingProbes = new AtomicInteger();
    private final AtomicInteger failingWrites = new AtomicInteger();
    private Path tokenFile;
    private OuraTokens tokens;

    /** The real store, but for the probes and writes told to fail, as a full disk fails them. */
    private final class FullDiskStore extends TokenStore {

        FullDiskStore(Path file) {
            super(file);
        }

        @Override
        public void requireRoom() {
            if (failingProbes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new TokenStoreException("the token folder " + file().getParent() + " cannot take a new token"
                        + " pair (No space left on device), so nothing was sent to Oura");
            }
            super.requireRoom();
        }

        @Override
        public void write(StoredTokens pair) {
            if (failingWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new TokenStoreException("cannot write the token file " + file() + ": No space left on"
                        + " device");
            }
            super.write(pair);
        }
    }

    @BeforeEach
    void anExpiredPairAndATokenEndpointThatRotatesItOnce() {
        oura.start();
        oura.stubFor(post(TOKEN_PATH).withRequestBody(containing("refresh_token=" + OLD_REFRESH))
                .willReturn(okJson("{\"access_token\":\"" + NEW_ACCESS + "\",\"refresh_token\":\"" + NEW_REFRESH
                        + "\",\"expires_in\":86400,\"scope\":\"personal daily\"}")));
        camel.start();
        tokenFile = dir.resolve("config/tokens.json");
        new TokenStore(tokenFile).write(new StoredTokens(OLD_ACCESS, OLD_REFRESH, Instant.now().minusSeconds(60),
                "personal daily", Instant.now().minusSeconds(86_400)));
        tokens = new OuraTokens() {
            @Override
            public TokenStore store() {
                return new FullDiskStore(tokenFile);
            }
        };
        // the limits every call to Oura carries, as routes/beans.camel.yaml declares them
        camel.getRegistry().bind("ouraCallLimits", new CallLimits());
        tokens.setCamelContext(camel);
        tokens.setTokenFile(tokenFile.toString());
        tokens.setTokenUrl("http://127.0.0.1:" + oura.port() + TOKEN_PATH);
        tokens.setClientId("storage-client");
        tokens.setClientSecret("storage-secret");
    }

    @AfterEach
    void stop() {
        camel.stop();
        oura.stop();
    }

    @Test
    void aFolderThatCannotTakeThePairSendsNoRefreshTokenAndLeavesTheStoreAsItWas() throws Exception {
        byte[] before = Files.readAllBytes(tokenFile);
        failingProbes.set(1);

        TokenStoreException failure = assertThrows(TokenStoreException.class, tokens::accessToken);

        assertEquals(ExitCode.LOCAL_IO_FAILURE, ExitCode.of(failure));
        assertTrue(failure.getMessage().contains(tokenFile.getParent().toString()), failure.getMessage());
        assertEquals(0, posts(), "the refresh token was not spent");
        assertArrayEquals(before, Files.readAllBytes(tokenFile));
        assertEquals(NEW_ACCESS, tokens.accessToken(), "once there is room, the same refresh token works");
        assertEquals(1, posts());
    }

    @Test
    void aPairTheStoreCannotTakeIsKeptInMemoryAndSavedAtTheNextUse() throws Exception {
        failingWrites.set(1);

        TokenStoreException failure = assertThrows(TokenStoreException.class, tokens::accessToken);

        assertEquals(ExitCode.LOCAL_IO_FAILURE, ExitCode.of(failure));
        String line = failure.getMessage();
        assertTrue(line.contains("cannot write the token file " + tokenFile + ": No space left on device"), line);
        assertTrue(line.contains("the new token pair could not be saved"), line);
        assertTrue(line.contains("'java -jar target/oura-hrv-sync.jar authorize' may be needed"), line);
        assertFalse(line.contains(NEW_REFRESH) || line.contains(NEW_ACCESS), line);
        assertEquals(OLD_REFRESH, storedRefreshToken());
        assertEquals(NEW_REFRESH, tokens.stored().orElseThrow().refreshToken(), "this process knows the new pair");

        assertEquals(NEW_ACCESS, tokens.accessToken());

        assertEquals(NEW_REFRESH, storedRefreshToken(), "saved at the next use");
        assertEquals(1, posts(), "the old refresh token was spent once, the new one not at all");
    }

    @Test
    void whileTheStoreStillCannotTakeItThePairInMemoryIsUsedAndNeverSpentAgain() throws Exception {
        failingWrites.set(3);
        assertThrows(TokenStoreException.class, tokens::accessToken);

        assertEquals(NEW_ACCESS, tokens.accessToken());
        assertEquals(NEW_ACCESS, tokens.accessToken());

        assertEquals(OLD_REFRESH, storedRefreshToken());
        assertEquals(1, posts());
        assertEquals(0, failingWrites.get(), "each use tried to save it");
        assertEquals(NEW_ACCESS, tokens.accessToken());
        assertEquals(NEW_REFRESH, storedRefreshToken(), "saved once the store takes it");
    }

    @Test
    void aPairAnotherAuthorizeStoredMeanwhileWinsOverTheOneInMemory() throws Exception {
        failingWrites.set(1);
        assertThrows(TokenStoreException.class, tokens::accessToken);
        StoredTokens authorized = new StoredTokens("storage-access-9", "storage-refresh-9",
                Instant.now().plusSeconds(86_400), "personal daily", Instant.now());
        new TokenStore(tokenFile).write(authorized);

        assertEquals("storage-access-9", tokens.accessToken());

        assertEquals(authorized, new TokenStore(tokenFile).read().orElseThrow());
        assertEquals(authorized, tokens.stored().orElseThrow());
    }

    private String storedRefreshToken() {
        return new TokenStore(tokenFile).read().orElseThrow().refreshToken();
    }

    private int posts() {
        return oura.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))).size();
    }
}
