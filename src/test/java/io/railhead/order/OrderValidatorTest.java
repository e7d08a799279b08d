package io.railhead.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.support.ShippedDefaults;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each business rule of the validate stage, on a valid order changed in one way at a time. */
class OrderValidatorTest {

    private final OrderValidator defaults = new OrderValidator(ShippedDefaults.bind(ValidationProperties.class));

    private static CanonicalOrder order(Consumer<ObjectNode> change) throws IOException {
        ObjectNode json = (ObjectNode) OrderJson.MAPPER.readTree(
                new File("src/test/resources/mappings/shopify/paid-taxes-excluded/expected.json"));
        change.accept(json);
        return OrderJson.read(json);
    }

    private static ObjectNode line(ObjectNode order, int i) {
        return (ObjectNode) order.withArray("lines").get(i);
    }

    @Test
    void releasesAValidPaidOrder() throws IOException {
        assertThat(defaults.validate(order(o -> { }))).isEmpty();
    }

    @Test
    void holdsLineWithoutSku_missingSku() throws IOException {
        assertThat(defaults.validate(order(o -> line(o, 1).remove("sku"))))
                .containsOnlyKeys(HoldReason.MISSING_SKU);
        assertThat(defaults.validate(order(o -> line(o, 0).put("sku", "  "))))
                .containsOnlyKeys(HoldReason.MISSING_SKU);
    }

    @Test
    void holdsZeroOrNegativeQuantity_invalidQuantity() throws IOException {
        assertThat(defaults.validate(order(o -> line(o, 0).put("quantity", 0).put("lineTotal", "0.00"))))
                .containsKey(HoldReason.INVALID_QUANTITY);
        assertThat(defaults.validate(order(o -> line(o, 1).put("quantity", -1))))
                .containsKey(HoldReason.INVALID_QUANTITY);
    }

    @Test
    void holdsLinesThatDoNotAddUpToTheSubtotal_totalsMismatch() throws IOException {
        assertThat(defaults.validate(order(o -> o.with("totals").put("subtotal", "80.00").put("grandTotal", "106.65"))))
                .containsOnlyKeys(HoldReason.TOTALS_MISMATCH)
                .extractingByKey(HoldReason.TOTALS_MISMATCH).asString().contains("the lines add up to 89.97");
    }

    @Test
    void holdsALineDiscountedBelowZero_invalidAmount() throws IOException {
        assertThat(defaults.validate(order(o -> line(o, 0).put("lineTotal", "-5.00"))))
                .containsKey(HoldReason.INVALID_AMOUNT);
    }

    @Test
    void holdsShippableOrderWithoutAddress_missingShipTo() throws IOException {
        assertThat(defaults.validate(order(o -> o.remove("shipTo")))).containsOnlyKeys(HoldReason.MISSING_SHIP_TO);
    }

    @Test
    void addressWithoutStreetOrPostalCodeIsMissing_butPostalCodeAloneRoutes() throws IOException {
        assertThat(defaults.validate(order(o -> o.with("shipTo").remove(List.of("line1", "line2", "postalCode")))))
                .containsOnlyKeys(HoldReason.MISSING_SHIP_TO);
        assertThat(defaults.validate(order(o -> o.with("shipTo").remove(List.of("line1", "line2"))))).isEmpty();
    }

    @Test
    void releasesDigitalOnlyOrderWithoutAddress() throws IOException {
        assertThat(defaults.validate(order(o -> {
            o.remove("shipTo");
            o.withArray("lines").forEach(l -> ((ObjectNode) l).put("requiresShipping", false));
        }))).isEmpty();
    }

    @Test
    void holdsUnpaidOrder_paymentPending() throws IOException {
        assertThat(defaults.validate(order(o -> o.with("payment").put("status", "PENDING"))))
                .containsOnlyKeys(HoldReason.PAYMENT_PENDING);
        assertThat(defaults.validate(order(o -> o.with("payment").put("status", "AUTHORIZED")))).isEmpty();
    }

    @Test
    void releasingPaymentStatusesAreConfiguration() throws IOException {
        OrderValidator paidOnly = new OrderValidator(ShippedDefaults.bind(ValidationProperties.class,
                Map.of("railhead.validation.release-payment-statuses", "PAID")));
        assertThat(paidOnly.validate(order(o -> o.with("payment").put("status", "AUTHORIZED"))))
                .containsOnlyKeys(HoldReason.PAYMENT_PENDING);
    }

    @Test
    void holdsOrderWhoseTotalsDoNotAddUp_totalsMismatch() throws IOException {
        assertThat(defaults.validate(order(o -> o.with("totals").put("grandTotal", "116.64"))))
                .containsOnlyKeys(HoldReason.TOTALS_MISMATCH);
        assertThat(defaults.validate(order(o -> o.with("totals").put("grandTotal", "116.63"))))
                .as("a cent of rounding is tolerated").isEmpty();
    }

    @Test
    void taxIsNotAddedTwiceWhenPricesIncludeIt() throws IOException {
        // subtotal 89.97 + shipping 14.95 = 104.92 with the 11.70 tax already inside the prices
        assertThat(defaults.validate(order(o -> o.with("totals").put("taxesIncluded", true).put("grandTotal", "104.92"))))
                .isEmpty();
        assertThat(defaults.validate(order(o -> o.with("totals").put("taxesIncluded", true))))
                .containsOnlyKeys(HoldReason.TOTALS_MISMATCH);
    }

    @Test
    void holdsRiskyOrders_highRisk() throws IOException {
        assertThat(defaults.validate(order(o -> o.put("riskLevel", "high")))).containsOnlyKeys(HoldReason.HIGH_RISK);
        assertThat(defaults.validate(order(o -> ((ArrayNode) o.get("tags")).add("Fraud-Review"))))
                .containsOnlyKeys(HoldReason.HIGH_RISK);
        assertThat(defaults.validate(order(o -> o.put("riskLevel", "LOW")))).isEmpty();
    }

    @Test
    void collectsEveryReasonAtOnce() throws IOException {
        assertThat(defaults.validate(order(o -> {
            line(o, 0).remove("sku");
            o.remove("shipTo");
            o.with("payment").put("status", "PENDING");
            o.put("riskLevel", "HIGH");
        }))).containsOnlyKeys(HoldReason.MISSING_SKU, HoldReason.MISSING_SHIP_TO, HoldReason.PAYMENT_PENDING,
                HoldReason.HIGH_RISK);
    }

    @Test
    void aRuleCanBeSwitchedOff() throws IOException {
        OrderValidator lenient = new OrderValidator(ShippedDefaults.bind(ValidationProperties.class, Map.of(
                "railhead.validation.totals-tolerance", "0.05", "railhead.validation.disabled-rules", "HIGH_RISK")));
        assertThat(lenient.validate(order(o -> o.put("riskLevel", "HIGH")))).isEmpty();
        assertThat(lenient.validate(order(o -> o.with("totals").put("grandTotal", "116.66")))).isEmpty();
    }

    @Test
    void schemaViolationsAreHeld_schemaInvalid() throws IOException {
        assertThat(defaults.validate(order(o -> o.put("currency", "dollars"))))
                .containsOnlyKeys(HoldReason.SCHEMA_INVALID);
    }

    @Test
    void coordinatesAreOptionalButMustBeDegrees() throws IOException {
        assertThat(defaults.validate(order(o -> o.with("shipTo").remove(List.of("latitude", "longitude"))))).isEmpty();
        assertThat(defaults.validate(order(o -> o.with("shipTo").put("latitude", 91.0))))
                .containsOnlyKeys(HoldReason.SCHEMA_INVALID);
    }
}
