package io.railhead.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Checks the numbers of a mapped order before anything binds or computes with them: quantities
 * must be whole units within {@code max-quantity}, prices and amounts plain decimals, not negative
 * (only the components that can be credits may be: tax lines, shipping lines, the parts of a total),
 * within {@code max-amount}, with no more decimals than their currency allows. A value that fails
 * is taken out of the order (set to null, so a 1.5 is never truncated to 1 and a {@code 1E+400}
 * never reaches an addition) and named in a hold reason; the raw payload keeps what was sent.
 * Amounts a mapping wrote in minor units ({@code amountsIn: MINOR_UNITS}) are checked as the
 * decimals they stand for, so the same limits hold; in a currency whose fraction digits are
 * unknown they cannot stand for anything, and are all taken out.
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
        String currency = order.path("currency").isTextual() ? order.get("currency").asText() : null;
        OptionalInt known = CanonicalEnricher.fractionDigits(currency);
        Units units = new Units("MINOR_UNITS".equals(order.path("amountsIn").asText(null)), known.isPresent(),
                known.orElse(2), currency);
        int digits = units.digits();
        Integer unitDigits = rules.unitPriceDecimals().get(order.path("channel").asText(""));
        boolean unreadableUnits = false;
        int index = 0;
        for (JsonNode line : order.path("lines")) {
            if (line instanceof ObjectNode l) {
                String name = "line " + (l.hasNonNull("lineId") ? l.get("lineId").asText() : "#" + (index + 1));
                quantity(l, name, holds);
                unreadableUnits |= amount(l, "unitPrice", name + " unitPrice", unitDigits == null ? digits : unitDigits,
                        units, holds);
                for (String field : LINE_AMOUNTS) {
                    unreadableUnits |= amount(l, field, name + " " + field, digits, units, holds);
                }
                for (JsonNode tax : l.path("taxLines")) {
                    if (tax instanceof ObjectNode t) {
                        unreadableUnits |= amount(t, "amount", name + " tax line", digits, units, true, holds);
                    }
                }
            }
            index++;
        }
        if (order.path("totals") instanceof ObjectNode totals) {
            for (String field : TOTALS) {
                unreadableUnits |= amount(totals, field, "totals " + field, digits, units, holds);
            }
            int part = 0;
            for (JsonNode p : totals.path("grandTotalOf")) {
                part++;
                if (p instanceof ObjectNode o) {
                    String name = "totals grandTotalOf #" + part;
                    quantity(o, name, holds);
                    unreadableUnits |= amount(o, "amount", name + " amount", digits, units, true, holds);
                }
            }
        }
        for (JsonNode shippingLine : order.path("shipping").path("lines")) {
            if (shippingLine instanceof ObjectNode s) {
                unreadableUnits |= amount(s, "price", "shipping line price", digits, units, true, holds);
            }
        }
        if (unreadableUnits) {
            String why = currency == null ? "amounts are in minor units but the order names no currency"
                    : "amounts are in minor units of " + shown(TextNode.valueOf(currency))
                    + ", a currency whose fraction digits are unknown";
            hold(holds, HoldReason.INVALID_AMOUNT, why + ": they are left out, not guessed");
        }
        return holds;
    }

    /**
     * How the order's amounts are written: {@code minor} in minor units of {@code currency}, which has
     * {@code digits} fraction digits when {@code known} (otherwise 2 are assumed for decimal amounts,
     * and amounts in minor units cannot be read).
     */
    private record Units(boolean minor, boolean known, int digits, String currency) {
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

    /** Checks one amount (clearing it when it fails); true when it was left out because its units cannot be read. */
    private boolean amount(ObjectNode node, String field, String name, int maxDecimals, Units units,
                           Map<HoldReason, String> holds) {
        return amount(node, field, name, maxDecimals, units, false, holds);
    }

    /**
     * As above; {@code mayBeNegative}: the amount may be negative, as a component that can be a credit may
     * (a tax line refunding the tax of a discount, a shipping discount, a part of a total).
     */
    private boolean amount(ObjectNode node, String field, String name, int maxDecimals, Units units,
                           boolean mayBeNegative, Map<HoldReason, String> holds) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (units.minor() && !units.known()) {
            node.putNull(field);
            return true;
        }
        BigDecimal sent = decimal(v);
        // As the decimal it stands for: scaleByPowerOfTen only moves the decimal point.
        BigDecimal value = sent == null || !units.minor() ? sent
                : CanonicalEnricher.valueOfMinorUnits(sent, units.digits());
        // compareTo, signum and stripTrailingZeros never expand a value: 1E+400 and 1E-400 are as cheap as 1.
        String problem = value == null ? (units.minor() ? "is not a number of minor units" : "is not a decimal amount")
                : value.abs().compareTo(rules.maxAmount()) > 0 ? "is above the limit of " + rules.maxAmount().toPlainString()
                : value.signum() < 0 && !mayBeNegative ? "is negative"
                : value.stripTrailingZeros().scale() > maxDecimals
                ? (units.minor() && maxDecimals == units.digits() ? "is not a whole number of minor units"
                : "has more than " + maxDecimals + " decimals")
                : null;
        if (problem != null) {
            hold(holds, HoldReason.INVALID_AMOUNT, name + " " + shown(v)
                    + (units.minor() ? " (minor units of " + units.currency() + ")" : "") + " " + problem);
            node.putNull(field);
        }
        return false;
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
