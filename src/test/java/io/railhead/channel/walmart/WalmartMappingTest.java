package io.railhead.channel.walmart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.Parser;
import io.railhead.order.CanonicalEnricher;
import io.railhead.order.CanonicalOrder;
import io.railhead.order.HoldReason;
import io.railhead.order.OrderJson;
import io.railhead.order.OrderValidator;
import io.railhead.order.ValidationProperties;
import io.railhead.shared.MappingObjectMapper;
import io.railhead.support.ShippedDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Walmart fixtures ({@code src/test/resources/mappings/walmart/<case>/}) beyond the shared
 * input → expected check of {@code ChannelMappingTest}: each {@code input.json} is exactly what
 * the poller puts on the intake queue for its order (the last change it works out
 * agrees with {@link WalmartOrders}; the total is the mapping's parts added by the enricher), every open order passes validation with no hold (so the
 * contract's released order, fixture {@code released-contract-order}, reaches the ERP), and a
 * fully cancelled order arrives cancelled.
 */
class WalmartMappingTest {

    private static final Path FIXTURES = Path.of("src/test/resources/mappings/walmart");
    private static final ObjectMapper CHANNEL_JSON = new MappingObjectMapper();
    private static final OrderValidator VALIDATOR = new OrderValidator(ShippedDefaults.bind(ValidationProperties.class));
    private static Expression mapping;

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> cases = Files.list(FIXTURES)) {
            return cases.filter(p -> Files.exists(p.resolve("input.json"))).map(p -> p.getFileName().toString())
                    .sorted().toList().stream();
        }
    }

    private static CanonicalOrder map(JsonNode payload) throws IOException {
        if (mapping == null) {
            mapping = Parser.compileString(Files.readString(Path.of("mappings/walmart/walmart-order-to-canonical.jslt")));
        }
        JsonNode input = CHANNEL_JSON.readTree(WalmartOrders.JSON.writeValueAsString(payload));
        return CanonicalEnricher.enrich(OrderJson.read(mapping.apply(input).toString()), "default");
    }

    private static JsonNode input(String fixture) throws IOException {
        return WalmartOrders.JSON.readTree(FIXTURES.resolve(fixture).resolve("input.json").toFile());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureInputIsWhatThePollerQueues(String fixture) throws IOException {
        JsonNode input = input(fixture);
        assertThat(WalmartOrders.payload(input.get("order"))).isEqualTo(input);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void openOrdersValidateWithoutHold_cancelledOnesArriveCancelled(String fixture) throws IOException {
        CanonicalOrder order = map(input(fixture));
        assertThat(order.channel()).isEqualTo("walmart");
        assertThat(order.channelOrderId()).isEqualTo(input(fixture).at("/order/purchaseOrderId").asText());
        if (WalmartOrders.isCancelled(input(fixture).get("order"))) {
            assertThat(order.cancelledAt()).isNotNull();
            assertThat(order.payment().status()).isEqualTo("VOIDED");
        } else {
            assertThat(order.cancelledAt()).isNull();
            assertThat(VALIDATOR.validate(order)).as(OrderJson.write(order)).isEmpty();
        }
    }

    @Test
    void contractReleasedOrder_validatesAndCountsTheLineAsTheTotal() throws IOException {
        CanonicalOrder order = map(input("released-contract-order"));
        assertThat(VALIDATOR.validate(order)).isEmpty();
        assertThat(order.channelOrderId()).isEqualTo("2575193093772");
        assertThat(order.channelOrderNumber()).isEqualTo("4021603841173");
        assertThat(order.shipTo().countryCode()).isEqualTo("US");
        assertThat(order.shipTo().line1()).isEqualTo("5 Test St");
        assertThat(order.lines()).singleElement().satisfies(l -> {
            assertThat(l.quantity()).isEqualTo(1);
            assertThat(l.amount()).isEqualByComparingTo("10.0");
        });
        assertThat(order.totals().grandTotal()).isEqualByComparingTo("10.00");
        assertThat(order.payment().status()).isEqualTo("PAID");
        assertThat(order.fulfilledBy()).isEqualTo("MERCHANT");
    }

    @Test
    void wfsOrderIsFulfilledByWalmart() throws IOException {
        assertThat(map(input("wfs-fulfilled-by-walmart")).fulfilledBy()).isEqualTo("CHANNEL");
    }

    @Test
    void cancelledLineLeavesTheLinesAndTheTotal_butStaysInExtensions() throws IOException {
        CanonicalOrder order = map(input("multi-line-tax-shipping-discount"));
        assertThat(order.lines()).extracting(CanonicalOrder.Line::lineId).containsExactly("1", "2");
        assertThat(order.extensions().at("/cancelledLines/0/lineNumber").asText()).isEqualTo("3");
        assertThat(order.totals().grandTotal()).isEqualByComparingTo("38.63");
        assertThat(order.channelUpdatedAt()).hasToString("2019-09-14T14:06:40.456Z");
    }

    @Test
    void grandTotalIsTheExactSumOfOpenLineChargesAndTaxes_discountsSubtracted() throws IOException {
        JsonNode o = WalmartOrdersTest.orderWith(
                WalmartOrdersTest.line("1", "Created", 1568466647000L, WalmartOrdersTest.charge("PRODUCT", "ItemPrice",
                        "0.1", "0.01") + "," + WalmartOrdersTest.charge("SHIPPING", "Shipping", "0.2", "0.02") + ","
                        + WalmartOrdersTest.charge("PRODUCT", "SubscriptionDiscount", "-0.05", null)),
                WalmartOrdersTest.line("2", "Created", 1568466647000L, WalmartOrdersTest.charge("PRODUCT", "ItemPrice",
                        "10.0", null)),
                WalmartOrdersTest.line("3", "Cancelled", 1568466699000L, WalmartOrdersTest.charge("PRODUCT", "ItemPrice",
                        "99.99", "8.00")));
        // 0.1 + 0.01 + 0.2 + 0.02 - 0.05 + 10.0, never a binary-float 10.280000000000001
        assertThat(map(WalmartOrders.payload(o)).totals().grandTotal()).hasToString("10.28");
    }

    @Test
    void positiveDiscountChargeIsStillSubtracted() throws IOException {
        JsonNode o = WalmartOrdersTest.orderWith(WalmartOrdersTest.line("1", "Created", 1L,
                WalmartOrdersTest.charge("PRODUCT", "ItemPrice", "20.00", null) + ","
                        + WalmartOrdersTest.charge("PRODUCT", "SubscriptionDiscount", "2.00", null)));
        assertThat(map(WalmartOrders.payload(o)).totals().grandTotal()).hasToString("18.00");
    }

    @Test
    void unknownChargesCountInTheTotal_soTheLinesDoNotAddUpAndAPersonLooks() throws IOException {
        JsonNode o = WalmartOrdersTest.orderWith(WalmartOrdersTest.line("1", "Created", 1L,
                WalmartOrdersTest.charge("PRODUCT", "ItemPrice", "20.00", null) + ","
                        + WalmartOrdersTest.charge("FEE", "RecyclingFee", "0.50", null)));
        CanonicalOrder order = map(WalmartOrders.payload(o));
        assertThat(order.totals().grandTotal()).hasToString("20.50");
        assertThat(VALIDATOR.validate(order)).containsKey(HoldReason.TOTALS_MISMATCH);
    }
}
