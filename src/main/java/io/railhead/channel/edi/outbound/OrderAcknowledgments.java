package io.railhead.channel.edi.outbound;

import io.railhead.channel.edi.EdiStore;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.channel.edi.partner.PartnerRegistry;
import io.railhead.order.CanonicalOrder;
import io.railhead.order.HoldReason;
import io.railhead.order.OrderJson;
import io.railhead.order.OrderEventType;
import io.railhead.order.OrderStatus;
import io.railhead.order.OrderStore;
import io.railhead.order.StoredOrder;
import io.railhead.shared.Headers;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Answers an EDI purchase order with an 855 once the ERP has decided on it: accepted by the ERP
 * (RELEASED) is AD with every line IA; rejected by the ERP (ON_HOLD {@code ERP_REJECTED}) is RD
 * with every line IR. The canonical order carries no line-level changes yet, so AC with IQ/IP
 * lines is not produced here (the writer, {@link PurchaseOrderAcks}, supports them). A subscriber of
 * the order events: route {@code edi-po-ack} reads the ORDER_RELEASED and ORDER_ERP_REJECTED events of
 * EDI orders from its own queue ({@link EdiEventSubscriptions}): one 855 per order (event key
 * {@code 855:<orderId>}), queued again if a rolled-back attempt left it unsent, so an event that comes
 * twice is answered once. An order someone asked to cancel gets no 855 from here. The decision is
 * written to the order's timeline (stage {@code edi}).
 */
@Component("ediOrderAcks")
public class OrderAcknowledgments {

    private static final Logger log = LoggerFactory.getLogger(OrderAcknowledgments.class);
    static final String STAGE = "edi";

    private final OrderStore orders;
    private final PartnerRegistry partners;
    private final OutboundDocuments documents;

    public OrderAcknowledgments(OrderStore orders, PartnerRegistry partners, OutboundDocuments documents) {
        this.orders = orders;
        this.partners = partners;
        this.documents = documents;
    }

    /** Route {@code edi-po-ack}: an order event of an EDI order; the ERP's decisions are answered with an 855. */
    public void onEvent(Exchange exchange) {
        String type = exchange.getIn().getHeader(Headers.EVENT_TYPE, String.class);
        Boolean accepted = OrderEventType.ORDER_RELEASED.name().equals(type) ? Boolean.TRUE
                : OrderEventType.ORDER_ERP_REJECTED.name().equals(type) ? Boolean.FALSE : null;
        String orderId = exchange.getIn().getHeader(Headers.ORDER_ID, String.class);
        if (orderId != null && accepted != null) {
            acknowledge(orderId, accepted, true, exchange.getIn().getHeader(Headers.CORRELATION_ID, String.class));
        }
    }

    /**
     * Sends (or holds) the order's 855 for the ERP's decision the order shows now.
     *
     * @param answeredNow the decision is new (not a repeat of one answered before): decisions not to send
     *                    are written to the timeline only then
     */
    public void acknowledge(String orderId, boolean answeredNow, String correlationId) {
        orders.find(orderId).ifPresent(o -> {
            if (o.status() == OrderStatus.RELEASED) {
                acknowledge(orderId, true, answeredNow, correlationId);
            } else if (o.status() == OrderStatus.ON_HOLD && o.holdReasons().contains(HoldReason.ERP_REJECTED.name())) {
                acknowledge(orderId, false, answeredNow, correlationId);
            }
        });
    }

    /**
     * Sends (or holds) the order's 855 for the ERP's decision: {@code accepted} is AD/IA, else RD/IR. The order
     * may have moved on since (shipped, released after a fix): the decision comes with the event.
     */
    void acknowledge(String orderId, boolean accepted, boolean answeredNow, String correlationId) {
        Optional<StoredOrder> found = orders.find(orderId);
        if (found.isEmpty() || !"edi".equals(found.get().channel())) {
            return;
        }
        StoredOrder order = found.get();
        if (orders.timeline(orderId).stream().anyMatch(e -> "cancel".equals(e.stage()))) {
            // a cancel was asked for (a released order stays RELEASED until the ERP confirms it): no 855
            return;
        }
        Optional<PartnerProfile> partner = partners.find(order.sourceAccount());
        if (partner.isEmpty()) {
            if (answeredNow) {
                orders.addTimeline(orderId, STAGE, order.status(), "855 not sent: no partner profile "
                        + order.sourceAccount(), correlationId);
                log.warn("Order {}: no 855, partner profile {} is gone", orderId, order.sourceAccount());
            }
            return;
        }
        PartnerProfile p = partner.get();
        if (!p.exchanges("855")) {
            if (answeredNow) {
                orders.addTimeline(orderId, STAGE, order.status(), "855 not sent: partner " + p.id()
                        + " does not exchange 855", correlationId);
            }
            return;
        }
        CanonicalOrder canonical = OrderJson.read(order.canonical());
        List<PurchaseOrderAcks.LineAck> lines = PurchaseOrderAcks.allLines(canonical,
                accepted ? PurchaseOrderAcks.LineStatus.ACCEPTED : PurchaseOrderAcks.LineStatus.REJECTED);
        String ackType = PurchaseOrderAcks.ackType(lines);
        String eventKey = "855:" + orderId;
        Optional<EdiStore.Outbound> earlier = documents.find(p, eventKey);
        OutboundDocuments.Issued issued = documents.issue(p, eventKey, orderId,
                PurchaseOrderAcks.draft(canonical, lines, p), correlationId, true);
        if (!issued.created()) {
            String sentType = earlier.map(o -> ackType(o.payload())).orElse(null);
            if (answeredNow && sentType != null && !sentType.equals(ackType)) {
                orders.addTimeline(orderId, STAGE, order.status(), "ERP decision is now " + ackType + " but partner "
                        + p.id() + " already has 855 " + sentType + " (" + issued.document().id()
                        + "): no second 855 sent, tell the partner", correlationId);
                log.warn("Order {}: 855 {} already sent to partner {}, now {}: not sent again", orderId, sentType,
                        p.id(), ackType);
            }
            return;
        }
        EdiStore.Outbound doc = issued.document();
        String what = "855 " + ackType + " (" + lines.size() + " line(s)"
                + (lines.isEmpty() ? "" : " " + lines.get(0).status().code()) + ")";
        if (issued.held()) {
            orders.addTimeline(orderId, STAGE, order.status(), what + " HELD, not sent (" + doc.id() + "): "
                    + doc.detail(), correlationId);
        } else {
            orders.addTimeline(orderId, STAGE, order.status(), what + " queued for partner " + p.id() + " ("
                    + doc.id() + ", ISA13 " + doc.interchangeNumber() + ")", correlationId);
        }
    }

    /** BAK02 of an 855 as written (read with the separators of its own ISA); null when unreadable. */
    static String ackType(String payload) {
        if (payload == null || payload.length() < 106 || !payload.startsWith("ISA")) {
            return null;
        }
        char es = payload.charAt(3);
        char st = payload.charAt(105);
        for (String segment : payload.split(java.util.regex.Pattern.quote(String.valueOf(st)))) {
            String s = segment.strip();
            if (s.startsWith("BAK" + es)) {
                String[] e = s.split(java.util.regex.Pattern.quote(String.valueOf(es)));
                return e.length > 2 ? e[2] : null;
            }
        }
        return null;
    }
}
