package io.railhead.order;

import io.railhead.order.CanonicalOrder.Line;
import io.railhead.order.CanonicalOrder.Totals;
import java.math.BigDecimal;
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
        Totals totals = new Totals(subtotal, orZero(t.discount()), orZero(shipping), orZero(t.tax()), t.grandTotal(),
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
        BigDecimal gross = gross(l);
        BigDecimal lineTotal = l.lineTotal() != null ? l.lineTotal() : gross == null ? null : gross.subtract(discount);
        return new Line(l.lineId(), l.sku(), l.channelSku(), l.title(), l.quantity(), l.uom(), l.unitPrice(), discount,
                orZero(tax), lineTotal, l.taxLines(), l.requiresShipping() == null || l.requiresShipping(), l.extensions());
    }

    private static BigDecimal gross(Line l) {
        return l.unitPrice() == null || l.quantity() == null ? null : l.unitPrice().multiply(BigDecimal.valueOf(l.quantity()));
    }

    private static final BigDecimal ZERO = new BigDecimal("0.00");

    private static BigDecimal orZero(BigDecimal v) {
        return v == null ? ZERO : v;
    }
}
