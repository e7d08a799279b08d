package io.railhead.order;

import io.railhead.order.CanonicalOrder.AmountUnits;
import io.railhead.order.CanonicalOrder.Line;
import io.railhead.order.CanonicalOrder.Totals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * Fills in what a declarative mapping cannot compute exactly: amounts a channel counts in minor
 * units turned into decimals ({@code amountsIn: MINOR_UNITS}), decimal sums (line tax from its
 * tax lines, line totals, a missing subtotal or shipping total, the order total a channel does not
 * send from the parts its mapping lists in {@code totals.grandTotalOf}) and the hub's own identity
 * fields. Mappings only move fields; all money arithmetic happens here, in {@link BigDecimal}.
 * {@link OrderNormalizer} calls it for every mapped order, after {@link MappedOrderChecks}.
 */
public final class CanonicalEnricher {

    private CanonicalEnricher() {
    }

    public static CanonicalOrder enrich(CanonicalOrder mapped, String sourceAccount) {
        CanonicalOrder o = inDecimals(mapped);
        String account = o.sourceAccount() != null ? o.sourceAccount() : sourceAccount;
        String orderId = OrderIds.forChannelOrder(o.channel(), account, o.channelOrderId());
        List<Line> lines = o.lines() == null ? List.of() : o.lines().stream().map(CanonicalEnricher::line).toList();
        Totals t = o.totals() == null ? new Totals(null, null, null, null, null, null) : o.totals();
        BigDecimal subtotal = t.subtotal() != null ? t.subtotal()
                : lines.stream().map(CanonicalEnricher::gross).filter(Objects::nonNull).reduce(ZERO, BigDecimal::add);
        BigDecimal shipping = t.shipping();
        if (shipping == null && o.shipping() != null && o.shipping().lines() != null) {
            shipping = o.shipping().lines().stream().map(CanonicalOrder.ShippingLine::price)
                    .filter(Objects::nonNull).reduce(ZERO, BigDecimal::add);
        }
        BigDecimal discount = t.discount() != null ? t.discount()
                : lines.stream().map(Line::discount).filter(Objects::nonNull).reduce(ZERO, BigDecimal::add);
        BigDecimal tax = t.tax() != null ? t.tax()
                : lines.stream().map(Line::tax).filter(Objects::nonNull).reduce(ZERO, BigDecimal::add);
        BigDecimal grandTotal = t.grandTotal();
        if (grandTotal == null && t.grandTotalOf() != null) {
            grandTotal = sum(t.grandTotalOf(), o.currency());
        }
        if (grandTotal == null && o.b2b() != null) {
            // B2B purchase orders (EDI 850) often carry no total: the lines are the order's value.
            grandTotal = subtotal.subtract(discount).add(orZero(shipping))
                    .add(Boolean.TRUE.equals(t.taxesIncluded()) ? ZERO : tax);
        }
        Totals totals = new Totals(subtotal, discount, orZero(shipping), tax, grandTotal,
                Boolean.TRUE.equals(t.taxesIncluded()));
        // No amountsIn: every amount is a decimal now, and enriching the order again changes nothing.
        return new CanonicalOrder(orderId, o.channel(), o.channelOrderId(), o.channelOrderNumber(), account,
                o.orderedAt(), o.channelUpdatedAt(), o.currency(), null, o.customer(), o.shipTo(), o.billTo(), lines,
                totals, o.shipping(), o.payment(), o.fulfilledBy() != null ? o.fulfilledBy() : "MERCHANT", o.b2b(),
                o.riskLevel(), o.tags(), o.notes(), o.cancelledAt(), o.extensions(), o.fulfillment());
    }

