package dev.ourahrvsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** A WireMock Oura for tests that run the jar as a process: the recorded nights, 10 a page, and one rotation. */
final class WireMockOura {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final WireMockServer server;

    WireMockOura() throws IOException {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(post("/oauth/token").withRequestBody(containing("refresh_token=it-seed-refresh"))
                .willReturn(okJson("{\"access_token\":\"it-access-1\",\"refresh_token\":\"it-refresh-1\","
                        + "\"expires_in\":86400,\"token_type\":\"bearer\",\"scope\":\"personal daily heartrate\"}")));
        List<JsonNode> documents = new ArrayList<>();
        try (InputStream in = WireMockOura.class.getResourceAsStream("/oura/sleep-recorded-2024-10.json")) {
            JSON.readTree(in).path("data").forEach(documents::add);
        }
        int pages = (documents.size() + 9) / 10;
        for (int page = 0; page < pages; page++) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode data = body.putArray("data");
            documents.subList(page * 10, Math.min(documents.size(), page * 10 + 10)).forEach(data::add);
            body.put("next_token", page + 1 < pages ? "p" + (page + 1) : null);
            server.stubFor(get(urlPathEqualTo("/v2/usercollection/sleep"))
                    .withHeader("Authorization", equalTo("Bearer it-access-1"))
                    .withQueryParam("next_token", page == 0 ? absent() : equalTo("p" + page))
                    .willReturn(okJson(body.toString())));
        }
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
