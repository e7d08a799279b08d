package io.railhead.channel.edi;

import io.micrometer.core.instrument.MeterRegistry;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.channel.edi.partner.PartnerRegistry;
import io.railhead.shared.Headers;
import io.railhead.shared.HubProperties;
import io.railhead.shared.UnmatchedMessageException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The one door out for documents to partners (997, TA1, 855, 856, 810): checks each document
 * against its X12 schema and the partner profile, records it once per business event, then queues
 * it durably for the partner's transport. A document that fails its checks is recorded as HELD
 * with the reason and never queued. The transport routes
 * ({@code direct:edi-send-<type>}) are called by the {@code edi-outbound} route, which marks the
 * document SENT; a redelivered send of a document already SENT is skipped.
 */
@Component("ediOutbound")
public class EdiOutbound {

    private static final Logger log = LoggerFactory.getLogger(EdiOutbound.class);

    private final EdiStore store;
    private final MeterRegistry metrics;
    private final X12Envelopes envelopes;
    private final PartnerRegistry partners;
    private final ProducerTemplate producer;
    private final HubProperties hub;

    public EdiOutbound(EdiStore store, X12Envelopes envelopes, PartnerRegistry partners, ProducerTemplate producer,
                       HubProperties hub, MeterRegistry metrics) {
        this.metrics = metrics;
        this.store = store;
        this.envelopes = envelopes;
        this.partners = partners;
        this.producer = producer;
        this.hub = hub;
    }

    /** A generated document with the control numbers it was written with. */
    public record Document(String type, String payload, String interchangeNumber, String groupNumber,
                           String setNumber) {
    }

    /**
     * Queues a document for the partner, once per {@code eventKey}. When the event already has a
     * document that is not yet sent (the earlier attempt's transaction did not commit), the same
     * document, with the same control numbers, is queued again.
     *
     * @return the stored document's id
     */
    public String send(PartnerProfile partner, String eventKey, String orderId, Document document,
                       String correlationId) {
        Optional<EdiStore.Outbound> existing = store.findOutbound(partner.id(), eventKey);
        if (existing.isPresent()) {
            EdiStore.Outbound o = existing.get();
            if ("QUEUED".equals(o.status())) {
                enqueue(partner, o.id(), o.document(), o.payload(), o.interchangeNumber(), o.correlationId());
            }
            return o.id();
        }
        String problems = envelopes.check(document);
        if (!problems.isEmpty()) {
            return hold(partner, eventKey, orderId, document.type(), document.payload(),
                    "the generated " + document.type() + " does not pass its schema: " + problems, correlationId);
        }
        if (!partner.exchanges(document.type()) && !"TA1".equals(document.type())) {
            return hold(partner, eventKey, orderId, document.type(), document.payload(),
                    "partner " + partner.id() + " does not exchange " + document.type() + " (profile documents)",
                    correlationId);
        }
        String id = "edo-" + UUID.randomUUID();
        if (!store.insertOutbound(new EdiStore.Outbound(id, partner.id(), document.type(), eventKey, orderId,
                document.interchangeNumber(), document.groupNumber(), document.setNumber(), "QUEUED", null,
                document.payload(), correlationId, Instant.now(), null))) {
            // A concurrent send for the same event recorded its document first and queues that one:
            // this one (its control numbers are skipped) must not go out as well.
            return recordedFor(partner, eventKey);
        }
        enqueue(partner, id, document.type(), document.payload(), document.interchangeNumber(), correlationId);
        return id;
    }

    /** Records a document that must not go out, with the reason, for an operator to see. */
    public String hold(PartnerProfile partner, String eventKey, String orderId, String type, String payload,
                       String reason, String correlationId) {
        Optional<EdiStore.Outbound> existing = store.findOutbound(partner.id(), eventKey);
        if (existing.isPresent()) {
            return existing.get().id();
        }
        String id = "edo-" + UUID.randomUUID();
        if (!store.insertOutbound(new EdiStore.Outbound(id, partner.id(), type, eventKey, orderId, null, null, null,
                "HELD", reason, payload, correlationId, Instant.now(), null))) {
            return recordedFor(partner, eventKey);
        }
        metrics.counter("railhead.edi.documents", "partner", partner.id(), "document", type, "status", "held")
                .increment();
        log.warn("EDI {} for partner {} held: {}", type, partner.id(), reason);
        return id;
    }

    private String recordedFor(PartnerProfile partner, String eventKey) {
        return store.findOutbound(partner.id(), eventKey).map(EdiStore.Outbound::id).orElseThrow(() ->
                new IllegalStateException("EDI document for " + eventKey + " neither inserted nor found"));
    }

    private void enqueue(PartnerProfile partner, String id, String type, String payload, String interchangeNumber,
                         String correlationId) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(EdiHeaders.PARTNER, partner.id());
        headers.put(EdiHeaders.OUTBOUND_ID, id);
        // copies of one document (a re-queue) go to one consumer in turn: the second finds it SENT
        headers.put(Headers.GROUP_ID, id);
        headers.put(EdiHeaders.DOCUMENT, type);
        headers.put(EdiHeaders.TRANSPORT, partner.transport().getType());
        headers.put(Headers.CORRELATION_ID, correlationId);
        // Camel's MDC unit of work of the sent exchange clears the caller's log context when it completes
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        try {
            producer.sendBodyAndHeaders("jms:queue:" + hub.queues().ediOutbound(), payload, headers);
        } finally {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
        }
    }

    static String fileName(PartnerProfile partner, String type, String interchangeNumber, String id) {
        return partner.id() + "-" + type + "-" + (interchangeNumber != null ? interchangeNumber : id) + ".edi";
    }

    /** {@code edi-outbound} route: skips documents already sent; sets the transport of the partner. */
    public void prepare(Exchange exchange) {
        String id = exchange.getMessage().getHeader(EdiHeaders.OUTBOUND_ID, String.class);
        PartnerProfile partner = partners.require(exchange.getMessage().getHeader(EdiHeaders.PARTNER, String.class));
        EdiStore.Outbound stored = store.findOutboundById(id).orElseThrow(() -> new UnmatchedMessageException(
                "EDI document " + id + " for partner " + partner.id() + ": the store has no record of it"));
        exchange.setProperty("railheadSkip", "SENT".equals(stored.status()));
        exchange.getMessage().setHeader(EdiHeaders.TRANSPORT, partner.transport().getType());
        // The file name is set here, not on the queue: camel-jms drops Camel* headers such as CamelFileName.
        exchange.getMessage().setHeader(EdiHeaders.FILE_NAME,
                fileName(partner, stored.document(), stored.interchangeNumber(), stored.id()));
    }

    /** {@code edi-outbound} route: the transport took the document. */
    public void sent(Exchange exchange) {
        String id = exchange.getMessage().getHeader(EdiHeaders.OUTBOUND_ID, String.class);
        store.markOutboundSent(id);
        metrics.counter("railhead.edi.documents", "partner",
                String.valueOf(exchange.getMessage().getHeader(EdiHeaders.PARTNER)), "document",
                String.valueOf(exchange.getMessage().getHeader(EdiHeaders.DOCUMENT)), "status", "sent").increment();
        log.info("EDI {} {} sent to partner {} by {}", exchange.getMessage().getHeader(EdiHeaders.DOCUMENT),
                id, exchange.getMessage().getHeader(EdiHeaders.PARTNER),
                exchange.getMessage().getHeader(EdiHeaders.TRANSPORT));
    }
}
