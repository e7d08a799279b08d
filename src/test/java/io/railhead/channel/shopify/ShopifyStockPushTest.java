package io.railhead.channel.shopify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.railhead.inventory.StockChannel;
import io.railhead.inventory.StockPushItem;
import io.railhead.inventory.StockPushResult;
import io.railhead.inventory.StockPushResult.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The Shopify stock push against a simulated Admin GraphQL API: the mutation as the 2026-04 API wants
 * it (directive, explicit changeFromQuantity), per-item userErrors, stale quantities read again and set
 * over once, SKU lookups done once, and throttled answers waited out.
 */
class ShopifyStockPushTest {

    static final WireMockServer ADMIN = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));
    static final String PATH = "/admin/api/2026-04/graphql.json";
    static final String TOKEN = "shpat_test_token";
    static final String MUTATION = "mutation setQty($input: InventorySetQuantitiesInput!, $key: String!) { "
            + "inventorySetQuantities(input: $input) @idempotent(key: $key) { inventoryAdjustmentGroup { createdAt "
            + "reason changes { name delta quantityAfterChange item { id } location { id } } } userErrors { code "
            + "field message } } }";
    static final String OK = "{\"data\":{\"inventorySetQuantities\":{\"inventoryAdjustmentGroup\":{\"createdAt\":"
            + "\"2026-05-01T10:00:00Z\",\"reason\":\"correction\",\"changes\":[]},\"userErrors\":[]}}}";
    static final ObjectMapper JSON = new ObjectMapper();

    private final StockChannel channel = channel(Map.of("locationId", "777"));
    private ShopifyStockPush push;

    @BeforeAll
    static void start() {
        ADMIN.start();
    }

    @AfterAll
    static void stop() {
        ADMIN.stop();
    }

    @BeforeEach
    void reset() {
        ADMIN.resetAll();
        push = new ShopifyStockPush(properties(TOKEN, ADMIN.baseUrl() + "/admin/api/2026-04"),
                new SimpleMeterRegistry(), 3);
    }

    static ShopifyProperties properties(String token, String endpoint) {
        return new ShopifyProperties(List.of(), DataSize.ofMegabytes(1), "test-shop.myshopify.com", List.of(),
                endpoint, "2026-04", token, Duration.ofMinutes(5), Duration.ofDays(1), Duration.ofMinutes(2), 2.0, 8, 10.0);
    }

    static StockChannel channel(Map<String, String> settings) {
        return new StockChannel("shopify", "shopify", List.of("main"), 0, 100, null, true, null, settings);
    }

    private static void stubMutation(ResponseDefinitionBuilder answer) {
        ADMIN.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("inventorySetQuantities"))
                .willReturn(answer));
    }

    /** Answers to the mutation in turn. */
    private static void mutationAnswers(ResponseDefinitionBuilder... answers) {
        String state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = "m" + (i + 1);
            ADMIN.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("inventorySetQuantities"))
                    .inScenario("mutation").whenScenarioStateIs(state).willReturn(answers[i]).willSetStateTo(next));
            state = next;
        }
    }

    private static List<LoggedRequest> requests(String containing) {
        List<LoggedRequest> found = new ArrayList<>(ADMIN.findAll(com.github.tomakehurst.wiremock.client.WireMock
                .postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing(containing))));
        found.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        return found;
    }

    private static List<JsonNode> mutations() throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest r : requests("inventorySetQuantities")) {
            bodies.add(JSON.readTree(r.getBodyAsString()));
        }
        return bodies;
    }

    private static Map<String, StockPushResult> bySku(List<StockPushResult> results) {
        return results.stream().collect(Collectors.toMap(StockPushResult::sku, Function.identity()));
    }

    private static String userErrors(String... errors) {
        return "{\"data\":{\"inventorySetQuantities\":{\"inventoryAdjustmentGroup\":null,\"userErrors\":["
                + String.join(",", errors) + "]}}}";
    }

    private static String userError(String code, int index, String message) {
        return "{\"code\":\"" + code + "\",\"field\":[\"input\",\"quantities\",\"" + index
                + "\",\"changeFromQuantity\"],\"message\":\"" + message + "\"}";
    }

    @Test
    void theMutationCarriesTheDirective_availableQuantities_andChangeFromQuantityAsValueOrExplicitNull()
            throws Exception {
        stubMutation(okJson(OK));

        List<StockPushResult> results = push.push(channel, List.of(
                new StockPushItem("MUG-1", "MUG-1", "111", 7, 5),
                new StockPushItem("CUP-2", "CUP-2", "gid://shopify/InventoryItem/222", 0, null)));

        assertThat(results).extracting(StockPushResult::outcome).containsOnly(Outcome.ACCEPTED);
        assertThat(results).extracting(StockPushResult::sku).containsExactlyInAnyOrder("MUG-1", "CUP-2");
        assertThat(results).extracting(StockPushResult::channelItemId).containsOnlyNulls();
        List<LoggedRequest> sent = requests("inventorySetQuantities");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getHeader("X-Shopify-Access-Token")).isEqualTo(TOKEN);
        JsonNode body = JSON.readTree(sent.get(0).getBodyAsString());
        assertThat(body.path("query").asText()).isEqualTo(MUTATION);
        UUID.fromString(body.path("variables").path("key").asText());
        JsonNode input = body.path("variables").path("input");
        assertThat(input.path("name").asText()).isEqualTo("available");
        assertThat(input.path("reason").asText()).isEqualTo("correction");
        assertThat(input.path("referenceDocumentUri").asText()).startsWith("gid://railhead/StockPush/");
        UUID.fromString(input.path("referenceDocumentUri").asText().substring("gid://railhead/StockPush/".length()));
        JsonNode q = input.path("quantities");
        assertThat(q).hasSize(2);
        assertThat(q.get(0).path("inventoryItemId").asText()).isEqualTo("gid://shopify/InventoryItem/111");
        assertThat(q.get(0).path("locationId").asText()).isEqualTo("gid://shopify/Location/777");
        assertThat(q.get(0).path("quantity").isInt()).isTrue();
        assertThat(q.get(0).path("quantity").intValue()).isEqualTo(7);
        assertThat(q.get(0).path("changeFromQuantity").intValue()).isEqualTo(5);
        assertThat(q.get(0).path("changeFromQuantity").isInt()).isTrue();
        assertThat(q.get(1).path("inventoryItemId").asText()).isEqualTo("gid://shopify/InventoryItem/222");
        assertThat(q.get(1).path("locationId").asText()).isEqualTo("gid://shopify/Location/777");
        assertThat(q.get(1).path("quantity").intValue()).isEqualTo(0);
        assertThat(q.get(1).has("changeFromQuantity")).as("explicit null, not left out").isTrue();
        assertThat(q.get(1).get("changeFromQuantity").isNull()).isTrue();
    }

    @Test
    void everyCallHasAFreshIdempotencyKey() throws Exception {
        stubMutation(okJson(OK));
        push.push(channel, List.of(new StockPushItem("MUG-1", "MUG-1", "111", 7, 5)));
        push.push(channel, List.of(new StockPushItem("MUG-1", "MUG-1", "111", 6, 7)));

        List<JsonNode> bodies = mutations();
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(0).path("variables").path("key").asText())
                .isNotEqualTo(bodies.get(1).path("variables").path("key").asText());
        assertThat(bodies.get(1).path("variables").path("input").path("quantities").get(0)
                .path("changeFromQuantity").intValue()).isEqualTo(7);
    }

    @Test
    void aNonMutableItemIsRefusedAlone_theOthersAreSentAgainAndAccepted() throws Exception {
        mutationAnswers(okJson(userErrors(userError("NON_MUTABLE_INVENTORY_ITEM", 1,
                "The quantity of a bundle cannot be set"))), okJson(OK));

        List<StockPushResult> results = push.push(channel, List.of(
                new StockPushItem("A", "A", "1", 1, null),
                new StockPushItem("BUNDLE", "BUNDLE", "2", 2, null),
                new StockPushItem("C", "C", "3", 3, 3)));

        Map<String, StockPushResult> r = bySku(results);
        assertThat(r).hasSize(3);
        assertThat(r.get("A").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.get("C").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.get("BUNDLE").outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(r.get("BUNDLE").message()).contains("NON_MUTABLE_INVENTORY_ITEM")
                .contains("The quantity of a bundle cannot be set");
        List<JsonNode> bodies = mutations();
        assertThat(bodies).hasSize(2);
        JsonNode again = bodies.get(1).path("variables").path("input").path("quantities");
        assertThat(again).hasSize(2);
        assertThat(again.get(0).path("inventoryItemId").asText()).isEqualTo("gid://shopify/InventoryItem/1");
        assertThat(again.get(1).path("inventoryItemId").asText()).isEqualTo("gid://shopify/InventoryItem/3");
        assertThat(again.get(1).path("changeFromQuantity").intValue()).isEqualTo(3);
        assertThat(bodies.get(1).path("variables").path("key").asText())
                .isNotEqualTo(bodies.get(0).path("variables").path("key").asText());
    }

    @Test
    void invalidQuantityAndUnstockedItemsAreRefused_byTheIndexInTheirField() throws Exception {
        mutationAnswers(okJson(userErrors(userError("INVALID_QUANTITY_TOO_HIGH", 0, "too high"),
                userError("ITEM_NOT_STOCKED_AT_LOCATION", 2, "not stocked"))), okJson(OK));

        Map<String, StockPushResult> r = bySku(push.push(channel, List.of(
                new StockPushItem("A", "A", "1", 2_000_000_000, null),
                new StockPushItem("B", "B", "2", 2, null),
                new StockPushItem("C", "C", "3", 3, null))));

        assertThat(r.get("A").outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(r.get("A").message()).contains("INVALID_QUANTITY_TOO_HIGH");
        assertThat(r.get("B").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.get("C").outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(r.get("C").message()).contains("ITEM_NOT_STOCKED_AT_LOCATION");
        assertThat(mutations().get(1).path("variables").path("input").path("quantities"))
                .extracting(q -> q.path("inventoryItemId").asText()).containsExactly("gid://shopify/InventoryItem/2");
    }

    @Test
    void aStaleQuantityIsReadAgain_andSetOnceMoreWithTheFreshChangeFromQuantity() throws Exception {
        mutationAnswers(okJson(userErrors(userError("CHANGE_FROM_QUANTITY_STALE", 0,
                "The changeFromQuantity does not match"))), okJson(OK));
        ADMIN.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("nodes(ids:")).willReturn(okJson(
                "{\"data\":{\"nodes\":[{\"id\":\"gid://shopify/InventoryItem/1\",\"inventoryLevel\":{\"quantities\":"
                        + "[{\"name\":\"available\",\"quantity\":3}]}}]}}")));

        Map<String, StockPushResult> r = bySku(push.push(channel, List.of(
                new StockPushItem("A", "A", "1", 10, 5),
                new StockPushItem("B", "B", "2", 4, 4))));

        assertThat(r.get("A").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.get("B").outcome()).isEqualTo(Outcome.ACCEPTED);
        List<LoggedRequest> reads = requests("nodes(ids:");
        assertThat(reads).hasSize(1);
        JsonNode read = JSON.readTree(reads.get(0).getBodyAsString()).path("variables");
        assertThat(read.path("ids")).extracting(JsonNode::asText).containsExactly("gid://shopify/InventoryItem/1");
        assertThat(read.path("locationId").asText()).isEqualTo("gid://shopify/Location/777");
        List<JsonNode> bodies = mutations();
        assertThat(bodies).hasSize(2);
        JsonNode again = bodies.get(1).path("variables").path("input").path("quantities");
        assertThat(again).hasSize(2);
        assertThat(again.get(0).path("inventoryItemId").asText()).isEqualTo("gid://shopify/InventoryItem/1");
        assertThat(again.get(0).path("quantity").intValue()).isEqualTo(10);
        assertThat(again.get(0).path("changeFromQuantity").intValue()).as("the re-read value, not 5").isEqualTo(3);
        assertThat(again.get(1).path("changeFromQuantity").intValue()).isEqualTo(4);
    }

    @Test
    void stillStaleAfterTheReRead_isRetriedLater() throws Exception {
        stubMutation(okJson(userErrors(userError("CHANGE_FROM_QUANTITY_STALE", 0, "stale"))));
        ADMIN.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("nodes(ids:")).willReturn(okJson(
                "{\"data\":{\"nodes\":[{\"id\":\"gid://shopify/InventoryItem/1\",\"inventoryLevel\":{\"quantities\":"
                        + "[{\"name\":\"available\",\"quantity\":3}]}}]}}")));

        List<StockPushResult> results = push.push(channel, List.of(new StockPushItem("A", "A", "1", 10, 5)));

        assertThat(results).hasSize(1);
        assertThat(results.get(0).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(results.get(0).message()).contains("CHANGE_FROM_QUANTITY_STALE");
        assertThat(mutations()).hasSize(2);
        assertThat(requests("nodes(ids:")).hasSize(1);
    }

    @Test
    void aUserErrorWithoutAnIndex_orAConcurrentRequest_retriesTheBatch() throws Exception {
        stubMutation(okJson(userErrors("{\"code\":\"IDEMPOTENCY_CONCURRENT_REQUEST\",\"field\":null,"
                + "\"message\":\"in progress\"}")));

        List<StockPushResult> results = push.push(channel, List.of(new StockPushItem("A", "A", "1", 1, null),
                new StockPushItem("B", "B", "2", 2, null)));

        assertThat(results).extracting(StockPushResult::outcome).containsOnly(Outcome.RETRY);
        assertThat(results.get(0).message()).contains("IDEMPOTENCY_CONCURRENT_REQUEST");
        assertThat(mutations()).hasSize(1);
    }

    @Test
    void anItemWithoutAnInventoryItemId_isLookedUpBySkuOnce_andTheIdHandedBack() throws Exception {
        ADMIN.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("productVariants")).willReturn(okJson(
                "{\"data\":{\"productVariants\":{\"nodes\":[{\"sku\":\"SHOP-MUG\",\"inventoryItem\":{\"id\":"
                        + "\"gid://shopify/InventoryItem/9001\"}}]}}}")));
        stubMutation(okJson(OK));

        StockPushResult first = push.push(channel, List.of(new StockPushItem("MUG-1", "SHOP-MUG", null, 4, null)))
                .get(0);
        StockPushResult second = push.push(channel, List.of(new StockPushItem("MUG-1", "SHOP-MUG", null, 3, 4)))
                .get(0);

        assertThat(first.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(first.channelItemId()).isEqualTo("gid://shopify/InventoryItem/9001");
        assertThat(second.channelItemId()).isEqualTo("gid://shopify/InventoryItem/9001");
        List<LoggedRequest> lookups = requests("productVariants");
        assertThat(lookups).hasSize(1);
        assertThat(JSON.readTree(lookups.get(0).getBodyAsString()).path("variables").path("query").asText())
                .isEqualTo("sku:SHOP-MUG");
        List<JsonNode> bodies = mutations();
        assertThat(bodies).hasSize(2);
        for (JsonNode body : bodies) {
            assertThat(body.path("variables").path("input").path("quantities").get(0).path("inventoryItemId")
                    .asText()).isEqualTo("gid://shopify/InventoryItem/9001");
        }
    }

    @Test
    void noVariantWithTheSku_isRefused_andNothingIsSet() throws Exception {
        ADMIN.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("productVariants")).willReturn(okJson(
                "{\"data\":{\"productVariants\":{\"nodes\":[{\"sku\":\"SHOP-MUG-XL\",\"inventoryItem\":{\"id\":"
                        + "\"gid://shopify/InventoryItem/1\"}}]}}}")));
        stubMutation(okJson(OK));

        List<StockPushResult> results = push.push(channel, List.of(new StockPushItem("MUG-1", "SHOP-MUG", null, 4,
                null)));

        assertThat(results).hasSize(1);
        assertThat(results.get(0).outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(results.get(0).message()).isEqualTo("no Shopify variant with SKU SHOP-MUG");
        assertThat(mutations()).isEmpty();
    }

    @Test
    void aThrottledAnswerIsWaitedOutAndSentAgain_withTheSameKey() throws Exception {
        mutationAnswers(okJson("{\"errors\":[{\"message\":\"Throttled\"}],\"extensions\":{\"cost\":{"
                + "\"requestedQueryCost\":10,\"throttleStatus\":{\"maximumAvailable\":1000,\"currentlyAvailable\":0,"
                + "\"restoreRate\":50}}}}"), okJson(OK));

        long start = System.nanoTime();
        List<StockPushResult> results = push.push(channel, List.of(new StockPushItem("A", "A", "1", 1, null)));

        assertThat(results.get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("10 points at 50/s").isGreaterThan(
                Duration.ofMillis(150));
        List<JsonNode> bodies = mutations();
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(1)).isEqualTo(bodies.get(0));
    }

    @Test
    void a429WithRetryAfterIsWaitedOut_thenAccepted() throws Exception {
        mutationAnswers(aResponse().withStatus(429).withHeader("Retry-After", "1"), okJson(OK));

        long start = System.nanoTime();
        List<StockPushResult> results = push.push(channel, List.of(new StockPushItem("A", "A", "1", 1, null)));

        assertThat(results.get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(mutations()).hasSize(2);
    }

    @Test
    void throttledOnEveryAttempt_isRetriedWithTheWaitAskedFor() throws Exception {
        stubMutation(aResponse().withStatus(429).withHeader("Retry-After", "1"));
        push = new ShopifyStockPush(properties(TOKEN, ADMIN.baseUrl() + "/admin/api/2026-04"),
                new SimpleMeterRegistry(), 1);

        List<StockPushResult> results = push.push(channel, List.of(new StockPushItem("A", "A", "1", 1, null)));

        assertThat(results.get(0).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(results.get(0).retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void misconfiguredWithoutTokenEndpointOrLocation() {
        assertThat(push.misconfigured(channel)).isNull();
        assertThat(push.misconfigured(channel(Map.of()))).contains("locationId");
        assertThat(new ShopifyStockPush(properties(null, ADMIN.baseUrl()), new SimpleMeterRegistry())
                .misconfigured(channel)).contains("access token");
        assertThat(new ShopifyStockPush(new ShopifyProperties(List.of(), null, null, List.of(), null, "2026-04", TOKEN,
                null, null, null, 2.0, 8, 10.0), new SimpleMeterRegistry()).misconfigured(channel)).contains("endpoint");
        assertThat(push.type()).isEqualTo("shopify");
        assertThat(push.batchSize(channel)).isEqualTo(100);
    }

    @Test
    void theFieldPathNamesTheQuantity() throws Exception {
        assertThat(ShopifyStockPush.index(JSON.readTree("[\"input\",\"quantities\",\"3\",\"changeFromQuantity\"]")))
                .contains(3);
        assertThat(ShopifyStockPush.index(JSON.readTree("[\"input\",\"name\"]"))).isEmpty();
        assertThat(ShopifyStockPush.index(JSON.readTree("null"))).isEmpty();
        assertThat(ShopifyStockPush.searchValue("MUG-1")).isEqualTo("MUG-1");
        assertThat(ShopifyStockPush.searchValue("MUG 1 \"XL\"")).isEqualTo("\"MUG 1 \\\"XL\\\"\"");
    }
}
