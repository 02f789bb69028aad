package dev.ourahrvsync.cli;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ourahrvsync.SyncTestSupport;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** A WireMock Oura for tests that run the jar as a process: the recorded nights, 10 a page, and one rotation. */
final class WireMockOura {

    private final WireMockServer server;

    WireMockOura() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(post("/oauth/token").withRequestBody(containing("refresh_token=it-seed-refresh"))
                .willReturn(okJson("{\"access_token\":\"it-access-1\",\"refresh_token\":\"it-refresh-1\","
                        + "\"expires_in\":86400,\"token_type\":\"bearer\",\"scope\":\"personal daily heartrate\"}")));
        SyncTestSupport.serveSleepPages(server, SyncTestSupport.recordedDocuments(), 10);
    }

    WireMockServer server() {
        return server;
    }

    Map<String, String> properties() {
        String base = "http://127.0.0.1:" + server.port();
        return Map.of("oura.api-url", base, "oura.token-url", base + "/oauth/token");
    }

    void stop() {
        server.stop();
    }
}
