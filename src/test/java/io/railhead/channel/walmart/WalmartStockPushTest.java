package io.railhead.channel.walmart;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.railhead.channel.walmart.WalmartSimulator.authorized;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.railhead.inventory.StockChannel;
import io.railhead.inventory.StockPushItem;
import io.railhead.inventory.StockPushResult;
import io.railhead.inventory.StockPushResult.Outcome;
import io.railhead.support.ShippedDefaults;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Walmart stock push against the simulator, shaped by the official models
 * ({@code ../shared/specs/walmart/us-mp-inventory.json}, {@code us-mp-feeds.json}): a few SKUs set one
 * by one with the required headers, more as one inventory feed whose item details (paged by 50) say
 * per SKU what became of it.
 */
class WalmartStockPushTest {

    static WireMockServer WALMART;
    static final String FEED_ID = "F129C19240844B97A3C6AD8F1A2C4997@AU8BAQA";
    static final String FEED_PATH = "/v3/feeds/F129C19240844B97A3C6AD8F1A2C4997%40AU8BAQA";

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeAll
    static void start() {
        WALMART = WalmartSimulator.start();
    }

    @AfterAll
    static void stop() {
        WALMART.stop();
    }

    @BeforeEach
    void reset() {
        WALMART.resetAll();
        WalmartSimulator.defaults(WALMART);
    }

