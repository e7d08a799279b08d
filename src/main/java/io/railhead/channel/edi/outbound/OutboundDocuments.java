package io.railhead.channel.edi.outbound;

import io.railhead.channel.edi.EdiOutbound;
import io.railhead.channel.edi.EdiStore;
import io.railhead.channel.edi.X12Envelopes;
import io.railhead.channel.edi.partner.PartnerProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The way the business documents (855, 856, 810, 846) leave the hub. Each is written into the
 * partner's envelope, then checked before anything goes out: against the partner profile (the
 * parties the document needs are configured; {@link EdiOutbound#send} adds that the partner
 * exchanges it) and against its X12 schema, by reading the finished interchange back with the
 * parser that reads partners' files. A document that passes is queued through
 * {@link EdiOutbound}; one that does not is held there with the reasons, for an operator
 * ({@code GET /api/edi/outbound}). One document per business
 * event: when the event already has one, that one is returned and no control numbers are taken.
 * Used by {@link OrderAcknowledgments} (route {@code edi-po-ack}) and {@link FulfillmentEvents}
 * (the ops API's shipment and invoice endpoints) and {@link EdiStockPush} (846 inventory advice).
 */
@Component
public class OutboundDocuments {

    private static final Logger log = LoggerFactory.getLogger(OutboundDocuments.class);

    private final X12Envelopes envelopes;
    private final EdiOutbound outbound;
    private final EdiStore store;

    public OutboundDocuments(X12Envelopes envelopes, EdiOutbound outbound, EdiStore store) {
        this.envelopes = envelopes;
        this.outbound = outbound;
        this.store = store;
    }

    /**
     * A transaction set ready to be enveloped: its type (855, 856, 810), the writer of its
     * segments, and what is already known to be wrong with it (e.g. a party the profile lacks).
     */
    public record Draft(String type, X12Envelopes.SetBody body, List<String> problems) {
    }

    /** The document recorded for the event; {@code created} is false when it existed before. */
    public record Issued(EdiStore.Outbound document, boolean created) {

        public boolean held() {
            return "HELD".equals(document.status());
        }
    }

    /** The document recorded for a partner's event, if any. */
    /** The correlation id of a queue consumer's logging context (its route sets it), else a new one. */
    static String consumerCorrelationId() {
        String cid = org.slf4j.MDC.get("correlationId");
        return cid != null ? cid : java.util.UUID.randomUUID().toString();
    }

    public Optional<EdiStore.Outbound> find(PartnerProfile partner, String eventKey) {
        return store.findOutbound(partner.id(), eventKey);
    }

    /**
     * Writes, checks and sends (or holds) the document of one event.
     *
     * @param requeueExisting whether a document already recorded for the event but not yet sent is
     *                        queued again: right for a redelivered queue message, whose earlier
     *                        send was rolled back with its broker transaction; not for a repeated
     *                        HTTP request, whose first send is already on the queue
     */
    public Issued issue(PartnerProfile partner, String eventKey, String orderId, Draft draft, String correlationId,
                        boolean requeueExisting) {
        Optional<EdiStore.Outbound> existing = find(partner, eventKey);
        if (existing.isPresent()) {
            EdiStore.Outbound o = existing.get();
            if (requeueExisting && "QUEUED".equals(o.status())) {
                outbound.send(partner, eventKey, orderId, new EdiOutbound.Document(o.document(), o.payload(),
                        o.interchangeNumber(), o.groupNumber(), o.setNumber()), correlationId);
            }
            return new Issued(o, false);
        }
        List<String> problems = new ArrayList<>(draft.problems());
        EdiOutbound.Document document = null;
        try {
            document = envelopes.build(partner, functionalId(draft.type()), draft.type(), partner.groupVersion(),
                    List.of(draft.body()));
        } catch (IllegalArgumentException e) {
            problems.add("cannot be written: " + e.getMessage());
        }
        String id;
        if (problems.isEmpty()) {
            // EdiOutbound checks the document against its schema and the profile's documents, and holds it if need be
            id = outbound.send(partner, eventKey, orderId, document, correlationId);
        } else {
            if (!partner.exchanges(draft.type())) {
                problems.add(0, "partner " + partner.id() + " does not exchange " + draft.type() + " (profile documents)");
            }
            if (document != null) {
                String schemaErrors = envelopes.check(document);
                if (!schemaErrors.isEmpty()) {
                    problems.add("the generated " + draft.type() + " does not pass its schema: " + schemaErrors);
                }
            }
            id = outbound.hold(partner, eventKey, orderId, draft.type(), document == null ? null : document.payload(),
                    String.join("; ", problems), correlationId);
        }
        EdiStore.Outbound recorded = store.findOutboundById(id)
                .orElseThrow(() -> new IllegalStateException("EDI document " + id + " was not recorded"));
        if (!"HELD".equals(recorded.status())) {
            log.info("EDI {} {} for order {} queued for partner {} (ISA13 {})", draft.type(), id, orderId,
                    partner.id(), recorded.interchangeNumber());
        }
        return new Issued(recorded, true);
    }

    /** GS01 of the transaction sets the hub writes. */
    static String functionalId(String type) {
        return switch (type) {
            case "855" -> "PR";
            case "856" -> "SH";
            case "810" -> "IN";
            case "846" -> "IB";
            case "997" -> "FA";
            default -> throw new IllegalArgumentException("no functional group for transaction set " + type);
        };
    }
}
