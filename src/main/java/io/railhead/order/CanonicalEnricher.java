package io.railhead.order;

import io.railhead.order.CanonicalOrder.Line;
import io.railhead.order.CanonicalOrder.Totals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;

/**
 * Fills in what a declarative mapping cannot compute exactly: decimal sums (line tax from its
 * tax lines, line totals, a missing subtotal or shipping total) and the hub's own identity
 * fields. Mappings only move fields; all money arithmetic happens here, in {@link BigDecimal}.
 */
public final class CanonicalEnricher {

    private CanonicalEnricher() {
    }

    public static CanonicalOrder enrich(CanonicalOrder o, String sourceAccount) {
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
        if (grandTotal == null && o.b2b() != null) {
            // B2B purchase orders (EDI 850) often carry no total: the lines are the order's value.
            grandTotal = subtotal.subtract(discount).add(orZero(shipping))
                    .add(Boolean.TRUE.equals(t.taxesIncluded()) ? ZERO : tax);
        }
        Totals totals = new Totals(subtotal, discount, orZero(shipping), tax, grandTotal,
                Boolean.TRUE.equals(t.taxesIncluded()));
        return new CanonicalOrder(orderId, o.channel(), o.channelOrderId(), o.channelOrderNumber(), account,
                o.orderedAt(), o.channelUpdatedAt(), o.currency(), o.customer(), o.shipTo(), o.billTo(), lines, totals,
                o.shipping(), o.payment(), o.fulfilledBy() != null ? o.fulfilledBy() : "MERCHANT", o.b2b(),
                o.riskLevel(), o.tags(), o.notes(), o.cancelledAt(), o.extensions());
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
