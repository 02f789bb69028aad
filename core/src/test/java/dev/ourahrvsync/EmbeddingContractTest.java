package dev.ourahrvsync;

import dev.ourahrvsync.auth.AuthorizationException;
import dev.ourahrvsync.sync.ExitCode;
import dev.ourahrvsync.sync.SyncBusyException;
import dev.ourahrvsync.sync.SyncLock;
import dev.ourahrvsync.sync.SyncState;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A host that already has a route {@code sync} on {@code direct:sync}, a route configuration {@code fail-fast} and
 * beans {@code syncState} and {@code failures} loads our routes and beans next to its own, and syncs through the
 * documented contract: {@code direct:oura-sync} with the {@code OuraSync*} headers, the summary line as the reply,
 * failures as typed exceptions that {@link ExitCode#of} maps. The names are written out here as README states them.
 */
class EmbeddingContractTest extends SyncTestSupport {

    private static final Path GOLDEN = Path.of("core/src/test/resources/golden/recorded-2024-10");
    private static final String HOST_REPLY = "the host's own sync";
    private static final String HOST_HANDLED = "handled by the host's fail-fast";

    private final Object hostState = new Object();
    private final Object hostFailures = new Object();

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        // no seed: what the token store holds is all there is
        properties.put("oura.refresh-token", "");
        return properties;
    }

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        super.bindToRegistry(registry);
        registry.bind("syncState", hostState);
        registry.bind("failures", hostFailures);
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        super.configure(configuration);
        configuration.addRoutesBuilder(new RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                routeConfiguration("fail-fast").onException(IllegalStateException.class).handled(true)
                        .setBody(constant(HOST_HANDLED));
            }
        });
        configuration.addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sync").routeId("sync").routeConfigurationId("fail-fast")
                        .choice()
                            .when(body().isEqualTo("fail")).throwException(new IllegalStateException("host failure"))
                            .otherwise().setBody(constant(HOST_REPLY));
            }
        });
    }

    @Test
    void aSyncThroughTheContractWritesTheGoldenFilesNextToTheHostsOwnRoutesAndBeans() throws Exception {
        storeTokens("access-1", "refresh-1", Instant.now().plus(Duration.ofDays(1)));
        serveSleepPages(recordedDocuments(), 7);

        String summary = template.requestBodyAndHeaders("direct:oura-sync", null,
                Map.of("OuraSyncFrom", "2024-10-10", "OuraSyncTo", "2024-11-02", "OuraSyncWait", false),
                String.class);

        // 24 days asked for, two of them without a night to write (2024-10-26/27)
        assertTrue(summary.matches("22 days written, 0 unchanged, 2 days without nights, 2054 samples, 7 API calls,"
                + " \\d+\\.\\d s"), summary);
        assertEquals(7, OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))).size());
        Map<String, byte[]> written = outputs(dataDir());
        Map<String, byte[]> expected = tree(GOLDEN);
        assertEquals(expected.keySet(), written.keySet());
        expected.forEach((path, bytes) -> assertArrayEquals(bytes, written.get(path), path));

        // the host's route, route configuration and beans are still its own
        assertEquals(HOST_REPLY, template.requestBody("direct:sync", "go", String.class));
        assertEquals(HOST_HANDLED, template.requestBody("direct:sync", "fail", String.class));
        assertSame(hostState, context.getRegistry().lookupByName("syncState"));
        assertSame(hostFailures, context.getRegistry().lookupByName("failures"));
        assertInstanceOf(SyncState.class, context.getRegistry().lookupByName("ouraSyncState"));
    }

    @Test
    void noTokensReachTheHostAsAnAuthorizationFailureThatMapsToExitThree() {
        CamelExecutionException failure = assertThrows(CamelExecutionException.class,
                () -> template.requestBodyAndHeaders("direct:oura-sync", null,
                        Map.of("OuraSyncFrom", "2024-10-10", "OuraSyncTo", "2024-10-12"), String.class));

        assertInstanceOf(AuthorizationException.class, failure.getCause());
        assertEquals(ExitCode.AUTHORIZATION_NEEDED, ExitCode.of(failure));
        assertEquals(0, OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))).size());
    }

    @Test
    void aSyncAlreadyRunningOnTheFolderMapsToExitSixAndAnUnreadableDateToExitTwo() throws Exception {
        storeTokens("access-1", "refresh-1", Instant.now().plus(Duration.ofDays(1)));
        SyncLock lock = new SyncLock();
        lock.setDataDir(dataDir().toString());
        SyncLock.Held held = lock.acquire(false);
        try {
            CamelExecutionException busy = assertThrows(CamelExecutionException.class,
                    () -> template.requestBodyAndHeaders("direct:oura-sync", null, Map.of(), String.class));
            assertInstanceOf(SyncBusyException.class, busy.getCause());
            assertEquals(ExitCode.SYNC_RUNNING, ExitCode.of(busy));
        } finally {
            lock.release(held);
        }

        CamelExecutionException badDate = assertThrows(CamelExecutionException.class,
                () -> template.requestBodyAndHeaders("direct:oura-sync", null, Map.of("OuraSyncFrom", "2024-13-01"),
                        String.class));
        assertEquals(ExitCode.BAD_CONFIGURATION, ExitCode.of(badDate));
        assertEquals(0, OURA.findAll(getRequestedFor(urlPathEqualTo(SLEEP_PATH))).size());
    }
}
