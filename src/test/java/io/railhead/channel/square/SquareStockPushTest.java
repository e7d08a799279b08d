package io.railhead.channel.square;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
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
import java.time.Instant;
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

/**
 * The Square stock push against a simulated BatchChangeInventory: physical counts as the API wants
 * them, a fresh idempotency key per batch, a change Square names refused alone, and throttling waited
 * out without losing a count.
 */
class SquareStockPushTest {

    static final WireMockServer SQUARE = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));
    static final String PATH = "/v2/inventory/changes/batch-create";
    static final ObjectMapper JSON = new ObjectMapper();

    private final StockChannel channel = channel(null, Map.of("locationId", "LSTORE1"));
    private SquareStockPush push;

    @BeforeAll
    static void start() {
        SQUARE.start();
    }

    @AfterAll
    static void stop() {
        SQUARE.stop();
    }

    @BeforeEach
    void reset() {
        SQUARE.resetAll();
        push = new SquareStockPush(properties("EAAA-test"), new SimpleMeterRegistry(), 3);
    }

    static SquareProperties properties(String token) {
        return new SquareProperties(true, SQUARE.baseUrl(), token, List.of("LSTORE1"), "key", "https://hub/webhooks",
                Duration.ofMinutes(1), "2025-10-16", Duration.ofDays(1), Duration.ofMinutes(2), 10,
                Map.of("outlet", new SquareProperties.Account(null, "EAAA-outlet", List.of("LOUT"), "k2")));
    }

    static StockChannel channel(String account, Map<String, String> settings) {
        return new StockChannel("store", "square", List.of("main"), 0, 100, null, true, account, settings);
    }

    private static void answers(ResponseDefinitionBuilder... answers) {
        String state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = "s" + (i + 1);
            SQUARE.stubFor(post(urlPathEqualTo(PATH)).inScenario("batch").whenScenarioStateIs(state)
                    .willReturn(answers[i]).willSetStateTo(next));
            state = next;
        }
    }

    private static List<LoggedRequest> requests() {
        List<LoggedRequest> found = new ArrayList<>(SQUARE.findAll(postRequestedFor(urlPathEqualTo(PATH))));
        found.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        return found;
    }

    private static List<JsonNode> bodies() throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest r : requests()) {
            bodies.add(JSON.readTree(r.getBodyAsString()));
        }
        return bodies;
    }

    private static Map<String, StockPushResult> bySku(List<StockPushResult> results) {
        return results.stream().collect(Collectors.toMap(StockPushResult::sku, Function.identity()));
    }

    private static List<String> catalogIds(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.path("changes").forEach(c -> ids.add(c.path("physical_count").path("catalog_object_id").asText()));
        return ids;
    }

    @Test
    void physicalCountsWithAQuantityString_theLocation_andAFreshKeyPerBatch() throws Exception {
        answers(okJson("{\"counts\":[]}"), okJson("{\"counts\":[]}"));
        Instant before = Instant.now().minusSeconds(1);

        List<StockPushResult> results = push.push(channel, List.of(new StockPushItem("MUG-1", "MUG-1", "VAR-MUG", 7,
                5), new StockPushItem("CUP-2", "CUP-2", "VAR-CUP", 0, null)));
        push.push(channel, List.of(new StockPushItem("MUG-1", "MUG-1", "VAR-MUG", 6, 7)));

        assertThat(results).extracting(StockPushResult::outcome).containsExactly(Outcome.ACCEPTED, Outcome.ACCEPTED);
        assertThat(results).extracting(StockPushResult::sku).containsExactly("MUG-1", "CUP-2");
        List<LoggedRequest> sent = requests();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).getHeader("Authorization")).isEqualTo("Bearer EAAA-test");
        assertThat(sent.get(0).getHeader("Square-Version")).isEqualTo("2025-10-16");
        JsonNode body = JSON.readTree(sent.get(0).getBodyAsString());
        assertThat(body.path("ignore_unchanged_counts").isBoolean()).isTrue();
        assertThat(body.path("ignore_unchanged_counts").booleanValue()).isTrue();
        JsonNode changes = body.path("changes");
        assertThat(changes).hasSize(2);
        for (JsonNode change : changes) {
            assertThat(change.path("type").asText()).isEqualTo("PHYSICAL_COUNT");
            JsonNode count = change.path("physical_count");
            assertThat(count.path("location_id").asText()).isEqualTo("LSTORE1");
            assertThat(count.path("state").asText()).isEqualTo("IN_STOCK");
            assertThat(count.path("quantity").isTextual()).as("a decimal string").isTrue();
            assertThat(Instant.parse(count.path("occurred_at").asText())).isAfter(before)
                    .isBefore(Instant.now().plusSeconds(1));
        }
        assertThat(catalogIds(body)).containsExactly("VAR-MUG", "VAR-CUP");
        assertThat(changes.get(0).path("physical_count").path("quantity").asText()).isEqualTo("7");
        assertThat(changes.get(1).path("physical_count").path("quantity").asText()).isEqualTo("0");
        String first = body.path("idempotency_key").asText();
        UUID.fromString(first);
        String second = JSON.readTree(sent.get(1).getBodyAsString()).path("idempotency_key").asText();
        UUID.fromString(second);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void anItemWithoutCatalogObjectId_isRefusedAndNotSent() throws Exception {
        answers(okJson("{}"));

        Map<String, StockPushResult> r = bySku(push.push(channel, List.of(new StockPushItem("MUG-1", "SQ-MUG", null,
                3, null), new StockPushItem("CUP-2", "CUP-2", "VAR-CUP", 2, null))));

        assertThat(r.get("MUG-1").outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(r.get("MUG-1").message()).isEqualTo("no Square catalog object id for SKU SQ-MUG in the stock rules");
        assertThat(r.get("CUP-2").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(catalogIds(bodies().get(0))).containsExactly("VAR-CUP");
    }

    @Test
    void aChangeSquareNames_isRefused_andTheRestSentOnceMoreUnderANewKey() throws Exception {
        answers(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(
                "{\"errors\":[{\"category\":\"INVALID_REQUEST_ERROR\",\"code\":\"NOT_FOUND\",\"detail\":"
                        + "\"Object `VAR-GONE` not found.\",\"field\":\"changes[1].physical_count.catalog_object_id\"}]}"),
                okJson("{\"counts\":[]}"));

        Map<String, StockPushResult> r = bySku(push.push(channel, List.of(
                new StockPushItem("A", "A", "VAR-A", 1, null),
                new StockPushItem("GONE", "GONE", "VAR-GONE", 2, null),
                new StockPushItem("C", "C", "VAR-C", 3, null))));

        assertThat(r.get("A").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.get("C").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.get("GONE").outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(r.get("GONE").message()).contains("NOT_FOUND").contains("Object `VAR-GONE` not found.");
        List<JsonNode> bodies = bodies();
        assertThat(bodies).hasSize(2);
        assertThat(catalogIds(bodies.get(1))).containsExactly("VAR-A", "VAR-C");
        assertThat(bodies.get(1).path("changes").get(1).path("physical_count").path("quantity").asText())
                .isEqualTo("3");
        assertThat(bodies.get(1).path("idempotency_key").asText())
                .isNotEqualTo(bodies.get(0).path("idempotency_key").asText());
    }

    @Test
    void aBadRequestNamingNoChange_refusesTheBatchWithTheDetail() throws Exception {
        answers(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(
                "{\"errors\":[{\"category\":\"INVALID_REQUEST_ERROR\",\"code\":\"INVALID_VALUE\",\"detail\":"
                        + "\"Location LSTORE1 is not active.\"}]}"));

        List<StockPushResult> results = push.push(channel, List.of(new StockPushItem("A", "A", "VAR-A", 1, null),
                new StockPushItem("B", "B", "VAR-B", 2, null)));

        assertThat(results).extracting(StockPushResult::outcome).containsOnly(Outcome.REFUSED);
        assertThat(results).allSatisfy(res -> assertThat(res.message()).contains("Location LSTORE1 is not active."));
        assertThat(requests()).hasSize(1);
    }

    @Test
    void a429WithRetryAfterIsWaitedOut_andTheSameBatchSentAgain_nothingLost() throws Exception {
        answers(aResponse().withStatus(429).withHeader("Retry-After", "1").withHeader("Content-Type",
                "application/json").withBody("{\"errors\":[{\"category\":\"RATE_LIMIT_ERROR\",\"code\":"
                + "\"RATE_LIMITED\"}]}"), okJson("{\"counts\":[]}"));

        long start = System.nanoTime();
        List<StockPushResult> results = push.push(channel, List.of(new StockPushItem("A", "A", "VAR-A", 1, null),
                new StockPushItem("B", "B", "VAR-B", 2, null)));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(results).extracting(StockPushResult::outcome).containsExactly(Outcome.ACCEPTED, Outcome.ACCEPTED);
        List<JsonNode> bodies = bodies();
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(1)).as("the same batch, same key").isEqualTo(bodies.get(0));
        assertThat(catalogIds(bodies.get(1))).containsExactly("VAR-A", "VAR-B");
    }

    @Test
    void throttlingThatOutlastsTheRepeats_isRetriedAfterTheWaitSquareAskedFor() throws Exception {
        push = new SquareStockPush(properties("EAAA-test"), new SimpleMeterRegistry(), 1);
        answers(aResponse().withStatus(429).withHeader("Retry-After", "7"));

        List<StockPushResult> results = push.push(channel, List.of(new StockPushItem("A", "A", "VAR-A", 1, null)));

        assertThat(results).hasSize(1);
        assertThat(results.get(0).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(results.get(0).retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void unauthorizedAndServerErrorsAreRetried() throws Exception {
        push = new SquareStockPush(properties("EAAA-test"), new SimpleMeterRegistry(), 1);
        answers(aResponse().withStatus(401).withBody("{\"errors\":[{\"category\":\"AUTHENTICATION_ERROR\","
                + "\"code\":\"UNAUTHORIZED\"}]}"), aResponse().withStatus(503));

        StockPushResult unauthorized = push.push(channel, List.of(new StockPushItem("A", "A", "VAR-A", 1, null)))
                .get(0);
        StockPushResult unavailable = push.push(channel, List.of(new StockPushItem("A", "A", "VAR-A", 1, null)))
                .get(0);

        assertThat(unauthorized.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(unauthorized.message()).contains("401");
        assertThat(unavailable.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(unavailable.message()).contains("503");
    }

    @Test
    void aChannelNamingAnAccountUsesItsToken() throws Exception {
        answers(okJson("{}"));

        push.push(channel("outlet", Map.of("locationId", "LOUT")), List.of(new StockPushItem("A", "A", "VAR-A", 1,
                null)));

        assertThat(requests().get(0).getHeader("Authorization")).isEqualTo("Bearer EAAA-outlet");
        assertThat(bodies().get(0).path("changes").get(0).path("physical_count").path("location_id").asText())
                .isEqualTo("LOUT");
    }

    @Test
    void misconfiguredWithoutTokenAccountOrLocation() {
        assertThat(push.misconfigured(channel)).isNull();
        assertThat(push.misconfigured(channel(null, Map.of()))).contains("locationId");
        assertThat(push.misconfigured(channel("nosuch", Map.of("locationId", "L")))).contains("nosuch");
        SquareStockPush noToken = new SquareStockPush(new SquareProperties(false, SQUARE.baseUrl(), null, List.of(),
                null, null, null, "2025-10-16", null, null, 10, Map.of()), new SimpleMeterRegistry());
        assertThat(noToken.misconfigured(channel)).contains("access token");
        assertThat(push.type()).isEqualTo("square");
        assertThat(push.batchSize(channel)).isEqualTo(100);
    }
}
