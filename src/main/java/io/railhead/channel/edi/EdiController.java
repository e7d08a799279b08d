package io.railhead.channel.edi;

import io.railhead.channel.edi.EdiDryRun;
import io.railhead.channel.edi.EdiInbound;
import io.railhead.channel.edi.EdiStore;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.channel.edi.partner.PartnerRegistry;
import io.railhead.channel.edi.transport.EdiTransportRoutes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' and integration engineers' view of EDI: the partners loaded, every rejected file with
 * its reason and raw content, the documents sent or held, re-processing an archived file once its
 * cause is fixed (e.g. a profile corrected), reloading the partner profiles without a restart, and
 * checking a partner's sample files before go-live.
 */
@RestController
@RequestMapping("/api/edi")
public class EdiController {

    private static final MediaType X12 = MediaType.parseMediaType("application/edi-x12");

    private final PartnerRegistry partners;
    private final EdiStore store;
    private final EdiInbound inbound;
    private final EdiTransportRoutes transports;
    private final CamelContext camel;
    private final EdiDryRun dryRun;

    public EdiController(PartnerRegistry partners, EdiStore store, EdiInbound inbound, EdiTransportRoutes transports,
                         CamelContext camel, EdiDryRun dryRun) {
        this.dryRun = dryRun;
        this.partners = partners;
        this.store = store;
        this.inbound = inbound;
        this.transports = transports;
        this.camel = camel;
    }

    @GetMapping("/partners")
    public List<Map<String, Object>> partners() {
        return partners.all().stream().map(EdiController::describe).toList();
    }

    /** Re-reads every profile (all or nothing) and starts the inbound routes of new or changed partners. */
    @PostMapping("/partners/reload")
    public List<Map<String, Object>> reload() {
        try {
            partners.reload().forEach(p -> transports.start(camel, p));
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return partners();
    }

    private static Map<String, Object> describe(PartnerProfile p) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", p.id());
        view.put("name", p.name());
        view.put("sender", p.interchange().qualifier() + "/" + p.interchange().id());
        view.put("receiver", p.interchange().receiverQualifier() + "/" + p.interchange().receiverId());
        view.put("documents", p.documents());
        view.put("transport", p.transport().getType());
        return view;
    }

    /** Checks a partner's sample file as live traffic would be checked, without processing it. */
    @PostMapping("/check")
    public Map<String, Object> check(@org.springframework.web.bind.annotation.RequestBody byte[] file) {
        if (file == null || file.length == 0) {
            throw new IllegalArgumentException("send the X12 file as the request body");
        }
        return dryRun.check(file);
    }

    @GetMapping("/exceptions")
    public Map<String, Object> exceptions(@RequestParam(required = false) String partner,
                                          @RequestParam(defaultValue = "100") int limit) {
        return Map.of("exceptions", store.exceptions(partner, Math.min(Math.max(limit, 1), 1000)));
    }

    @GetMapping("/files/{id}")
    public EdiStore.Archived file(@PathVariable String id) {
        return store.findArchive(id).orElseThrow(() -> new NotFound("no archived EDI file " + id));
    }

    @GetMapping("/files/{id}/raw")
    public ResponseEntity<byte[]> raw(@PathVariable String id) {
        if (file(id).status().equals(io.railhead.channel.edi.transport.EdiInboxScreen.NOT_STORED)) {
            throw new NotFound("EDI file " + id + " was refused before it was stored (" + file(id).detail() + ")");
        }
        byte[] payload = store.archivedPayload(id).orElseThrow(() -> new NotFound("no archived EDI file " + id));
        return ResponseEntity.ok().contentType(X12).body(payload);
    }

    /** Queues an archived file again, as the same file: its interchanges are not taken for duplicates. */
    @PostMapping("/files/{id}/reprocess")
    public Map<String, String> reprocess(@PathVariable String id) {
        EdiStore.Archived file = file(id);
        byte[] payload = store.archivedPayload(id).orElseThrow();
        inbound.requeue(file, payload);
        return Map.of("status", "queued", "file", id);
    }

    @GetMapping("/outbound")
    public Map<String, Object> outbound(@RequestParam(required = false) String partner,
                                        @RequestParam(required = false) String document,
                                        @RequestParam(required = false) String orderId,
                                        @RequestParam(required = false) java.time.Duration unacknowledgedFor,
                                        @RequestParam(defaultValue = "100") int limit) {
        int max = Math.min(Math.max(limit, 1), 1000);
        List<EdiStore.Outbound> docs = orderId != null ? store.outboundForOrder(orderId)
                : unacknowledgedFor != null
                ? store.unacknowledged(partner, java.time.Instant.now().minus(unacknowledgedFor), max)
                : store.outbound(partner, document, max);
        return Map.of("documents", docs.stream().map(EdiController::summary).toList());
    }

    @GetMapping("/outbound/{id}/raw")
    public ResponseEntity<byte[]> outboundRaw(@PathVariable String id) {
        EdiStore.Outbound o = store.findOutboundById(id).orElseThrow(() -> new NotFound("no EDI document " + id));
        return ResponseEntity.ok().contentType(X12)
                .body(o.payload() == null ? new byte[0] : o.payload().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Map<String, Object> summary(EdiStore.Outbound o) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", o.id());
        view.put("partner", o.partnerId());
        view.put("document", o.document());
        view.put("eventKey", o.eventKey());
        view.put("orderId", o.orderId());
        view.put("interchangeControlNumber", o.interchangeNumber());
        view.put("groupControlNumber", o.groupNumber());
        view.put("setControlNumber", o.setNumber());
        view.put("status", o.status());
        view.put("detail", o.detail());
        view.put("createdAt", o.createdAt());
        view.put("sentAt", o.sentAt());
        view.put("partnerAck", o.ackStatus());
        view.put("partnerAckDetail", o.ackDetail());
        view.put("partnerAckAt", o.ackedAt());
        return view;
    }

    /** A 404 with a reason. */
    public static class NotFound extends io.railhead.shared.NotFoundException {
        public NotFound(String message) {
            super(message);
        }
    }
}
