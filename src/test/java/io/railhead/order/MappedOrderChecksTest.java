package io.railhead.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.support.ShippedDefaults;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Values the ERP must never receive, caught before anything computes with them: each case is a valid
 * mapped Shopify order changed in one place. A failing value is named in the hold and taken out of the
 * order (never truncated, never expanded), and the order can still be read and validated.
 */
class MappedOrderChecksTest {

    private final ValidationProperties rules = ShippedDefaults.bind(ValidationProperties.class);
    private final MappedOrderChecks checks = new MappedOrderChecks(rules);
    private final OrderValidator validator = new OrderValidator(rules);

    private static ObjectNode mapped(Consumer<ObjectNode> change) throws IOException {
        ObjectNode json = (ObjectNode) OrderJson.MAPPER.readTree(
                new File("src/test/resources/mappings/shopify/paid-taxes-excluded/expected.json"));
        change.accept(json);
        return json;
    }

    private static ObjectNode line(ObjectNode order, int i) {
        return (ObjectNode) order.withArray("lines").get(i);
    }

    /** Checks, then binds, enriches and validates as the intake does: the final verdict. */
    private Map<HoldReason, String> verdict(ObjectNode mapped) {
        Map<HoldReason, String> found = checks.check(mapped);
        return validator.validate(CanonicalEnricher.enrich(OrderJson.read(mapped), "shop"), found);
    }

    @Test
    void aValidOrderPasses() throws IOException {
        assertThat(verdict(mapped(o -> { }))).isEmpty();
    }

    @Test
    void fractionalQuantity_isHeld_notTruncated() throws IOException {
        ObjectNode order = mapped(o -> line(o, 0).put("quantity", new BigDecimal("2.5")));
        assertThat(checks.check(order)).containsOnlyKeys(HoldReason.INVALID_QUANTITY)
                .extractingByKey(HoldReason.INVALID_QUANTITY).asString().contains("'2.5' is not a whole number");
        assertThat(line(order, 0).get("quantity").isNull()).isTrue();
        assertThat(verdict(mapped(o -> line(o, 0).put("quantity", new BigDecimal("2.5")))))
                .containsKey(HoldReason.INVALID_QUANTITY);
    }

    @Test
    void wholeQuantityWrittenWithADecimalPoint_isThatManyUnits() throws IOException {
        ObjectNode order = mapped(o -> line(o, 0).put("quantity", new BigDecimal("2.0")));
        assertThat(checks.check(order)).isEmpty();
        assertThat(line(order, 0).get("quantity").asInt()).isEqualTo(2);
    }

    @Test
    void quantityAboveTheLimit_isHeld() throws IOException {
        assertThat(verdict(mapped(o -> line(o, 0).put("quantity", 5_000_000))))
                .extractingByKey(HoldReason.INVALID_QUANTITY).asString().contains("out of range");
    }

    @Test
    void negativeUnitPrice_isHeld() throws IOException {
        assertThat(verdict(mapped(o -> line(o, 0).put("unitPrice", "-12.00"))))
                .extractingByKey(HoldReason.INVALID_AMOUNT).asString().contains("'-12.00' is negative");
    }

    @Test
    void absurdAmounts_areHeld_withoutEverBeingExpanded() throws IOException {
        assertThat(verdict(mapped(o -> line(o, 0).put("unitPrice", new BigDecimal("1e308")))))
                .containsKey(HoldReason.INVALID_AMOUNT);
        assertThat(verdict(mapped(o -> line(o, 0).put("unitPrice", new BigDecimal("1E+400")))))
                .containsKey(HoldReason.INVALID_AMOUNT);
        // an exponent this size would take forever to add to anything
        assertThat(verdict(mapped(o -> o.with("totals").put("grandTotal", new BigDecimal("1E+999999999")))))
                .containsKey(HoldReason.INVALID_AMOUNT);
        assertThat(verdict(mapped(o -> line(o, 0).put("unitPrice", "1E+400"))))
                .extractingByKey(HoldReason.INVALID_AMOUNT).asString().contains("'1E+400' is not a decimal amount");
    }

    @Test
    void moreDecimalsThanTheCurrencyHas_isHeld_trailingZerosAreNot() throws IOException {
        assertThat(verdict(mapped(o -> line(o, 0).put("unitPrice", "12.005"))))
                .extractingByKey(HoldReason.INVALID_AMOUNT).asString().contains("has more than 2 decimals");
        assertThat(checks.check(mapped(o -> line(o, 0).put("unitPrice", "12.500")))).isEmpty();
        assertThat(checks.check(mapped(o -> o.put("currency", "JPY").with("totals").put("shipping", "5.50"))))
                .extractingByKey(HoldReason.INVALID_AMOUNT).asString().contains("has more than 0 decimals");
    }

    @Test
    void aChannelQuotingFractionsOfACent_getsItsUnitPriceDecimals() throws IOException {
        ObjectNode edi = mapped(o -> {
            o.put("channel", "edi");
            line(o, 0).put("unitPrice", "12.0125");
        });
        assertThat(checks.check(edi)).isEmpty();
        assertThat(checks.check(mapped(o -> {
            o.put("channel", "edi");
            line(o, 0).put("lineTotal", "12.0125");
        }))).as("a line total is still money in the currency").containsKey(HoldReason.INVALID_AMOUNT);
    }

    @Test
    void amountAboveTheCeiling_isHeld() throws IOException {
        assertThat(verdict(mapped(o -> o.with("totals").put("grandTotal", "2000000.00"))))
                .extractingByKey(HoldReason.INVALID_AMOUNT).asString().contains("above the limit of 1000000");
    }
}
