package io.railhead.channel.edi.outbound;

import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.channel.edi.partner.PartnerRegistry;
import io.railhead.fulfillment.CarrierCodes;
import io.railhead.fulfillment.CarrierCodesFile;
import io.railhead.fulfillment.RelayResult;
import io.railhead.fulfillment.RelayedShipment;
import io.railhead.fulfillment.ShipmentRelayTarget;
import io.railhead.order.CanonicalOrder;
import io.railhead.order.OrderJson;
import io.railhead.order.OrderStore;
import io.railhead.order.StoredOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A node's shipment of an EDI order, told to the trading partner as its 856 ship notice: the same notice the
 * EDI shipments endpoint writes, one carton per parcel the node reported (with its SSCC) or one carton holding
 * every line, the carrier as its SCAC (the {@code edi} code in the carrier codes, else the carrier as reported
 * when it is one). What the 856 could never carry (no SCAC, a bad SSCC, an id X12 cannot take, a partner that
 * does not exchange 856 or whose profile lacks a party) is refused when the node reports it. The notice goes
 * out once per shipment (event key {@code 856:<shipmentId>}); one held by the outbound checks refuses the relay.
 */
@Component
public class EdiShipmentRelay implements ShipmentRelayTarget {

    static final String CHANNEL = "edi";

    private final OrderStore orders;
    private final PartnerRegistry partners;
    private final OutboundDocuments documents;
    private final Supplier<CarrierCodes> carriers;

    @Autowired
    public EdiShipmentRelay(OrderStore orders, PartnerRegistry partners, OutboundDocuments documents,
                            CarrierCodesFile carriers) {
        this(orders, partners, documents, (Supplier<CarrierCodes>) carriers);
    }

    EdiShipmentRelay(OrderStore orders, PartnerRegistry partners, OutboundDocuments documents,
                     Supplier<CarrierCodes> carriers) {
        this.orders = orders;
        this.partners = partners;
        this.documents = documents;
        this.carriers = carriers;
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public List<String> unrelayable(RelayedShipment s) {
        Notice n = prepare(s);
        return n.draft() == null ? n.reasons() : n.draft().problems();
    }

    @Override
    public RelayResult relay(RelayedShipment s) {
        Notice n = prepare(s);
        if (n.draft() == null) {
            return RelayResult.refused(String.join("; ", n.reasons()));
        }
        // A draft with problems is issued too: the outbound checks hold it, and the relay is refused below.
        OutboundDocuments.Issued issued = documents.issue(n.partner(), "856:" + s.shipmentId(), s.orderId(), n.draft(),
                OutboundDocuments.consumerCorrelationId(), true);
        if (issued.held()) {
            return RelayResult.refused("856 held, not sent (" + issued.document().id() + "): "
                    + issued.document().detail());
        }
        return RelayResult.accepted("856 queued for partner " + n.partner().id() + " (" + issued.document().id()
                + ", ISA13 " + issued.document().interchangeNumber() + ")");
    }

    /** The partner and the 856 drafted for the shipment, or (both null) why it cannot be drafted. */
    private record Notice(PartnerProfile partner, OutboundDocuments.Draft draft, List<String> reasons) {
    }

    private Notice prepare(RelayedShipment s) {
        List<String> reasons = new ArrayList<>();
        Optional<PartnerProfile> partner = partner(s, reasons);
        Shipment shipment = shipment(s, reasons);
        Optional<StoredOrder> order = orders.find(s.orderId());
        if (order.isEmpty()) {
            reasons.add("order " + s.orderId() + " is not known");
        }
        if (!reasons.isEmpty()) {
            return new Notice(null, null, reasons);
        }
        CanonicalOrder canonical = OrderJson.read(order.get().canonical());
        OutboundDocuments.Draft draft = ShipNotices.draft(canonical, FulfillmentEvents.lines(canonical), shipment,
                partner.get(), Instant.now());
        return new Notice(partner.get(), draft, List.of());
    }

    private Optional<PartnerProfile> partner(RelayedShipment s, List<String> reasons) {
        Optional<PartnerProfile> partner = partners.find(s.sourceAccount());
        if (partner.isEmpty()) {
            reasons.add("the order's EDI partner " + s.sourceAccount() + " has no partner profile now");
        } else if (!partner.get().exchanges("856")) {
            reasons.add("partner " + partner.get().id() + " does not exchange 856 ship notices (profile documents "
                    + partner.get().documents() + ")");
            return Optional.empty();
        }
        return partner;
    }

    /** The ship notice's shipment, checked as the EDI shipments endpoint checks one; null with the reason if not. */
    private Shipment shipment(RelayedShipment s, List<String> reasons) {
        String scac = scac(s.carrier());
        if (scac == null) {
            reasons.add("an 856 names the carrier by its SCAC: carrier " + (s.carrier() == null ? "(none)"
                    : "'" + s.carrier() + "'") + " has no edi code in the carrier codes (carriers-file)");
            return null;
        }
        List<Shipment.Package> cartons = s.parcels().stream().map(p -> new Shipment.Package(p.sscc(), null, null,
                p.lines().stream().map(l -> new Shipment.Item(l.lineId(), l.sku(), l.quantity())).toList())).toList();
        String tracking = s.trackingNumber() != null ? s.trackingNumber()
                : s.parcels().size() == 1 ? s.parcels().get(0).trackingNumber() : null;
        try {
            return FulfillmentEvents.normalize(new Shipment(s.shipmentId(), s.shippedAt(), scac, s.service(), tracking,
                    null, cartons));
        } catch (FulfillmentEvents.InvalidRequest e) {
            reasons.add("for the 856: " + e.getMessage());
            return null;
        }
    }

    private String scac(String carrier) {
        if (carrier == null || carrier.isBlank()) {
            return null;
        }
        Optional<String> code = carriers.get().code(carrier, CHANNEL);
        String candidate = code.orElse(carrier).trim().toUpperCase(Locale.ROOT);
        return FulfillmentEvents.SCAC.matcher(candidate).matches() ? candidate : null;
    }

}
