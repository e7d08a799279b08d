package io.railhead.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.support.ShippedDefaults;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The enricher's money arithmetic: amounts a mapping wrote in minor units become exact decimals by
 * the currency's fraction digits (never rounded, never guessed), before the sums are made.
 */
class CanonicalEnricherTest {

    /** A point-of-sale order as a mapping writes it in minor units: two lines, a tax line, a shipping line. */
    private static CanonicalOrder mapped(String currency, String amountsIn) {
        return OrderJson.read("""
                {"channel": "pos", "channelOrderId": "S-1", "sourceAccount": "store-1", "currency": "%s",
                 %s
                 "lines": [
                   {"lineId": "1", "sku": "MUG-1", "quantity": 2, "unitPrice": 1250, "discount": 100,
                    "taxLines": [{"title": "state", "amount": 184}]},
                   {"lineId": "2", "sku": "TEA-9", "quantity": 1, "unitPrice": 499, "discount": 0, "tax": 40}],
                 "totals": {"grandTotal": 3622, "taxesIncluded": false},
                 "shipping": {"serviceLevel": "STANDARD", "lines": [{"code": "std", "price": 499}]},
                 "payment": {"status": "PAID"}, "fulfilledBy": "CHANNEL"}
                """.formatted(currency, amountsIn == null ? "" : "\"amountsIn\": \"" + amountsIn + "\","));
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource({
            "1250, USD, 2, 12.50",
            "1250, JPY, 0, 1250",
            "1250, BHD, 3, 1.250",
            "5, USD, 2, 0.05",
            "0, USD, 2, 0.00",
            "0, JPY, 0, 0",
            "0, BHD, 3, 0.000",
            "900000000000, USD, 2, 9000000000.00",
            "1250.0, USD, 2, 12.50",
            "1.25E+3, USD, 2, 12.50",
            "-450, USD, 2, -4.50"})
    void minorUnitsBecomeTheDecimalTheyStandFor_atTheCurrencysScale(String minor, String currency, int digits,
                                                                    String decimal) {
        assertThat(CanonicalEnricher.fractionDigits(currency)).hasValue(digits);
        assertThat(CanonicalEnricher.fromMinorUnits(new BigDecimal(minor), digits).toPlainString()).isEqualTo(decimal);
    }

    @Test
    void aFractionOfAMinorUnit_isKeptExactly_neverRounded() {
        assertThat(CanonicalEnricher.fromMinorUnits(new BigDecimal("12.5"), 2).toPlainString()).isEqualTo("0.125");
    }

    @Test
    void theValueOfMinorUnits_onlyMovesTheDecimalPoint_soAbsurdExponentsStayCheap() {
        BigDecimal huge = new BigDecimal("1E+999999999");
        assertThat(CanonicalEnricher.valueOfMinorUnits(huge, 2)).isEqualByComparingTo(new BigDecimal("1E+999999997"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"XAU", "XXX", "XYZ", "usd", "''"})
    void aCurrencyWithoutKnownFractionDigits_hasNone(String currency) {
        assertThat(CanonicalEnricher.fractionDigits(currency)).isEmpty();
        assertThat(CanonicalEnricher.fractionDigits(null)).isEqualTo(OptionalInt.empty());
    }

    @Test
    void anOrderInMinorUnits_isEnrichedInDecimals_andNoLongerSaysMinorUnits() {
        CanonicalOrder o = CanonicalEnricher.enrich(mapped("USD", "MINOR_UNITS"), "fallback");

        assertThat(o.amountsIn()).isNull();
        CanonicalOrder.Line mug = o.lines().get(0);
        assertThat(mug.unitPrice()).isEqualTo("12.50");
        assertThat(mug.discount()).isEqualTo("1.00");
        assertThat(mug.taxLines().get(0).amount()).isEqualTo("1.84");
        assertThat(mug.tax()).as("from its tax lines").isEqualTo("1.84");
        assertThat(mug.lineTotal()).isEqualTo("24.00");
        assertThat(o.lines().get(1).tax()).isEqualTo("0.40");
        assertThat(o.shipping().lines().get(0).price()).isEqualTo("4.99");
        assertThat(o.totals().subtotal()).isEqualTo("29.99");
        assertThat(o.totals().discount()).isEqualTo("1.00");
        assertThat(o.totals().shipping()).isEqualTo("4.99");
        assertThat(o.totals().tax()).isEqualTo("2.24");
        assertThat(o.totals().grandTotal()).isEqualTo("36.22");
        JsonNode json = OrderJson.tree(o);
        assertThat(json.has("amountsIn")).isFalse();
        assertThat(json.at("/lines/0/unitPrice").asText()).isEqualTo("12.50");
    }

    @Test
    void aZeroDigitCurrency_hasNoDecimalsToMove() {
        CanonicalOrder o = CanonicalEnricher.enrich(mapped("JPY", "MINOR_UNITS"), "fallback");

        assertThat(o.lines().get(0).unitPrice().toPlainString()).isEqualTo("1250");
        assertThat(o.lines().get(0).lineTotal().toPlainString()).isEqualTo("2400");
        assertThat(o.totals().grandTotal().toPlainString()).isEqualTo("3622");
    }

    @Test
    void aThreeDigitCurrency_movesThree() {
        CanonicalOrder o = CanonicalEnricher.enrich(mapped("BHD", "MINOR_UNITS"), "fallback");

        assertThat(o.lines().get(0).unitPrice().toPlainString()).isEqualTo("1.250");
        assertThat(o.lines().get(0).lineTotal().toPlainString()).isEqualTo("2.400");
        assertThat(o.totals().grandTotal().toPlainString()).isEqualTo("3.622");
    }

    @Test
    void decimalAmounts_areTakenAsTheyAre() {
        CanonicalOrder unmarked = CanonicalEnricher.enrich(mapped("USD", null), "fallback");
        CanonicalOrder decimal = CanonicalEnricher.enrich(mapped("USD", "DECIMAL"), "fallback");

        assertThat(unmarked.lines().get(0).unitPrice()).isEqualTo("1250");
        assertThat(unmarked.totals().grandTotal()).isEqualTo("3622");
        assertThat(OrderJson.tree(decimal)).isEqualTo(OrderJson.tree(unmarked));
    }

    @Test
    void enrichingAgain_convertsNothingTwice() {
        CanonicalOrder once = CanonicalEnricher.enrich(mapped("USD", "MINOR_UNITS"), "fallback");

        assertThat(OrderJson.tree(CanonicalEnricher.enrich(once, "fallback"))).isEqualTo(OrderJson.tree(once));
    }

    @Test
    void minorUnitsOfACurrencyWithoutKnownDigits_areNeverGuessed() {
        assertThatThrownBy(() -> CanonicalEnricher.enrich(mapped("XYZ", "MINOR_UNITS"), "fallback"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'XYZ'");
    }

    @Test
    void theContractRefusesAnOrderThatStillSaysMinorUnits() {
        OrderValidator validator = new OrderValidator(ShippedDefaults.bind(ValidationProperties.class));
        CanonicalOrder enriched = CanonicalEnricher.enrich(mapped("USD", "MINOR_UNITS"), "fallback");
        CanonicalOrder stillMarked = CanonicalEnricher.enrich(mapped("USD", null), "fallback");
        JsonNode marked = ((ObjectNode) OrderJson.tree(stillMarked))
                .put("amountsIn", "MINOR_UNITS");

        assertThat(validator.validate(enriched)).doesNotContainKey(HoldReason.SCHEMA_INVALID);
        assertThat(validator.validate(stillMarked, marked, Map.of()))
                .extractingByKey(HoldReason.SCHEMA_INVALID).asString().contains("amountsIn");
    }

    @Test
    void aTotalTheChannelDidNotSend_isTheExactSumOfTheListedParts() {
        List<CanonicalOrder.TotalPart> parts = List.of(new CanonicalOrder.TotalPart(new BigDecimal("12.50"), 2, null),
                new CanonicalOrder.TotalPart(new BigDecimal("1.00"), null, true),
                new CanonicalOrder.TotalPart(new BigDecimal("-0.05"), null, true),
                new CanonicalOrder.TotalPart(new BigDecimal("0.1"), null, false),
                new CanonicalOrder.TotalPart(new BigDecimal("0.2"), null, null));
        // 25.00 - 1.00 - 0.05 + 0.1 + 0.2: a subtracted part counts as minus whatever its sign, and no float is involved.
        assertThat(CanonicalEnricher.sum(parts, "USD")).hasToString("24.25");
        assertThat(CanonicalEnricher.sum(List.of(new CanonicalOrder.TotalPart(new BigDecimal("10"), null, null)), "USD"))
                .hasToString("10.00");
        assertThat(CanonicalEnricher.sum(List.of(new CanonicalOrder.TotalPart(new BigDecimal("1.250"), null, null)),
                "BHD")).hasToString("1.250");
    }

    @Test
    void aPartWithoutAmount_leavesTheOrderWithoutTotal_neverAShortOne() {
        assertThat(CanonicalEnricher.sum(List.of(new CanonicalOrder.TotalPart(new BigDecimal("5.00"), null, null),
                new CanonicalOrder.TotalPart(null, null, null)), "USD")).isNull();
    }
}
