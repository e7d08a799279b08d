package io.railhead.channel.amazon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.railhead.inventory.StockChannel;
import io.railhead.inventory.StockPushItem;
import io.railhead.inventory.StockPushResult;
import io.railhead.inventory.StockPushResult.Outcome;
import io.railhead.support.ShippedDefaults;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
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
 * The Amazon stock push against a Listings Items API shaped by the official model
 * ({@code ../shared/specs/amazon-sp-api/listingsItems_2021-08-01.json}): the patch each SKU gets,
 * what an INVALID submission, a 4xx, a 429 and a refused token come to, and the pace of a batch.
 */
class AmazonStockPushTest {

    static final WireMockServer AMAZON = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));
    static final String SELLER = "A2SELLER9X";
    static final String LISTINGS = "/listings/2021-08-01/items/" + SELLER + "/";
    static final String MARKETPLACES = "ATVPDKIKX0DER,A2EUQ1WTGCTBG2";

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
        AMAZON.stubFor(post(urlPathEqualTo("/auth/o2/token")).withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=Atzr%7Ctest-refresh"))
                .willReturn(okJson("{\"access_token\":\"Atza|stock\",\"token_type\":\"bearer\",\"expires_in\":3600}")));
    }

    private static Map<String, Object> settings(String... extra) {
        Map<String, Object> m = new HashMap<>();
        m.put("railhead.channels.amazon.endpoint", AMAZON.baseUrl());
        m.put("railhead.channels.amazon.token-url", AMAZON.baseUrl() + "/auth/o2/token");
        m.put("railhead.channels.amazon.client-id", "amzn1.application-oa2-client.test");
        m.put("railhead.channels.amazon.client-secret", "test-lwa-secret");
        m.put("railhead.channels.amazon.refresh-token", "Atzr|test-refresh");
        m.put("railhead.channels.amazon.seller-id", SELLER);
        m.put("railhead.channels.amazon.marketplace-ids", MARKETPLACES);
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                m.remove(extra[i]);
            } else {
                m.put(extra[i], extra[i + 1]);
            }
        }
        return m;
    }

    private AmazonStockPush target(String... extra) {
        return new AmazonStockPush(ShippedDefaults.bind(AmazonProperties.class, settings(extra)), metrics);
    }

    private AmazonStockPush targetWithOneAttempt() {
        return new AmazonStockPush(ShippedDefaults.bind(AmazonProperties.class, settings()), metrics,
                b -> b.maxAttempts(1));
    }

    private static StockChannel channel(String account, Map<String, String> settings) {
        return new StockChannel("amazon-us", "amazon", List.of("WH1"), 0, 100, null, true, account, settings);
    }

    private static StockChannel channel() {
        return channel(null, Map.of());
    }

    private static StockPushItem item(String sku, String channelSku, int quantity) {
        return new StockPushItem(sku, channelSku, null, quantity, null);
    }

    private static ResponseDefinitionBuilder accepted(String channelSku) {
        return okJson("{\"sku\":\"" + channelSku + "\",\"status\":\"ACCEPTED\",\"submissionId\":\"sub-" + channelSku
                + "\",\"issues\":[]}");
    }

    private static Map<String, StockPushResult> bySku(List<StockPushResult> results) {
        return results.stream().collect(Collectors.toMap(StockPushResult::sku, Function.identity()));
    }

    @Test
    void eachSkuIsPatched_sellerMarketplacesEncodedChannelSku_defaultChannelAndQuantity() throws Exception {
        AMAZON.stubFor(patch(urlPathMatching(LISTINGS + ".*")).willReturn(accepted("x")));

        List<StockPushResult> results = target().push(channel(),
                List.of(item("OUR-1", "AMZ 1/blue", 7), item("OUR-2", "AMZ-2", 0)));

        assertThat(results).extracting(StockPushResult::sku, StockPushResult::outcome)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("OUR-1", Outcome.ACCEPTED),
                        org.assertj.core.groups.Tuple.tuple("OUR-2", Outcome.ACCEPTED));
        AMAZON.verify(1, patchRequestedFor(urlEqualTo(LISTINGS + "AMZ%201%2Fblue?marketplaceIds=" + MARKETPLACES))
                .withHeader("x-amz-access-token", equalTo("Atza|stock"))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("{\"productType\":\"PRODUCT\",\"patches\":[{\"op\":\"replace\","
                        + "\"path\":\"/attributes/fulfillment_availability\",\"value\":[{\"fulfillment_channel_code\":"
                        + "\"DEFAULT\",\"quantity\":7}]}]}")));
        AMAZON.verify(1, patchRequestedFor(urlEqualTo(LISTINGS + "AMZ-2?marketplaceIds=" + MARKETPLACES))
                .withRequestBody(matchingJsonPath("$.patches[0].value[0].quantity", equalTo("0"))));
        AMAZON.verify(2, patchRequestedFor(urlPathMatching(LISTINGS + ".*")));
        AMAZON.verify(1, postRequestedFor(urlPathEqualTo("/auth/o2/token")));
    }

    @Test
    void productTypeFromTheChannelSetting() throws Exception {
        AMAZON.stubFor(patch(urlPathMatching(LISTINGS + ".*")).willReturn(accepted("x")));

        target().push(channel(null, Map.of("productType", "SHOES")), List.of(item("OUR-1", "AMZ-1", 3)));

        AMAZON.verify(patchRequestedFor(urlPathEqualTo(LISTINGS + "AMZ-1"))
                .withRequestBody(matchingJsonPath("$.productType", equalTo("SHOES"))));
    }

    @Test
    void invalidSubmission_refusesThatSkuOnly_withItsErrorIssues() throws Exception {
        AMAZON.stubFor(patch(urlPathMatching(LISTINGS + ".*")).willReturn(accepted("x")));
        AMAZON.stubFor(patch(urlPathEqualTo(LISTINGS + "BAD-1")).willReturn(okJson("{\"sku\":\"BAD-1\",\"status\":"
                + "\"INVALID\",\"submissionId\":\"s-bad\",\"issues\":[{\"code\":\"90220\",\"message\":\"'condition_type' "
                + "is required but not supplied.\",\"severity\":\"ERROR\",\"categories\":[\"MISSING_ATTRIBUTE\"]},"
                + "{\"code\":\"18027\",\"message\":\"just a hint\",\"severity\":\"WARNING\",\"categories\":[]}]}")));

        Map<String, StockPushResult> results = bySku(target().push(channel(),
                List.of(item("OUR-1", "AMZ-1", 1), item("OUR-BAD", "BAD-1", 2), item("OUR-3", "AMZ-3", 3))));

        assertThat(results).hasSize(3);
        assertThat(results.get("OUR-BAD").outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(results.get("OUR-BAD").message()).contains("90220").contains("'condition_type' is required")
                .doesNotContain("just a hint");
        assertThat(results.get("OUR-1").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(results.get("OUR-3").outcome()).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void badRequestAndNotFound_areRefusals_withAmazonsErrors() throws Exception {
        AMAZON.stubFor(patch(urlPathEqualTo(LISTINGS + "GONE")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errors\":[{\"code\":\"NotFound\",\"message\":\"Listing not found\"}]}")));
        AMAZON.stubFor(patch(urlPathEqualTo(LISTINGS + "ODD")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errors\":[{\"code\":\"InvalidInput\",\"message\":\"Invalid input\"}]}")));

        Map<String, StockPushResult> results = bySku(target().push(channel(),
                List.of(item("G", "GONE", 1), item("O", "ODD", 1))));

        assertThat(results.get("G").outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(results.get("G").message()).contains("404").contains("Listing not found");
        assertThat(results.get("O").outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(results.get("O").message()).contains("400").contains("InvalidInput: Invalid input");
    }

    @Test
    void throttledWithRetryAfter_waitsAndSendsAgain_nothingLost() throws Exception {
        AMAZON.stubFor(patch(urlPathMatching(LISTINGS + ".*")).willReturn(accepted("x")));
        AMAZON.stubFor(patch(urlPathEqualTo(LISTINGS + "HOT")).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("{\"errors\":[{\"code\":\"QuotaExceeded\",\"message\":\"You exceeded your quota\"}]}"))
                .willSetStateTo("served"));
        AMAZON.stubFor(patch(urlPathEqualTo(LISTINGS + "HOT")).inScenario("429").whenScenarioStateIs("served")
                .willReturn(accepted("HOT")));

        List<StockPushItem> items = List.of(item("A", "AMZ-A", 1), item("H", "HOT", 5), item("B", "AMZ-B", 2));
        List<StockPushResult> results = target().push(channel(), items);

        assertThat(results).hasSize(3).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED));
        List<Instant> hot = AMAZON.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .filter(r -> r.getUrl().startsWith(LISTINGS + "HOT")).map(r -> r.getLoggedDate().toInstant())
                .sorted(Comparator.naturalOrder()).toList();
        assertThat(hot).hasSize(2);
        assertThat(Duration.between(hot.get(0), hot.get(1))).as("Retry-After honoured")
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        AMAZON.verify(2, patchRequestedFor(urlPathEqualTo(LISTINGS + "HOT"))
                .withRequestBody(matchingJsonPath("$.patches[0].value[0].quantity", equalTo("5"))));
    }

    @Test
    void stillThrottledOrFailing_isRetry_withTheWaitAmazonAsked() throws Exception {
        AMAZON.stubFor(patch(urlPathEqualTo(LISTINGS + "HOT")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "7")));
        AMAZON.stubFor(patch(urlPathEqualTo(LISTINGS + "DOWN")).willReturn(aResponse().withStatus(503)));

        Map<String, StockPushResult> results = bySku(targetWithOneAttempt().push(channel(),
                List.of(item("H", "HOT", 1), item("D", "DOWN", 1))));

        assertThat(results.get("H").outcome()).isEqualTo(Outcome.RETRY);
        assertThat(results.get("H").retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(results.get("D").outcome()).isEqualTo(Outcome.RETRY);
    }

    @Test
    void refusedTokenTwice_isRetry_afterOneFreshToken() throws Exception {
        AMAZON.stubFor(patch(urlPathEqualTo(LISTINGS + "AMZ-1")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errors\":[{\"code\":\"Unauthorized\",\"message\":\"The access token you provided has expired.\"}]}")));

        List<StockPushResult> results = target().push(channel(), List.of(item("OUR-1", "AMZ-1", 4)));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.RETRY);
            assertThat(r.message()).contains("403").contains("expired");
        });
        AMAZON.verify(2, postRequestedFor(urlPathEqualTo("/auth/o2/token")));
        AMAZON.verify(2, patchRequestedFor(urlPathEqualTo(LISTINGS + "AMZ-1")));
    }

    @Test
    void aBatchIsSentSeveralAtATime_withinThePace() throws Exception {
        AMAZON.stubFor(patch(urlPathMatching(LISTINGS + ".*")).willReturn(accepted("x").withFixedDelay(300)));
        List<StockPushItem> items = IntStream.range(0, 10).mapToObj(i -> item("S" + i, "AMZ-" + i, i)).toList();
        AmazonStockPush target = target();
        assertThat(target.batchSize(channel())).isGreaterThan(1);

        long start = System.nanoTime();
        List<StockPushResult> results = target.push(channel(), items);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(results).hasSize(10).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED));
        assertThat(took).as("one by one would take 10 x 300 ms").isLessThan(Duration.ofMillis(2700));
        List<Instant> sent = AMAZON.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .filter(r -> r.getMethod().getName().equals("PATCH")).map(r -> r.getLoggedDate().toInstant())
                .sorted(Comparator.naturalOrder()).toList();
        assertThat(sent).hasSize(10);
        // Burst 5, then 5 a second: the tenth call cannot start before about 1 s after the first.
        assertThat(Duration.between(sent.get(0), sent.get(9))).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void misconfigured_namesWhatIsMissing() {
        assertThat(target().misconfigured(channel())).isNull();
        assertThat(target("railhead.channels.amazon.seller-id", null).misconfigured(channel()))
                .contains("railhead.channels.amazon.seller-id");
        assertThat(target("railhead.channels.amazon.marketplace-ids", null).misconfigured(channel()))
                .contains("railhead.channels.amazon.marketplace-ids");
        assertThat(target("railhead.channels.amazon.refresh-token", null).misconfigured(channel()))
                .contains("railhead.channels.amazon.refresh-token");
        assertThat(target("railhead.channels.amazon.client-secret", null).misconfigured(channel()))
                .contains("client-secret");
        assertThat(target().misconfigured(channel("eu", Map.of()))).contains("no account 'eu'");
    }

    @Test
    void aNamedAccountUsesItsOwnSellerIdAndMarketplaces() throws Exception {
        AMAZON.stubFor(patch(urlPathMatching("/listings/2021-08-01/items/.*")).willReturn(accepted("x")));
        AmazonStockPush target = target("railhead.channels.amazon.accounts.eu.seller-id", "EUSELLER",
                "railhead.channels.amazon.accounts.eu.marketplace-ids", "A1PA6795UKMFR9");

        assertThat(target.misconfigured(channel("eu", Map.of()))).isNull();
        target.push(channel("eu", Map.of()), List.of(item("OUR-1", "AMZ-1", 2)));

        AMAZON.verify(1, patchRequestedFor(urlEqualTo("/listings/2021-08-01/items/EUSELLER/AMZ-1?marketplaceIds=A1PA6795UKMFR9")));
    }
}