    /**
     * The fraction digits of an ISO 4217 currency (JPY 0, USD 2, BHD 3); empty for a code
     * {@link Currency} does not know and for those without minor units of their own (XAU, XXX).
     */
    public static OptionalInt fractionDigits(String currency) {
        try {
            int digits = currency == null ? -1 : Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? OptionalInt.empty() : OptionalInt.of(digits);
        } catch (IllegalArgumentException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * The value an amount in minor units stands for (1250 with 2 digits: 12.50). Only the decimal point
     * moves, never the digits: exact, and as cheap for {@code 1E+400} as for 1, so the number checks
     * apply their limits with it before anything else computes.
     */
    static BigDecimal valueOfMinorUnits(BigDecimal minorUnits, int fractionDigits) {
        return minorUnits.scaleByPowerOfTen(-fractionDigits);
    }

    /** An amount in minor units as a decimal at the currency's scale (1250 USD: "12.50"; JPY: "1250"; BHD: "1.250"). */
    static BigDecimal fromMinorUnits(BigDecimal minorUnits, int fractionDigits) {
        BigDecimal value = valueOfMinorUnits(minorUnits, fractionDigits);
        BigDecimal shortest = value.stripTrailingZeros();
        // A fraction of a minor unit is not padded or rounded: it keeps the digits it has.
        return shortest.scale() <= fractionDigits ? shortest.setScale(fractionDigits) : value;
    }

    /**
     * The order with every amount a decimal: a mapping's amounts in minor units become the decimals they
     * stand for, by the currency's fraction digits. Amounts in minor units of a currency whose digits are
     * unknown cannot be converted; the number checks take them out (and hold the order) before this runs.
     */
    private static CanonicalOrder inDecimals(CanonicalOrder o) {
        if (o.amountsIn() != AmountUnits.MINOR_UNITS) {
            return o;
        }
        OptionalInt digits = fractionDigits(o.currency());
        UnaryOperator<BigDecimal> decimal = minor -> {
            if (minor == null) {
                return null;
            }
            if (digits.isEmpty()) {
                throw new IllegalArgumentException("amounts in minor units of '" + o.currency()
                        + "', a currency whose fraction digits are unknown");
            }
            return fromMinorUnits(minor, digits.getAsInt());
        };
        List<Line> lines = o.lines() == null ? null : o.lines().stream().map(l -> new Line(l.lineId(), l.sku(),
                l.channelSku(), l.title(), l.quantity(), l.uom(), decimal.apply(l.unitPrice()), decimal.apply(l.amount()),
                decimal.apply(l.discount()), decimal.apply(l.tax()), decimal.apply(l.lineTotal()),
                l.taxLines() == null ? null : l.taxLines().stream()
                        .map(t -> new CanonicalOrder.TaxLine(t.title(), t.rate(), decimal.apply(t.amount()))).toList(),
                l.requiresShipping(), l.extensions())).toList();
        Totals t = o.totals() == null ? null : new Totals(decimal.apply(o.totals().subtotal()),
                decimal.apply(o.totals().discount()), decimal.apply(o.totals().shipping()), decimal.apply(o.totals().tax()),
                decimal.apply(o.totals().grandTotal()), o.totals().taxesIncluded(), o.totals().grandTotalOf() == null
                ? null : o.totals().grandTotalOf().stream().map(p -> p == null ? null
                : new CanonicalOrder.TotalPart(decimal.apply(p.amount()), p.quantity(), p.subtract())).toList());
        CanonicalOrder.Shipping s = o.shipping();
        CanonicalOrder.Shipping shipping = s == null || s.lines() == null ? s : new CanonicalOrder.Shipping(
                s.serviceLevel(), s.carrier(), s.method(), s.shipBy(), s.deliverBy(), s.lines().stream()
                .map(sl -> new CanonicalOrder.ShippingLine(sl.code(), sl.title(), decimal.apply(sl.price()))).toList());
        return new CanonicalOrder(o.orderId(), o.channel(), o.channelOrderId(), o.channelOrderNumber(),
                o.sourceAccount(), o.orderedAt(), o.channelUpdatedAt(), o.currency(), AmountUnits.DECIMAL, o.customer(),
                o.shipTo(), o.billTo(), lines, t, shipping, o.payment(), o.fulfilledBy(), o.b2b(), o.riskLevel(), o.tags(),
                o.notes(), o.cancelledAt(), o.extensions(), o.fulfillment());
    }

    /**
     * The total a channel did not send, from the parts its mapping listed: exact, at least at the
     * currency's scale. Null when a part has no amount (the number checks took out one that was not a
     * number): the order then has no total and is held, never a total short of a part.
     */
    static BigDecimal sum(List<CanonicalOrder.TotalPart> parts, String currency) {
        BigDecimal total = ZERO;
        for (CanonicalOrder.TotalPart part : parts) {
            if (part == null || part.amount() == null) {
                return null;
            }
            BigDecimal value = part.quantity() == null ? part.amount()
                    : part.amount().multiply(BigDecimal.valueOf(part.quantity()));
            total = Boolean.TRUE.equals(part.subtract()) ? total.subtract(value.abs()) : total.add(value);
        }
        int digits = fractionDigits(currency).orElse(2);
        return total.scale() < digits ? total.setScale(digits) : total;
    }

    private static Line line(Line l) {
        BigDecimal discount = orZero(l.discount());
        BigDecimal tax = l.tax();
        if (tax == null && l.taxLines() != null) {
            tax = l.taxLines().stream().map(CanonicalOrder.TaxLine::amount).filter(Objects::nonNull)
                    .reduce(ZERO, BigDecimal::add);
        }
        BigDecimal unitPrice = l.unitPrice();
        if (unitPrice == null && l.amount() != null && l.quantity() != null && l.quantity() > 0) {
            // Exact when it divides; otherwise 4 decimals, and the line amount stays the exact figure.
            unitPrice = l.amount().divide(BigDecimal.valueOf(l.quantity()), Math.max(l.amount().scale(), 4),
                    RoundingMode.HALF_EVEN).stripTrailingZeros();
            if (unitPrice.scale() < l.amount().scale()) {
                unitPrice = unitPrice.setScale(l.amount().scale());
            }
        }
        BigDecimal gross = gross(l);
        BigDecimal lineTotal = l.lineTotal() != null ? l.lineTotal() : gross == null ? null : gross.subtract(discount);
        return new Line(l.lineId(), l.sku(), l.channelSku(), l.title(), l.quantity(), l.uom(), unitPrice, l.amount(),
                discount, orZero(tax), lineTotal, l.taxLines(), l.requiresShipping() == null || l.requiresShipping(),
                l.extensions());
    }

    /** The line's price before discounts: the channel's line amount, else unit price × quantity. */
    private static BigDecimal gross(Line l) {
        if (l.amount() != null) {
            return l.amount();
        }
        return l.unitPrice() == null || l.quantity() == null ? null : l.unitPrice().multiply(BigDecimal.valueOf(l.quantity()));
    }

    private static final BigDecimal ZERO = new BigDecimal("0.00");

    private static BigDecimal orZero(BigDecimal v) {
        return v == null ? ZERO : v;
    }
}
