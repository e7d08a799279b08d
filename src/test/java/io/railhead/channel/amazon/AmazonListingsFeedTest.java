package io.railhead.channel.amazon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.railhead.inventory.StockChannel;
import io.railhead.inventory.StockPushItem;
import io.railhead.inventory.StockPushResult;
import io.railhead.inventory.StockPushResult.Outcome;
import io.railhead.support.ShippedDefaults;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A push of more SKUs than {@code listings-feed-threshold} as one {@code JSON_LISTINGS_FEED}, against a Feeds
 * API shaped by the official models ({@code ../shared/specs/amazon-sp-api/feeds_2021-06-30.json}, the listings
 * feed and processing report schemas): the feed content is valid against the listings feed schema, it is
 * uploaded to the presigned URL without SP-API credentials, the status is followed to DONE, and the GZIP
 * report's ERROR issues refuse just their SKUs.
 */
class AmazonListingsFeedTest {

    static final WireMockServer AMAZON = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));
    static final ObjectMapper JSON = new ObjectMapper();

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeAll
    static void start() {
        AMAZON.start();
    }

    @AfterAll
    static void stop() {
        AMAZON.stop();
    }

    @BeforeEach
    void reset() {
        AMAZON.resetAll();
        AMAZON.stubFor(post(urlPathEqualTo("/auth/o2/token"))
                .willReturn(okJson("{\"access_token\":\"Atza|stock\",\"token_type\":\"bearer\",\"expires_in\":3600}")));
        AMAZON.stubFor(post(urlPathEqualTo("/feeds/2021-06-30/documents"))
                .willReturn(okJson("{\"feedDocumentId\":\"doc-in-1\",\"url\":\"" + AMAZON.baseUrl() + "/s3/doc-in-1?X-Amz-Signature=abc\"}")));
        AMAZON.stubFor(put(urlPathEqualTo("/s3/doc-in-1")).willReturn(aResponse().withStatus(200)));
        AMAZON.stubFor(post(urlPathEqualTo("/feeds/2021-06-30/feeds")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"feedId\":\"50014019912\"}")));
    }

    private AmazonStockPush target(String threshold) {
        Map<String, Object> m = new HashMap<>();
        m.put("railhead.channels.amazon.endpoint", AMAZON.baseUrl());
        m.put("railhead.channels.amazon.token-url", AMAZON.baseUrl() + "/auth/o2/token");
        m.put("railhead.channels.amazon.client-id", "amzn1.application-oa2-client.test");
        m.put("railhead.channels.amazon.client-secret", "test-lwa-secret");
        m.put("railhead.channels.amazon.refresh-token", "Atzr|test-refresh");
        m.put("railhead.channels.amazon.seller-id", "A2SELLER9X");
        m.put("railhead.channels.amazon.marketplace-ids", "ATVPDKIKX0DER");
        m.put("railhead.channels.amazon.listings-feed-threshold", threshold);
        m.put("railhead.channels.amazon.feed-poll-interval", "50ms");
        m.put("railhead.channels.amazon.feed-timeout", "2s");
        return new AmazonStockPush(ShippedDefaults.bind(AmazonProperties.class, m), metrics);
    }

    private static StockChannel channel() {
        return new StockChannel("amazon", "amazon", List.of("WH1"), 0, 100, null, true, null, Map.of("productType", "LUGGAGE"));
    }

    private static List<StockPushItem> items() {
        return List.of(new StockPushItem("OUR-1", "AMZ-1", null, 7, null), new StockPushItem("OUR-2", "AMZ-2", null, 0, null),
                new StockPushItem("OUR-3", "AMZ-3", null, 12, 3));
    }

    private static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private void feedStatuses(String... statuses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < statuses.length; i++) {
            String next = i + 1 < statuses.length ? "look-" + (i + 1) : state;
            String body = "{\"feedId\":\"50014019912\",\"feedType\":\"JSON_LISTINGS_FEED\",\"createdTime\":\"2026-12-02T10:00:00Z\","
                    + "\"processingStatus\":\"" + statuses[i] + "\""
                    + (statuses[i].equals("DONE") || statuses[i].equals("FATAL") ? ",\"resultFeedDocumentId\":\"doc-out-1\"" : "") + "}";
            AMAZON.stubFor(get(urlPathEqualTo("/feeds/2021-06-30/feeds/50014019912")).inScenario("feed")
                    .whenScenarioStateIs(state).willSetStateTo(next).willReturn(okJson(body)));
            state = next;
        }
    }

    private void report(String json) throws Exception {
        AMAZON.stubFor(get(urlPathEqualTo("/feeds/2021-06-30/documents/doc-out-1")).willReturn(okJson(
                "{\"feedDocumentId\":\"doc-out-1\",\"url\":\"" + AMAZON.baseUrl() + "/s3/doc-out-1\",\"compressionAlgorithm\":\"GZIP\"}")));
        AMAZON.stubFor(get(urlPathEqualTo("/s3/doc-out-1")).willReturn(aResponse().withStatus(200).withBody(gzip(json))));
    }

    @Test
    void moreSkusThanTheThresholdGoAsOneListingsFeedAndTheReportRefusesOnlyTheSkusWithErrors() throws Exception {
        feedStatuses("IN_QUEUE", "IN_PROGRESS", "DONE");
        report("""
                {"header":{"sellerId":"A2SELLER9X","version":"2.0","feedId":"50014019912"},
                 "issues":[{"messageId":2,"sku":"AMZ-2","code":"90220","severity":"ERROR","message":"'[batteries_required]' is required but not supplied."},
                           {"messageId":3,"sku":"AMZ-3","code":"18027","severity":"WARNING","message":"a warning only"}],
                 "summary":{"errors":1,"warnings":1,"messagesProcessed":3,"messagesAccepted":2,"messagesInvalid":1}}""");

        Map<String, StockPushResult> results = target("2").push(channel(), items()).stream()
                .collect(Collectors.toMap(StockPushResult::sku, Function.identity()));

        assertThat(results.get("OUR-1").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(results.get("OUR-3").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(results.get("OUR-2").outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(results.get("OUR-2").message()).contains("50014019912").contains("90220").contains("batteries_required");
        AMAZON.verify(0, patchRequestedFor(urlPathMatching("/listings/.*")));
        AMAZON.verify(postRequestedFor(urlPathEqualTo("/feeds/2021-06-30/documents"))
                .withHeader("x-amz-access-token", equalTo("Atza|stock"))
                .withRequestBody(equalToJson("{\"contentType\":\"application/json; charset=UTF-8\"}")));
        AMAZON.verify(putRequestedFor(urlPathEqualTo("/s3/doc-in-1")).withHeader("x-amz-access-token", absent())
                .withHeader("Content-Type", equalTo("application/json; charset=UTF-8")));
        AMAZON.verify(postRequestedFor(urlPathEqualTo("/feeds/2021-06-30/feeds")).withRequestBody(equalToJson(
                "{\"feedType\":\"JSON_LISTINGS_FEED\",\"inputFeedDocumentId\":\"doc-in-1\",\"marketplaceIds\":[\"ATVPDKIKX0DER\"]}")));

        String uploaded = AMAZON.findAll(putRequestedFor(urlPathEqualTo("/s3/doc-in-1"))).get(0).getBodyAsString();
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(Path.of("src/test/resources/specs/amazon-sp-api/listings-feed-schema-v2.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        assertThat(schema.validate(JSON.readTree(uploaded))).isEmpty();
        assertThat(JSON.readTree(uploaded).at("/messages/2")).isEqualTo(JSON.readTree("""
                {"messageId":3,"sku":"AMZ-3","operationType":"PATCH","productType":"LUGGAGE",
                 "patches":[{"op":"replace","path":"/attributes/fulfillment_availability",
                             "value":[{"fulfillment_channel_code":"DEFAULT","quantity":12}]}]}"""));
        assertThat(JSON.readTree(uploaded).at("/header/sellerId").asText()).isEqualTo("A2SELLER9X");
    }

    @Test
    void aFatalFeedLeavesEverySkuToBePushedAgainWithTheReportsReason() throws Exception {
        feedStatuses("IN_PROGRESS", "FATAL");
        report("{\"header\":{\"sellerId\":\"A2SELLER9X\",\"version\":\"2.0\",\"feedId\":\"50014019912\"},"
                + "\"issues\":[{\"code\":\"4000003\",\"severity\":\"ERROR\",\"message\":\"The feed could not be read.\"}]}");

        List<StockPushResult> results = target("2").push(channel(), items());

        assertThat(results).extracting(StockPushResult::outcome).containsOnly(Outcome.RETRY);
        assertThat(results.get(0).message()).contains("FATAL").contains("The feed could not be read");
    }

    @Test
    void aFeedThatNeverFinishesIsGivenUpAfterTheTimeoutAndItsSkusRetried() throws Exception {
        feedStatuses("IN_QUEUE");
        List<StockPushResult> results = target("2").push(channel(), items());
        assertThat(results).extracting(StockPushResult::outcome).containsOnly(Outcome.RETRY);
        assertThat(results.get(0).message()).contains("still IN_QUEUE after PT2S");
    }

    @Test
    void atOrBelowTheThresholdEachSkuIsPatched() throws Exception {
        AMAZON.stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(urlPathMatching("/listings/.*"))
                .willReturn(okJson("{\"sku\":\"x\",\"status\":\"ACCEPTED\",\"submissionId\":\"s\",\"issues\":[]}")));
        target("3").push(channel(), items());
        AMAZON.verify(3, patchRequestedFor(urlPathMatching("/listings/.*")).withRequestBody(containing("LUGGAGE")));
        AMAZON.verify(0, postRequestedFor(urlPathEqualTo("/feeds/2021-06-30/feeds")));
    }
}
