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
    void creditsMayBeNegative_aTaxLineOnADiscount_aShippingDiscount_aPartOfATotal() throws IOException {
        ObjectNode order = mapped(o -> {
            line(o, 0).putArray("taxLines").addObject().put("title", "Tax on discount").put("amount", "-0.18");
            o.putObject("shipping").putArray("lines").addObject().put("code", "ShippingDiscount").put("price", "-1.00");
            o.withObject("totals").putArray("grandTotalOf").addObject().put("amount", "-2.20");
        });
        assertThat(checks.check(order)).isEmpty();
        assertThat(line(order, 0).at("/taxLines/0/amount").asText()).isEqualTo("-0.18");
        // What a buyer is charged for a line is never a credit.
        assertThat(verdict(mapped(o -> line(o, 0).put("discount", "-1.00"))))
                .extractingByKey(HoldReason.INVALID_AMOUNT).asString().contains("is negative");
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

    /** An order as a mapping writes it in minor units of {@code currency}. */
    private static ObjectNode inMinorUnits(String currency, Consumer<ObjectNode> change) throws IOException {
        ObjectNode o = (ObjectNode) OrderJson.MAPPER.readTree("""
                {"channel": "pos", "channelOrderId": "S-1", "currency": "USD", "amountsIn": "MINOR_UNITS",
                 "lines": [{"lineId": "1", "sku": "MUG-1", "quantity": 2, "unitPrice": 1250, "discount": 100, "tax": 184}],
                 "totals": {"grandTotal": 2584}, "payment": {"status": "PAID"}, "fulfilledBy": "CHANNEL"}
                """);
        if (currency == null) {
            o.remove("currency");
        } else {
            o.put("currency", currency);
        }
        change.accept(o);
        return o;
    }

    @Test
    void minorUnits_areHeldToTheLimitsOfTheDecimalsTheyStandFor() throws IOException {
        assertThat(checks.check(inMinorUnits("USD", o -> line(o, 0).put("unitPrice", 100_000_000)))).isEmpty();
        assertThat(checks.check(inMinorUnits("USD", o -> line(o, 0).put("unitPrice", 100_000_001))))
                .extractingByKey(HoldReason.INVALID_AMOUNT).asString()
                .isEqualTo("line 1 unitPrice '100000001' (minor units of USD) is above the limit of 1000000");
        assertThat(checks.check(inMinorUnits("JPY", o -> line(o, 0).put("unitPrice", 1_000_000)))).isEmpty();
        assertThat(checks.check(inMinorUnits("JPY", o -> line(o, 0).put("unitPrice", 1_000_001))))
                .containsKey(HoldReason.INVALID_AMOUNT);
        assertThat(checks.check(inMinorUnits("USD", o -> line(o, 0).put("discount", -100))))
                .extractingByKey(HoldReason.INVALID_AMOUNT).asString().contains("'-100' (minor units of USD) is negative");
    }

    @Test
    void minorUnits_mustBeWholeMinorUnits_trailingZerosAreWhole() throws IOException {
        ObjectNode half = inMinorUnits("USD", o -> line(o, 0).put("unitPrice", new BigDecimal("1250.5")));
        assertThat(checks.check(half)).extractingByKey(HoldReason.INVALID_AMOUNT).asString()
                .contains("'1250.5' (minor units of USD) is not a whole number of minor units");
        assertThat(line(half, 0).get("unitPrice").isNull()).isTrue();
        assertThat(checks.check(inMinorUnits("USD", o -> line(o, 0).put("unitPrice", "1250.00")))).isEmpty();
        assertThat(checks.check(inMinorUnits("USD", o -> line(o, 0).put("unitPrice", "12 USD"))))
                .extractingByKey(HoldReason.INVALID_AMOUNT).asString().contains("is not a number of minor units");
    }

    @Test
    void minorUnits_withAbsurdExponents_areHeldWithoutBeingExpanded() throws IOException {
        for (String absurd : new String[] {"1E+999999999", "1E-999999999"}) {
            assertThat(checks.check(inMinorUnits("USD", o -> o.with("totals").put("grandTotal", new BigDecimal(absurd)))))
                    .as(absurd).containsKey(HoldReason.INVALID_AMOUNT);
        }
    }

    @Test
    void minorUnitsOfACurrencyWithoutKnownDigits_areAllLeftOut_andHeldOnce_neverGuessed() throws IOException {
        ObjectNode unknown = inMinorUnits("XYZ", o -> { });
        assertThat(checks.check(unknown)).containsOnlyKeys(HoldReason.INVALID_AMOUNT)
                .extractingByKey(HoldReason.INVALID_AMOUNT).asString().isEqualTo("amounts are in minor units of 'XYZ', "
                        + "a currency whose fraction digits are unknown: they are left out, not guessed");
        assertThat(line(unknown, 0).get("unitPrice").isNull()).isTrue();
        assertThat(line(unknown, 0).get("tax").isNull()).isTrue();
        assertThat(unknown.at("/totals/grandTotal").isNull()).isTrue();
        assertThat(verdict(inMinorUnits("XYZ", o -> { }))).containsKey(HoldReason.INVALID_AMOUNT);

        assertThat(checks.check(inMinorUnits(null, o -> { }))).extractingByKey(HoldReason.INVALID_AMOUNT).asString()
                .startsWith("amounts are in minor units but the order names no currency");
        assertThat(checks.check(inMinorUnits("XAU", o -> { }))).containsKey(HoldReason.INVALID_AMOUNT);
    }

    @Test
    void decimalAmountsOfAnUnknownCurrency_areStillTakenWithTwoDecimals() throws IOException {
        assertThat(checks.check(mapped(o -> o.put("currency", "XYZ")))).isEmpty();
    }
}
