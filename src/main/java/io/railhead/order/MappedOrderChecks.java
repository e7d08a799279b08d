package io.railhead.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the numbers of a mapped order before anything binds or computes with them: quantities
 * must be whole units within {@code max-quantity}, prices and amounts plain decimals, not negative,
 * within {@code max-amount}, with no more decimals than their currency allows. A value that fails
 * is taken out of the order (set to null, so a 1.5 is never truncated to 1 and a {@code 1E+400}
 * never reaches an addition) and named in a hold reason; the raw payload keeps what was sent.
 */
final class MappedOrderChecks {

    private static final List<String> LINE_AMOUNTS = List.of("amount", "discount", "tax", "lineTotal");
    private static final List<String> TOTALS = List.of("subtotal", "discount", "shipping", "tax", "grandTotal");

    private final ValidationProperties rules;

    MappedOrderChecks(ValidationProperties rules) {
        this.rules = rules;
    }

    /** Checks (and clears the failing values of) {@code order}; the hold reasons found, each with its detail. */
    Map<HoldReason, String> check(ObjectNode order) {
        Map<HoldReason, String> holds = new EnumMap<>(HoldReason.class);
        int digits = currencyDigits(order.path("currency").asText(null));
        Integer unitDigits = rules.unitPriceDecimals().get(order.path("channel").asText(""));
        int index = 0;
        for (JsonNode line : order.path("lines")) {
            if (line instanceof ObjectNode l) {
                String name = "line " + (l.hasNonNull("lineId") ? l.get("lineId").asText() : "#" + (index + 1));
                quantity(l, name, holds);
                amount(l, "unitPrice", name + " unitPrice", unitDigits == null ? digits : unitDigits, holds);
                for (String field : LINE_AMOUNTS) {
                    amount(l, field, name + " " + field, digits, holds);
                }
                for (JsonNode tax : l.path("taxLines")) {
                    if (tax instanceof ObjectNode t) {
                        amount(t, "amount", name + " tax line", digits, holds);
                    }
                }
            }
            index++;
        }
        if (order.path("totals") instanceof ObjectNode totals) {
            for (String field : TOTALS) {
                amount(totals, field, "totals " + field, digits, holds);
            }
        }
        for (JsonNode shippingLine : order.path("shipping").path("lines")) {
            if (shippingLine instanceof ObjectNode s) {
                amount(s, "price", "shipping line price", digits, holds);
            }
        }
        return holds;
    }

    private void quantity(ObjectNode line, String name, Map<HoldReason, String> holds) {
        JsonNode q = line.get("quantity");
        if (q == null || q.isNull()) {
            return;
        }
        BigDecimal value = decimal(q);
        String problem = value == null ? "is not a number"
                : value.stripTrailingZeros().scale() > 0 ? "is not a whole number of units"
                : value.abs().compareTo(BigDecimal.valueOf(rules.maxQuantity())) > 0
                ? "is out of range (at most " + rules.maxQuantity() + ")"
                : null;
        if (problem == null) {
            line.put("quantity", value.intValueExact()); // 2.0 is 2 units; zero and negatives are the validator's
            return;
        }
        hold(holds, HoldReason.INVALID_QUANTITY, name + " quantity " + shown(q) + " " + problem);
        line.putNull("quantity");
    }

    private void amount(ObjectNode node, String field, String name, int maxDecimals, Map<HoldReason, String> holds) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        BigDecimal value = decimal(v);
        // compareTo, signum and stripTrailingZeros never expand a value: 1E+400 and 1E-400 are as cheap as 1.
        String problem = value == null ? "is not a decimal amount"
                : value.abs().compareTo(rules.maxAmount()) > 0 ? "is above the limit of " + rules.maxAmount().toPlainString()
                : value.signum() < 0 ? "is negative"
                : value.stripTrailingZeros().scale() > maxDecimals ? "has more than " + maxDecimals + " decimals"
                : null;
        if (problem != null) {
            hold(holds, HoldReason.INVALID_AMOUNT, name + " " + shown(v) + " " + problem);
            node.putNull(field);
        }
    }

    /** A JSON number or a numeric string as an exact decimal; null when it is neither. */
    private static BigDecimal decimal(JsonNode v) {
        if (v.isNumber()) {
            return v.isBigInteger() ? new BigDecimal(v.bigIntegerValue()) : v.decimalValue();
        }
        if (v.isTextual() && v.asText().length() <= 64 && v.asText().matches("\\s*[-+]?\\d+(\\.\\d+)?\\s*")) {
            return new BigDecimal(v.asText().trim());
        }
        return null;
    }

    private static int currencyDigits(String code) {
        try {
            int digits = code == null ? -1 : Currency.getInstance(code).getDefaultFractionDigits();
            return digits < 0 ? 2 : digits;
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }

    /** The value as sent, short enough for a hold detail. */
    private static String shown(JsonNode v) {
        String s = v.isTextual() ? v.asText() : v.isBigDecimal() ? v.decimalValue().toString() : v.toString();
        return s.length() <= 40 ? "'" + s + "'" : "'" + s.substring(0, 40) + "…' (" + s.length() + " characters)";
    }

    private void hold(Map<HoldReason, String> holds, HoldReason reason, String detail) {
        if (!rules.disabledRules().contains(reason)) {
            holds.merge(reason, detail, (a, b) -> a + "; " + b);
        }
    }
}