    private WalmartStockPush target(String... extra) {
        Map<String, Object> m = new HashMap<>();
        m.put("railhead.channels.walmart.endpoint", WALMART.baseUrl());
        m.put("railhead.channels.walmart.client-id", WalmartSimulator.CLIENT_ID);
        m.put("railhead.channels.walmart.client-secret", WalmartSimulator.CLIENT_SECRET);
        m.put("railhead.channels.walmart.requests-per-second", "50");
        m.put("railhead.channels.walmart.feed-poll-interval", "50ms");
        m.put("railhead.channels.walmart.feed-timeout", "10s");
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                m.remove(extra[i]);
            } else {
                m.put(extra[i], extra[i + 1]);
            }
        }
        WalmartProperties properties = ShippedDefaults.bind(WalmartProperties.class, m);
        return new WalmartStockPush(properties, new WalmartClients(properties, metrics));
    }

    private static StockChannel channel(String account, Map<String, String> settings) {
        return new StockChannel("walmart-us", "walmart", List.of("WH1"), 0, 100, null, true, account, settings);
    }

    private static StockChannel channel() {
        return channel(null, Map.of());
    }

    private static StockPushItem item(String sku, String channelSku, int quantity) {
        return new StockPushItem(sku, channelSku, null, quantity, null);
    }

    private static Map<String, StockPushResult> bySku(List<StockPushResult> results) {
        return results.stream().collect(Collectors.toMap(StockPushResult::sku, Function.identity()));
    }

    private static String inventoryJson(String channelSku, int amount) {
        return "{\"sku\":\"" + channelSku + "\",\"quantity\":{\"unit\":\"EACH\",\"amount\":" + amount + "}}";
    }

    // --- a few SKUs: PUT /v3/inventory each ---

    @Test
    void fewItems_eachPut_withWalmartsHeaders_encodedSku_eachAndAmount() throws Exception {
        WALMART.stubFor(authorized(put(urlPathEqualTo("/v3/inventory"))).atPriority(10)
                .withHeader("Content-Type", containing("application/json"))
                .willReturn(okJson("{\"sku\":\"x\",\"quantity\":{\"unit\":\"EACH\",\"amount\":1}}")));

        List<StockPushResult> results = target().push(channel(),
                List.of(item("OUR-1", "WM-1", 12), item("OUR-2", "WM 2/b&c", 0)));

        assertThat(results).hasSize(2).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED));
        WALMART.verify(1, putRequestedFor(urlEqualTo("/v3/inventory?sku=WM-1"))
                .withHeader("WM_SEC.ACCESS_TOKEN", equalTo("wm-token-1"))
                .withHeader("WM_QOS.CORRELATION_ID", matching(WalmartSimulator.UUID_PATTERN))
                .withHeader("WM_SVC.NAME", equalTo(WalmartSimulator.SVC_NAME))
                .withRequestBody(equalToJson(inventoryJson("WM-1", 12))));
        WALMART.verify(1, putRequestedFor(urlEqualTo("/v3/inventory?sku=WM%202%2Fb%26c"))
                .withRequestBody(equalToJson(inventoryJson("WM 2/b&c", 0))));
        WALMART.verify(0, postRequestedFor(urlPathEqualTo("/v3/feeds")));
    }

    @Test
    void fewItems_aRefusedSkuIsRefusedAlone_withWalmartsError() throws Exception {
        WALMART.stubFor(authorized(put(urlPathEqualTo("/v3/inventory"))).atPriority(10)
                .willReturn(okJson("{}")));
        WALMART.stubFor(authorized(put(urlPathEqualTo("/v3/inventory"))).atPriority(5)
                .withQueryParam("sku", equalTo("NOPE"))
                .willReturn(WalmartSimulator.error(404, "CONTENT_NOT_FOUND.GMP_INVENTORY_API", "Item not found")));

        Map<String, StockPushResult> results = bySku(target().push(channel(),
                List.of(item("A", "WM-A", 1), item("N", "NOPE", 2), item("B", "WM-B", 3))));

        assertThat(results.get("N").outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(results.get("N").message()).contains("404").contains("Item not found");
        assertThat(results.get("A").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(results.get("B").outcome()).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void shipNodeFromTheChannelSetting() throws Exception {
        WALMART.stubFor(authorized(put(urlPathEqualTo("/v3/inventory"))).atPriority(10).willReturn(okJson("{}")));

        target().push(channel(null, Map.of("shipNode", "10000003527")), List.of(item("A", "WM-A", 1)));

        WALMART.verify(putRequestedFor(urlEqualTo("/v3/inventory?sku=WM-A&shipNode=10000003527")));
    }

    // --- more SKUs: one inventory feed ---

    private static ObjectNode detail(int index, String sku, String status, String errorType, String code,
                                     String description) {
        ObjectNode d = WalmartOrders.JSON.createObjectNode();
        d.put("martId", 0).put("sku", sku).put("index", index).put("ingestionStatus", status);
        if (errorType != null) {
            d.putObject("ingestionErrors").putArray("ingestionError").addObject().put("type", errorType)
                    .put("code", code).put("description", description);
        }
        return d;
    }

    private static String statusPage(String feedStatus, int received, int offset, List<ObjectNode> details) {
        ObjectNode root = WalmartOrders.JSON.createObjectNode();
        root.put("feedId", FEED_ID).put("feedStatus", feedStatus).put("feedSubmissionDate", 1568310803059L)
                .put("itemsReceived", received).put("itemsSucceeded", 0).put("itemsFailed", 0)
                .put("itemsProcessing", 0).put("offset", offset).put("limit", 50);
        ArrayNode list = root.putObject("itemDetails").putArray("itemIngestionStatus");
        details.forEach(list::add);
        return root.toString();
    }

    private void feedAccepted() {
        WALMART.stubFor(authorized(post(urlPathEqualTo("/v3/feeds"))).atPriority(10)
                .withQueryParam("feedType", equalTo("inventory"))
                .withHeader("Content-Type", containing("multipart/form-data"))
                .willReturn(okJson("{\"feedId\":\"" + FEED_ID + "\"}")));
    }

    @Test
    void manyItems_oneFeed_perSkuOutcomeFromTheItemDetails_allPagesRead() throws Exception {
        feedAccepted();
        int n = 55;
        List<StockPushItem> items = IntStream.range(0, n).mapToObj(i -> item("OUR-" + i, "WM-" + i, i)).toList();
        // Processing first; then processed: WM-52 has a data error (on the second page), WM-7 a system
        // error, WM-30 is not in the details at all, the rest succeeded.
        WALMART.stubFor(authorized(get(urlPathEqualTo(FEED_PATH))).atPriority(10).inScenario("feed")
                .whenScenarioStateIs(Scenario.STARTED).withQueryParam("includeDetails", equalTo("true"))
                .willReturn(okJson(statusPage("INPROGRESS", n, 0, List.of()))).willSetStateTo("processed"));
        List<ObjectNode> details = IntStream.range(0, n).filter(i -> i != 30).mapToObj(i -> i == 52
                ? detail(i, "WM-" + i, "DATA_ERROR", "DATA_ERROR", "ERR_EXT_DATA_0101", "Item not found for sku WM-52")
                : i == 7 ? detail(i, "WM-" + i, "SYSTEM_ERROR", "SYSTEM_ERROR", "ERR_INT_SYS_0001", "try later")
                : detail(i, "WM-" + i, "SUCCESS", null, null, null)).toList();
        WALMART.stubFor(authorized(get(urlPathEqualTo(FEED_PATH))).atPriority(10).inScenario("feed")
                .whenScenarioStateIs("processed").withQueryParam("offset", equalTo("0"))
                .withQueryParam("limit", equalTo("50")).withQueryParam("includeDetails", equalTo("true"))
                .willReturn(okJson(statusPage("PROCESSED", n, 0, details.subList(0, 50)))));
        WALMART.stubFor(authorized(get(urlPathEqualTo(FEED_PATH))).atPriority(10).inScenario("feed")
                .whenScenarioStateIs("processed").withQueryParam("offset", equalTo("50"))
                .withQueryParam("includeDetails", equalTo("true"))
                .willReturn(okJson(statusPage("PROCESSED", n, 50, details.subList(50, details.size())))));
        // Past the last detail: an empty page.
        WALMART.stubFor(authorized(get(urlPathEqualTo(FEED_PATH))).atPriority(11).inScenario("feed")
                .whenScenarioStateIs("processed").withQueryParam("includeDetails", equalTo("true"))
                .willReturn(okJson(statusPage("PROCESSED", n, 54, List.of()))));

        Map<String, StockPushResult> results = bySku(target().push(channel(), items));

        assertThat(results).hasSize(n);
        assertThat(results.get("OUR-52").outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(results.get("OUR-52").message()).contains("ERR_EXT_DATA_0101").contains("Item not found");
        assertThat(results.get("OUR-7").outcome()).isEqualTo(Outcome.RETRY);
        assertThat(results.get("OUR-30").outcome()).as("missing from a processed feed").isEqualTo(Outcome.ACCEPTED);
        assertThat(results.values().stream().filter(r -> r.outcome() == Outcome.ACCEPTED)).hasSize(n - 2);

        StringBuilder file = new StringBuilder("{\"InventoryHeader\":{\"version\":\"1.4\"},\"Inventory\":[");
        for (int i = 0; i < n; i++) {
            file.append(i == 0 ? "" : ",").append(inventoryJson("WM-" + i, i));
        }
        file.append("]}");
        WALMART.verify(1, postRequestedFor(urlEqualTo("/v3/feeds?feedType=inventory"))
                .withHeader("WM_SEC.ACCESS_TOKEN", equalTo("wm-token-1"))
                .withHeader("WM_SVC.NAME", equalTo(WalmartSimulator.SVC_NAME))
                .withHeader("WM_QOS.CORRELATION_ID", matching(WalmartSimulator.UUID_PATTERN))
                .withRequestBodyPart(aMultipart().withName("file").withBody(equalToJson(file.toString())).build()));
        WALMART.verify(0, putRequestedFor(urlPathEqualTo("/v3/inventory")));
        WALMART.verify(1, getRequestedFor(urlPathEqualTo(FEED_PATH)).withQueryParam("offset", equalTo("50")));
        WALMART.verify(1, getRequestedFor(urlPathEqualTo(FEED_PATH)).withQueryParam("offset", equalTo("54")));
        WALMART.verify(4, getRequestedFor(urlPathEqualTo(FEED_PATH)));
    }

    @Test
    void feedNotProcessedInTime_everyItemIsRetried() throws Exception {
        feedAccepted();
        WALMART.stubFor(authorized(get(urlPathEqualTo(FEED_PATH))).atPriority(10)
                .willReturn(okJson(statusPage("INPROGRESS", 11, 0, List.of()))));
        List<StockPushItem> items = IntStream.range(0, 11).mapToObj(i -> item("OUR-" + i, "WM-" + i, i)).toList();

        List<StockPushResult> results = target("railhead.channels.walmart.feed-timeout", "400ms").push(channel(), items);

        assertThat(results).hasSize(11).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.RETRY);
            assertThat(r.message()).contains(FEED_ID).contains("INPROGRESS");
        });
        assertThat(WALMART.findAll(getRequestedFor(urlPathEqualTo(FEED_PATH)))).hasSizeGreaterThan(1);
    }

    @Test
    void feedEndedInError_itemsWithoutDetailsAreRetried_detailedOnesAsTheySay() throws Exception {
        feedAccepted();
        ObjectNode page = (ObjectNode) WalmartOrders.JSON.readTree(statusPage("ERROR", 11, 0,
                List.of(detail(0, "WM-0", "SUCCESS", null, null, null))));
        page.putObject("ingestionErrors").putArray("ingestionError").addObject().put("type", "SYSTEM_ERROR")
                .put("code", "ERR_INT_SYS_0002").put("description", "feed could not be read");
        WALMART.stubFor(authorized(get(urlPathEqualTo(FEED_PATH))).atPriority(10).willReturn(okJson(page.toString())));
        List<StockPushItem> items = IntStream.range(0, 11).mapToObj(i -> item("OUR-" + i, "WM-" + i, i)).toList();

        Map<String, StockPushResult> results = bySku(target().push(channel(), items));

        assertThat(results.get("OUR-0").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(results.get("OUR-5").outcome()).isEqualTo(Outcome.RETRY);
        assertThat(results.get("OUR-5").message()).contains("ERROR").contains("feed could not be read");
    }

    @Test
    void theThresholdDecidesPutOrFeed() throws Exception {
        WALMART.stubFor(authorized(put(urlPathEqualTo("/v3/inventory"))).atPriority(10).willReturn(okJson("{}")));
        feedAccepted();
        WALMART.stubFor(authorized(get(urlPathEqualTo(FEED_PATH))).atPriority(10)
                .willReturn(okJson(statusPage("PROCESSED", 3, 0, List.of()))));
        List<StockPushItem> three = List.of(item("A", "WM-A", 1), item("B", "WM-B", 2), item("C", "WM-C", 3));

        target("railhead.channels.walmart.inventory-feed-threshold", "3").push(channel(), three);
        assertThat(WALMART.findAll(putRequestedFor(urlPathEqualTo("/v3/inventory")))).hasSize(3);
        assertThat(WALMART.findAll(postRequestedFor(urlPathEqualTo("/v3/feeds")))).isEmpty();

        List<StockPushResult> viaFeed = target("railhead.channels.walmart.inventory-feed-threshold", "2")
                .push(channel(), three);
        assertThat(WALMART.findAll(postRequestedFor(urlPathEqualTo("/v3/feeds")))).hasSize(1);
        assertThat(WALMART.findAll(putRequestedFor(urlPathEqualTo("/v3/inventory")))).hasSize(3);
        assertThat(viaFeed).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED));
    }

    @Test
    void misconfigured_namesWhatIsMissing_andTheShippedThresholdIsTen() {
        WalmartStockPush ok = target();
        assertThat(ok.misconfigured(channel())).isNull();
        assertThat(ok.misconfigured(channel("east", Map.of()))).contains("no account 'east'");
        assertThat(target("railhead.channels.walmart.client-secret", null).misconfigured(channel()))
                .contains("railhead.channels.walmart.client-id, client-secret");
        assertThat(target("railhead.channels.walmart.accounts.east.client-id", "east-id",
                "railhead.channels.walmart.accounts.east.client-secret", "east-secret").misconfigured(channel("east", Map.of())))
                .isNull();
        assertThat(ShippedDefaults.bind(WalmartProperties.class).inventoryFeedThreshold()).isEqualTo(10);
        WALMART.verify(0, anyRequestedFor(urlPathMatching("/v3/(inventory|feeds).*")));
    }
}
