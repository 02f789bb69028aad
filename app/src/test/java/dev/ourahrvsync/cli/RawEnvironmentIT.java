package dev.ourahrvsync.cli;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar takes secrets and paths from the environment exactly as given: a {@code {{...}}} in them is not a Camel
 * placeholder, so a client secret is sent unaltered and a data folder named after a secret's placeholder is a
 * folder of that literal name, which no line of output turns into the secret.
 */
public class RawEnvironmentIT {

    /** A placeholder, an escaped one and a backslash: Camel would resolve, fail on or unescape each. */
    public static final String SECRET = "it-raw{{x}}secret\\{{y}}-8d0";

    @TempDir
    Path workDir;

    @Test
    void aSecretWithPlaceholdersIsSentVerbatimAndADataFolderNamedAfterOneIsThatLiteralFolder() throws Exception {
        WireMockOura oura = new WireMockOura();
        try {
            Path dataDir = workDir.resolve("data-{{oura.client-secret}}");
            Path tokenFile = workDir.resolve("config-{{oura.refresh-token}}/tokens.json");
            Map<String, String> environment = new HashMap<>(Map.of("OURA_CLIENT_SECRET", SECRET,
                    "OURA_REFRESH_TOKEN", "it-seed-refresh", "OURA_CLIENT_ID", "it-client",
                    "SYNC_DATA_DIR", dataDir.toString(), "OURA_TOKEN_FILE", tokenFile.toString()));

            JarProcess.Result result = JarProcess.run(oura.properties(), environment, workDir, "sync", "--from",
                    "2024-10-10", "--to", "2024-10-12");

            assertEquals(0, result.exitCode(), result.stderr());
            List<LoggedRequest> posts = oura.server().findAll(postRequestedFor(urlPathEqualTo("/oauth/token")));
            assertEquals(1, posts.size());
            assertEquals(SECRET, posts.get(0).formParameter("client_secret").firstValue());
            assertTrue(Files.isRegularFile(dataDir.resolve("hrv/2024/10/2024-10-10_sleep-hrv.json")),
                    result.stdout());
            assertTrue(Files.readString(tokenFile).contains("it-refresh-1"), "the rotated pair is stored there");
            assertTrue(result.stdout().contains("files in " + dataDir), result.stdout());
            String output = result.stdout() + result.stderr();
            for (String secret : List.of(SECRET, URLEncoder.encode(SECRET, StandardCharsets.UTF_8),
                    "it-seed-refresh", "it-refresh-1")) {
                assertFalse(output.contains(secret), secret + " in " + output);
            }
            try (Stream<Path> paths = Files.walk(workDir)) {
                assertFalse(paths.anyMatch(path -> path.toString().contains("it-raw")
                        || path.toString().contains("it-seed-refresh")), "no secret in a file or folder name");
            }
        } finally {
            oura.stop();
        }
    }

    @Test
    void aPathThatHoldsASecretIsNeverEchoed() throws Exception {
        Path tokenFile = workDir.resolve("tokens-" + SECRET + "/tokens.json");
        Map<String, String> environment = Map.of("OURA_CLIENT_SECRET", SECRET, "OURA_TOKEN_FILE", tokenFile.toString(),
                "SYNC_DATA_DIR", workDir.resolve("data").toString());

        JarProcess.Result result = JarProcess.run(Map.of(), environment, workDir, "status");

        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stdout().contains("Token store:"), result.stdout());
        assertFalse((result.stdout() + result.stderr()).contains(SECRET), result.stdout());
    }
}
