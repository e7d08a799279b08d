package io.railhead.channel.edi.outbound;

import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.channel.edi.partner.PartnerRegistry;
import io.railhead.fulfillment.LineCancel;
import io.railhead.fulfillment.LineCancelTarget;
import io.railhead.fulfillment.RelayResult;
import io.railhead.order.CanonicalOrder;
import io.railhead.order.OrderJson;
import io.railhead.order.OrderStore;
import io.railhead.order.StoredOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Tells an EDI trading partner that lines of its purchase order will not ship: an 855 change (BAK01 04, AC) in
 * which each cancelled line is IR (all its units) or IQ with the quantity that still ships, and every other line
 * IA as ordered. It goes out as every outbound document does (queued once per cancellation, event key
 * {@code 855-change:<cancellationId>}; one the partner's profile cannot carry is held, which refuses the cancel
 * and leaves it to the operator). A partner that does not exchange 855 cannot be told this way.
 */
@Component
public class EdiLineCancel implements LineCancelTarget {

    private final OrderStore orders;
    private final PartnerRegistry partners;
    private final OutboundDocuments documents;

    public EdiLineCancel(OrderStore orders, PartnerRegistry partners, OutboundDocuments documents) {
        this.orders = orders;
        this.partners = partners;
        this.documents = documents;
    }

    @Override
    public String channel() {
        return "edi";
    }

    @Override
    public Optional<String> cannotCancel(LineCancel cancel) {
        Optional<PartnerProfile> partner = partners.find(cancel.sourceAccount());
        if (partner.isEmpty()) {
            return Optional.of("there is no partner profile " + cancel.sourceAccount());
        }
        return partner.get().exchanges("855") ? Optional.empty()
                : Optional.of("partner " + partner.get().id() + " does not exchange 855: tell the partner");
    }

    @Override
    public RelayResult cancel(LineCancel cancel) {
        Optional<PartnerProfile> partner = partners.find(cancel.sourceAccount());
        Optional<StoredOrder> order = orders.find(cancel.orderId());
        if (partner.isEmpty() || order.isEmpty()) {
            return RelayResult.refused(partner.isEmpty() ? "there is no partner profile " + cancel.sourceAccount()
                    : "order " + cancel.orderId() + " is not known");
        }
        CanonicalOrder canonical = OrderJson.read(order.get().canonical());
        OutboundDocuments.Issued issued = documents.issue(partner.get(), "855-change:" + cancel.cancellationId(),
                cancel.orderId(), PurchaseOrderAcks.draft(canonical, lines(canonical, cancel), partner.get(), "04"),
                OutboundDocuments.consumerCorrelationId(), true);
        if (issued.held()) {
            return RelayResult.refused("855 change held, not sent (" + issued.document().id() + "): "
                    + issued.document().detail());
        }
        return RelayResult.accepted("855 change queued for partner " + partner.get().id() + " ("
                + issued.document().id() + ")");
    }


    /** Every line of the order: the cancelled ones IR or IQ with what still ships, the others IA. */
    static List<PurchaseOrderAcks.LineAck> lines(CanonicalOrder order, LineCancel cancel) {
        Map<String, Integer> cancelled = new HashMap<>();
        cancel.lines().forEach(l -> cancelled.merge(l.lineId(), l.quantity(), Integer::sum));
        List<PurchaseOrderAcks.LineAck> acks = new ArrayList<>();
        for (CanonicalOrder.Line line : order.lines()) {
            int ordered = line.quantity() == null ? 0 : line.quantity();
            int gone = cancelled.getOrDefault(line.lineId(), 0);
            PurchaseOrderAcks.LineStatus status = gone == 0 ? PurchaseOrderAcks.LineStatus.ACCEPTED
                    : gone >= ordered ? PurchaseOrderAcks.LineStatus.REJECTED : PurchaseOrderAcks.LineStatus.QUANTITY_CHANGED;
            acks.add(new PurchaseOrderAcks.LineAck(line, status, gone == 0 || gone >= ordered ? ordered : ordered - gone,
                    line.unitPrice()));
        }
        return acks;
    }
}
