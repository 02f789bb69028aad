package dev.ourahrvsync;

import dev.ourahrvsync.cli.StandaloneTestSupport;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets and paths given from outside application.properties (here as overrides, as the route tests and the demo
 * give them) are used exactly as given: a {@code {{...}}} in them is text, not a placeholder. Values written in
 * application.properties are still expanded.
 */
class RawSettingsTest extends StandaloneTestSupport {

    /** A placeholder, an escaped one and a backslash: Camel would resolve, fail on or unescape each. */
    static final String SECRET = "raw{{x}}secret\\{{y}}-5e1";
    static final String DATA_FOLDER = "data-{{oura.client-secret}}";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("oura.client-secret", SECRET);
        properties.put("sync.data-dir", workDir.resolve(DATA_FOLDER).toString());
        return properties;
    }

    @Test
    void aSecretAndADataFolderWithPlaceholdersInThemAreUsedVerbatim() throws Exception {
        tokenEndpointRotates(SEED_REFRESH_TOKEN, "access-1", "refresh-1", 86400);
        serveSleepPages(recordedDocuments(), 48);

        syncOk("2024-10-10", "2024-10-12");

        List<LoggedRequest> posts = OURA.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        assertEquals(1, posts.size());
        assertEquals(SECRET, posts.get(0).formParameter("client_secret").firstValue());
        Path folder = workDir.resolve(DATA_FOLDER);
        assertTrue(Files.isRegularFile(folder.resolve("hrv/2024/10/2024-10-10_sleep-hrv.json")), folder.toString());
        assertEquals(folder.toString(), context.resolvePropertyPlaceholders("{{sync.data-dir}}"));
        try (Stream<Path> paths = Files.walk(workDir)) {
            assertFalse(paths.anyMatch(path -> path.toString().contains("raw{{x}}")),
                    "the secret is in no file or folder name");
        }
    }

    @Test
    void valuesWrittenInThePropertiesFileAreStillExpanded() {
        // camel.server.port = {{serve.port}}, serve.active = {{serve.enabled}}
        assertEquals("8787", context.resolvePropertyPlaceholders("{{camel.server.port}}"));
        assertEquals("false", context.resolvePropertyPlaceholders("{{serve.active}}"));
        assertEquals(System.getProperty("user.home") + "/x",
                context.resolvePropertyPlaceholders("{{sys:user.home}}/x"));
        assertEquals("[" + SECRET + "]", context.resolvePropertyPlaceholders("[{{oura.client-secret}}]"));
    }
}
