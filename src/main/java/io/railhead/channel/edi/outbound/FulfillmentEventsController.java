package io.railhead.channel.edi.outbound;

import io.railhead.channel.edi.EdiStore;
import io.railhead.channel.edi.outbound.FulfillmentEvents;
import io.railhead.channel.edi.outbound.Invoice;
import io.railhead.channel.edi.outbound.Shipment;
import io.railhead.shared.Headers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the warehouse and the ERP tell the hub that an order shipped or was invoiced, so the
 * trading partner gets its 856 ship notice and 810 invoice (docs/edi-documents.md). A new report
 * is answered 201 with the document and its status (queued, or held with the reason); the same
 * report again 200 with the same document ("duplicate"). An unknown order is 404; an order that is
 * not an EDI order, whose partner does not exchange the document, or whose status does not allow
 * it is 409; a report that does not fit the order (unknown lines, more than ordered or shipped,
 * a bad SSCC) is 400 with the reason.
 */
@RestController
@RequestMapping("/api/orders/{orderId}")
public class FulfillmentEventsController {

    private final FulfillmentEvents events;

    public FulfillmentEventsController(FulfillmentEvents events) {
        this.events = events;
    }

    @PostMapping("/shipments")
    public ResponseEntity<Map<String, Object>> ship(@PathVariable String orderId,
                                                    @RequestBody(required = false) Shipment shipment,
                                                    @RequestHeader(name = Headers.HTTP_CORRELATION_ID, required = false)
                                                    String correlationId) {
        return withCorrelation(correlationId, cid -> answer(events.ship(orderId, shipment, cid), "shipmentId", cid));
    }

    @PostMapping("/invoices")
    public ResponseEntity<Map<String, Object>> invoice(@PathVariable String orderId,
                                                       @RequestBody(required = false) Invoice invoice,
                                                       @RequestHeader(name = Headers.HTTP_CORRELATION_ID, required = false)
                                                       String correlationId) {
        return withCorrelation(correlationId, cid -> answer(events.invoice(orderId, invoice, cid), "invoiceId", cid));
    }

    /** Runs the handling with the request's correlation id (or a new one) in the logging context. */
    private static ResponseEntity<Map<String, Object>> withCorrelation(
            String requested, java.util.function.Function<String, ResponseEntity<Map<String, Object>>> handling) {
        String cid = correlationId(requested);
        MDC.put("correlationId", cid);
        try {
            return handling.apply(cid);
        } finally {
            MDC.remove("correlationId");
        }
    }

    private static ResponseEntity<Map<String, Object>> answer(FulfillmentEvents.Outcome o, String idName,
                                                              String correlationId) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("status", o.status());
        view.put("orderId", o.orderId());
        view.put(idName, o.eventId());
        view.put("orderStatus", o.orderStatus());
        EdiStore.Outbound d = o.document();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", d.id());
        doc.put("document", d.document());
        doc.put("status", d.status());
        doc.put("detail", d.detail());
        doc.put("partner", d.partnerId());
        doc.put("interchangeControlNumber", d.interchangeNumber());
        doc.put("groupControlNumber", d.groupNumber());
        doc.put("setControlNumber", d.setNumber());
        view.put("document", doc);
        return ResponseEntity.status(o.recorded() ? HttpStatus.CREATED : HttpStatus.OK)
                .header(Headers.HTTP_CORRELATION_ID, correlationId).body(view);
    }

    private static String correlationId(String header) {
        return header != null && !header.isBlank() ? header : UUID.randomUUID().toString();
    }
}
