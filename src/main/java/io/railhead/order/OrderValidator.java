package io.railhead.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.railhead.order.CanonicalOrder.Line;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Decides whether a canonical order may be released: first the canonical JSON Schema, then the
 * business rules, each failing rule adding its reason code. All reasons are collected, so an
 * operator sees everything wrong with an order at once. Rule parameters come from
 * {@link ValidationProperties}.
 */
@Component
public class OrderValidator {

    private static final String SCHEMA = "/canonical-order.schema.json";

    private final ValidationProperties rules;
    private final JsonSchema schema;

    public OrderValidator(ValidationProperties rules) {
        this.rules = rules;
        try (InputStream in = OrderValidator.class.getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException("canonical order schema missing from the classpath: " + SCHEMA);
            }
            this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The outcome: empty when the order may be released, otherwise every reason with a short detail. */
    public Map<HoldReason, String> validate(CanonicalOrder order) {
        return validate(order, Map.of());
    }

    /**
     * As {@link #validate(CanonicalOrder)}, with the holds found before the order was bound (its numbers,
     * a channel adapter's own verdict) first: a rule switched off is off for those too.
     */
    public Map<HoldReason, String> validate(CanonicalOrder order, Map<HoldReason, String> found) {
        return validate(order, OrderJson.tree(order), found);
    }

    /** As {@link #validate(CanonicalOrder, Map)}, for a caller that has the order's JSON already (and stores it). */
    public Map<HoldReason, String> validate(CanonicalOrder order, JsonNode json, Map<HoldReason, String> found) {
        Map<HoldReason, String> holds = new EnumMap<>(HoldReason.class);
        found.forEach((reason, detail) -> hold(holds, reason, detail));
        Set<ValidationMessage> schemaErrors = schema.validate(json);
        if (!schemaErrors.isEmpty()) {
            holds.put(HoldReason.SCHEMA_INVALID, schemaErrors.stream().map(ValidationMessage::getMessage)
                    .sorted().limit(5).collect(Collectors.joining("; ")));
        }
        List<Line> lines = order.lines() == null ? List.of() : order.lines();
        if (lines.isEmpty()) {
            hold(holds, HoldReason.INVALID_QUANTITY, "order has no lines");
        }
        List<String> noSku = new ArrayList<>();
        List<String> badQty = new ArrayList<>();
        List<String> negative = new ArrayList<>();
        for (Line l : lines) {
            if (l.lineTotal() != null && l.lineTotal().signum() < 0) {
                negative.add(l.lineId());
            }
            if (l.sku() == null || l.sku().isBlank()) {
                noSku.add(l.lineId());
            }
            if (l.quantity() == null || l.quantity() <= 0) {
                badQty.add(l.lineId());
            }
        }
        if (!noSku.isEmpty()) {
            hold(holds, HoldReason.MISSING_SKU, "lines without SKU: " + noSku);
        }
        if (!badQty.isEmpty() && !holds.containsKey(HoldReason.INVALID_QUANTITY)) {
            // (a quantity the number checks took out is already named, with the value that was sent)
            hold(holds, HoldReason.INVALID_QUANTITY, "lines with quantity <= 0: " + badQty);
        }
        if (!negative.isEmpty()) {
            hold(holds, HoldReason.INVALID_AMOUNT, "lines whose discount exceeds their price: " + negative);
        }
        boolean shippable = lines.stream().anyMatch(l -> !Boolean.FALSE.equals(l.requiresShipping()));
        if (shippable && "MERCHANT".equals(order.fulfilledBy()) && !hasAddress(order.shipTo())) {
            hold(holds, HoldReason.MISSING_SHIP_TO, "shippable lines but no ship-to address");
        }
        String payment = order.payment() == null ? null : order.payment().status();
        if (payment == null || !rules.releasePaymentStatuses().contains(payment)) {
            hold(holds, HoldReason.PAYMENT_PENDING, "payment status " + payment);
        }
        checkTotals(order, holds);
        checkRisk(order, holds);
        return holds;
    }

    private void checkTotals(CanonicalOrder order, Map<HoldReason, String> holds) {
        CanonicalOrder.Totals t = order.totals();
        if (t == null || t.grandTotal() == null) {
            hold(holds, HoldReason.TOTALS_MISMATCH, "no grand total");
            return;
        }
        if (t.grandTotal().compareTo(rules.maxAmount()) > 0) {
            hold(holds, HoldReason.INVALID_AMOUNT, "grand total " + t.grandTotal().toPlainString()
                    + " is above the limit of " + rules.maxAmount().toPlainString());
        }
        BigDecimal lines = linesGross(order);
        if (lines != null && t.subtotal() != null && lines.subtract(t.subtotal()).abs().compareTo(rules.totalsTolerance()) > 0) {
            hold(holds, HoldReason.TOTALS_MISMATCH, "the lines add up to " + lines.toPlainString()
                    + " but the subtotal is " + t.subtotal().toPlainString());
        }
        BigDecimal expected = t.subtotal().subtract(t.discount()).add(t.shipping());
        if (!Boolean.TRUE.equals(t.taxesIncluded())) {
            expected = expected.add(t.tax());
        }
        BigDecimal diff = expected.subtract(t.grandTotal()).abs();
        if (diff.compareTo(rules.totalsTolerance()) > 0) {
            hold(holds, HoldReason.TOTALS_MISMATCH, "computed " + expected.toPlainString() + " but grand total is "
                    + t.grandTotal().toPlainString());
        }
    }

    /** The lines' prices before discounts, added up; null when a line has no price to add (already held). */
    private static BigDecimal linesGross(CanonicalOrder order) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Line l : order.lines() == null ? List.<Line>of() : order.lines()) {
            BigDecimal gross = l.amount() != null ? l.amount()
                    : l.unitPrice() != null && l.quantity() != null ? l.unitPrice().multiply(BigDecimal.valueOf(l.quantity()))
                    : null;
            if (gross == null) {
                return null;
            }
            sum = sum.add(gross);
        }
        return sum;
    }

    private void checkRisk(CanonicalOrder order, Map<HoldReason, String> holds) {
        String level = order.riskLevel() == null ? null : order.riskLevel().toUpperCase(Locale.ROOT);
        if (level != null && rules.highRiskLevels().contains(level)) {
            hold(holds, HoldReason.HIGH_RISK, "risk level " + level);
            return;
        }
        if (order.tags() != null) {
            order.tags().stream().filter(tag -> rules.highRiskTags().stream().anyMatch(tag::equalsIgnoreCase))
                    .findFirst().ifPresent(tag -> hold(holds, HoldReason.HIGH_RISK, "tagged " + tag));
        }
    }

    private void hold(Map<HoldReason, String> holds, HoldReason reason, String detail) {
        if (!rules.disabledRules().contains(reason)) {
            holds.merge(reason, detail, (a, b) -> a + "; " + b);
        }
    }

    /**
     * A destination the order can be routed with: a country and a street line or a postal code.
     * Marketplaces hide the street of a buyer's address unless the seller holds a restricted-data
     * token (Amazon), so a postal code is accepted for routing; the full address comes with the label.
     */
    private static boolean hasAddress(CanonicalOrder.Address a) {
        return a != null && a.countryCode() != null
                && (notBlank(a.line1()) || notBlank(a.postalCode()));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
