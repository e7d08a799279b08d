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
import java.util.regex.Pattern;
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
    private static final Pattern SCAC = Pattern.compile("[A-Z]{2,4}");

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
        List<String> reasons = new ArrayList<>();
        Optional<PartnerProfile> partner = partner(s, reasons);
        Shipment notice = notice(s, reasons);
        Optional<StoredOrder> order = orders.find(s.orderId());
        if (partner.isPresent() && notice != null && order.isPresent()) {
            CanonicalOrder canonical = OrderJson.read(order.get().canonical());
            reasons.addAll(ShipNotices.draft(canonical, FulfillmentEvents.lines(canonical), notice, partner.get(),
                    Instant.now()).problems());
        }
        return reasons;
    }

    @Override
    public RelayResult relay(RelayedShipment s) {
        List<String> reasons = new ArrayList<>();
        Optional<PartnerProfile> partner = partner(s, reasons);
        Shipment notice = notice(s, reasons);
        Optional<StoredOrder> order = orders.find(s.orderId());
        if (order.isEmpty()) {
            reasons.add("order " + s.orderId() + " is not known");
        }
        if (!reasons.isEmpty()) {
            return RelayResult.refused(String.join("; ", reasons));
        }
        CanonicalOrder canonical = OrderJson.read(order.get().canonical());
        OutboundDocuments.Issued issued = documents.issue(partner.get(), "856:" + s.shipmentId(), s.orderId(),
                ShipNotices.draft(canonical, FulfillmentEvents.lines(canonical), notice, partner.get(), Instant.now()),
                correlationId(), true);
        if (issued.held()) {
            return RelayResult.refused("856 held, not sent (" + issued.document().id() + "): "
                    + issued.document().detail());
        }
        return RelayResult.accepted("856 queued for partner " + partner.get().id() + " (" + issued.document().id()
                + ", ISA13 " + issued.document().interchangeNumber() + ")");
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
    private Shipment notice(RelayedShipment s, List<String> reasons) {
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
        return SCAC.matcher(candidate).matches() ? candidate : null;
    }

    /** The correlation id of the consumer's logging context (the route sets it), else a new one. */
    private static String correlationId() {
        String cid = org.slf4j.MDC.get("correlationId");
        return cid != null ? cid : java.util.UUID.randomUUID().toString();
    }
}
