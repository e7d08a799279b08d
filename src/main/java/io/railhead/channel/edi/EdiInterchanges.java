package io.railhead.channel.edi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.railhead.channel.ChannelIntake;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.channel.edi.partner.PartnerRegistry;
import io.railhead.x12.X12Report;
import io.railhead.shared.Headers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What happens to a parsed interchange (the {@code edi-interchange} route, after Smooks): the
 * sender must be a known partner and the receiver us, the envelope sound and its control number
 * new for that partner — otherwise the interchange is rejected (TA1 to a known partner) and listed
 * as an exception with its archived file. Then every accepted 850 goes to the order intake as
 * {@code channel=edi}, and every group gets its 997 — all in the consuming broker transaction.
 */
@Component("ediInterchanges")
public class EdiInterchanges {

    private static final Logger log = LoggerFactory.getLogger(EdiInterchanges.class);

    private final PartnerRegistry partners;
    private final EdiStore store;
    private final EdiOutbound outbound;
    private final X12Envelopes envelopes;
    private final ChannelIntake intake;
    private final MeterRegistry metrics;
    private final ObjectMapper json = new ObjectMapper();

    public EdiInterchanges(PartnerRegistry partners, EdiStore store, EdiOutbound outbound, X12Envelopes envelopes,
                           ChannelIntake intake, MeterRegistry metrics) {
        this.metrics = metrics;
        this.partners = partners;
        this.store = store;
        this.outbound = outbound;
        this.envelopes = envelopes;
        this.intake = intake;
    }

    /** What became of one file, for the archive and the logs. */
    public record Outcome(int ordersQueued, int setsRejected, int interchangesRejected) {
    }

    @SuppressWarnings("unchecked")
    public Outcome process(Exchange exchange) throws org.apache.camel.InvalidPayloadException {
        // camel-smooks leaves the JavaSink's result map as the body
        Map<String, Object> beans = exchange.getMessage().getMandatoryBody(Map.class);
        JsonNode x12 = (JsonNode) beans.get("x12");
        List<X12Report> reports = (List<X12Report>) beans.get("x12Reports");
        String archiveId = exchange.getMessage().getHeader(EdiHeaders.ARCHIVE_ID, String.class);
        String hint = exchange.getMessage().getHeader(EdiHeaders.PARTNER, String.class);
        String correlationId = exchange.getMessage().getHeader(Headers.CORRELATION_ID, String.class);
        int orders = 0;
        int rejectedSets = 0;
        int rejectedInterchanges = 0;
        String partnerSeen = null;
        for (int i = 0; i < reports.size(); i++) {
            X12Report report = reports.get(i);
            JsonNode interchange = x12 == null ? null : x12.path("Interchange").path(i);
            Optional<PartnerProfile> partner = accept(report, archiveId, hint, correlationId);
            metrics.counter("railhead.edi.interchanges", "partner", partner.map(PartnerProfile::id).orElse("unknown"),
                    "outcome", partner.isPresent() ? "accepted" : "rejected").increment();
            if (partner.isEmpty()) {
                rejectedInterchanges++;
                continue;
            }
            partnerSeen = partner.get().id();
            int[] counts = groups(partner.get(), report, interchange, archiveId, correlationId);
            orders += counts[0];
            rejectedSets += counts[1];
        }
        String status = rejectedInterchanges == reports.size() ? "REJECTED"
                : rejectedInterchanges > 0 || rejectedSets > 0 ? "PARTLY_REJECTED" : "PROCESSED";
        store.markArchive(archiveId, partnerSeen, status, orders + " order(s) queued, " + rejectedSets
                + " transaction set(s) rejected, " + rejectedInterchanges + " interchange(s) rejected");
        log.info("EDI file {}: {} order(s) queued, {} set(s) rejected, {} interchange(s) rejected", archiveId, orders,
                rejectedSets, rejectedInterchanges);
        return new Outcome(orders, rejectedSets, rejectedInterchanges);
    }

    /**
     * Whether an interchange's envelope may be processed, decided without side effects (the live
     * intake and the sample-file check share it): the partner it comes from, or why it is refused —
     * with the TA1 note code when the sender is a known partner who can be told.
     */
    public record EnvelopeVerdict(PartnerProfile partner, String reason, String ta1Code, String detail) {

        public boolean accepted() {
            return reason == null;
        }
    }

    public EnvelopeVerdict judge(X12Report r, String hint) {
        if (r.unreadable != null) {
            Optional<PartnerProfile> sender = r.senderId == null ? Optional.empty()
                    : partners.bySender(r.senderQualifier, r.senderId).filter(p -> hint == null || hint.equals(p.id()));
            return sender.isPresent() && !r.interchangeErrors.isEmpty()
                    ? new EnvelopeVerdict(sender.get(), "UNREADABLE", r.interchangeErrors.get(0).code(),
                    "interchange " + r.controlNumber + ": " + r.unreadable)
                    : new EnvelopeVerdict(null, "UNREADABLE", null, r.unreadable);
        }
        Optional<PartnerProfile> found = partners.bySender(r.senderQualifier, r.senderId);
        if (found.isEmpty()) {
            return new EnvelopeVerdict(null, "UNKNOWN_SENDER", null, "interchange " + r.controlNumber + " from "
                    + r.senderQualifier + "/" + r.senderId + ": no partner profile has this ISA sender; not processed");
        }
        PartnerProfile p = found.get();
        if (hint != null && !hint.equals(p.id())) {
            return new EnvelopeVerdict(null, "SENDER_MISMATCH", null, "interchange " + r.controlNumber
                    + " arrived on the transport of partner " + hint + " but is sent by partner " + p.id()
                    + "; not processed");
        }
        if (!p.interchange().receiverQualifier().equals(r.receiverQualifier)
                || !p.interchange().receiverId().equals(r.receiverId)) {
            String code = p.interchange().receiverQualifier().equals(r.receiverQualifier) ? "008" : "007";
            return new EnvelopeVerdict(p, "RECEIVER_MISMATCH", code, "interchange " + r.controlNumber
                    + " is addressed to " + r.receiverQualifier + "/" + r.receiverId + ", not to us ("
                    + p.interchange().receiverQualifier() + "/" + p.interchange().receiverId() + ")");
        }
        if (!r.interchangeErrors.isEmpty()) {
            return new EnvelopeVerdict(p, "ENVELOPE_INVALID", r.interchangeErrors.get(0).code(),
                    "interchange " + r.controlNumber + ": " + r.summary());
        }
        return new EnvelopeVerdict(p, null, null, null);
    }

    /** The partner of an interchange whose envelope holds and is new; empty when it was rejected. */
    private Optional<PartnerProfile> accept(X12Report r, String archiveId, String hint, String correlationId) {
        EnvelopeVerdict verdict = judge(r, hint);
        if (!verdict.accepted()) {
            if (verdict.partner() != null) {
                reject(verdict.partner(), r, archiveId, verdict.ta1Code(), verdict.reason(), verdict.detail(),
                        correlationId);
            } else {
                store.addException(archiveId, hint, verdict.reason(), verdict.detail());
            }
            return Optional.empty();
        }
        PartnerProfile p = verdict.partner();
        if (!store.claimInterchange(p.id(), r.controlNumber, archiveId)) {
            reject(p, r, archiveId, "025", "DUPLICATE_INTERCHANGE", "interchange control number " + r.controlNumber
                    + " was already received from " + p.id() + "; not processed again", correlationId);
            return Optional.empty();
        }
        if ("1".equals(r.ackRequested) && p.sendsTa1()) {
            outbound.send(p, "TA1:" + r.controlNumber, null, envelopes.ta1(p, r, "A", "000"), correlationId);
        }
        return Optional.of(p);
    }

    private void reject(PartnerProfile p, X12Report r, String archiveId, String noteCode, String reason,
                        String detail, String correlationId) {
        store.addException(archiveId, p.id(), reason, detail);
        if (p.sendsTa1() && r.controlNumber != null && r.controlNumber.matches("[0-9]{9}")) {
            outbound.send(p, "TA1:" + archiveId + ":" + r.controlNumber, null, envelopes.ta1(p, r, "R", noteCode),
                    correlationId);
        }
        log.warn("EDI interchange {} from partner {} rejected: {}", r.controlNumber, p.id(), reason);
    }

    /** @return {orders queued, sets rejected} */
    private int[] groups(PartnerProfile partner, X12Report report, JsonNode interchange, String archiveId,
                         String correlationId) {
        int orders = 0;
        int rejected = 0;
        for (int g = 0; g < report.groups.size(); g++) {
            X12Report.Group group = report.groups.get(g);
            JsonNode groupJson = interchange == null ? null : interchange.path("FunctionalGroup").path(g);
            for (X12Report.TransactionSet set : group.sets) {
                if (set.code != null && !set.rejected() && !partner.exchanges(set.code)) {
                    set.errors.add(new X12Report.Issue("1", "Transaction set " + set.code
                            + " is not exchanged with this partner"));
                }
            }
            for (X12Report.TransactionSet set : group.sets) {
                metrics.counter("railhead.edi.transaction.sets", "partner", partner.id(), "set",
                        String.valueOf(set.code), "ack", group.errors.isEmpty() ? set.ackCode() : "R").increment();
                if (set.rejected() || !group.errors.isEmpty()) {
                    rejected++;
                    continue;
                }
                if ("997".equals(set.code) && groupJson != null) {
                    acknowledged(partner, groupJson.path("TransactionSet").path(set.index));
                    continue;
                }
                if ("850".equals(set.code) && groupJson != null) {
                    JsonNode setJson = groupJson.path("TransactionSet").path(set.index);
                    String eventKey = report.controlNumber + ":" + group.controlNumber + ":" + set.controlNumber;
                    // A set accepted with errors (AK5 E) is taken, but held until an operator has looked at it.
                    Map<String, String> facts = "E".equals(set.ackCode()) ? Map.of(Headers.INTAKE_HOLDS,
                            "ACCEPTED_WITH_ERRORS: 997 AK5 E for set 850/" + set.controlNumber + ": " + segmentErrors(set))
                            : Map.of();
                    intake.enqueue("edi", partner.id(), eventKey, "850", payload(partner, report, group, set, setJson),
                            correlationId, facts);
                    orders++;
                }
            }
            if (!"A".equals(group.ackCode())) {
                store.addException(archiveId, partner.id(), "REJECTED_SETS", "group " + group.controlNumber + " ("
                        + group.functionalId + "): 997 " + group.ackCode() + "; " + groupSummary(group));
            }
            if (partner.sendsFunctionalAcks() && !"FA".equals(group.functionalId)) {
                String version = group.errors.stream().anyMatch(e -> "2".equals(e.code())) || group.version == null
                        ? partner.groupVersion() : group.version;
                EdiOutbound.Document ack = envelopes.build(partner, "FA", "997", version,
                        List.of(FunctionalAcks.ack(group, partner)));
                outbound.send(partner, "997:" + report.controlNumber + ":" + group.controlNumber, null, ack,
                        correlationId);
            }
        }
        return new int[]{orders, rejected};
    }

    /** A partner's 997 for documents we sent: the verdict is recorded on the documents of that group. */
    private void acknowledged(PartnerProfile partner, JsonNode ack) {
        String group = ack.path("AK1").path("AK102").asText(null);
        String code = ack.path("AK9").path("AK901").asText("");
        String status = switch (code) {
            case "A" -> "ACCEPTED";
            case "E" -> "ACCEPTED_WITH_ERRORS";
            case "P" -> "PARTIALLY_ACCEPTED";
            default -> "REJECTED";
        };
        StringBuilder detail = new StringBuilder("997 AK9 " + code);
        for (JsonNode ak2 : ack.path("AK2Loop")) {
            String setCode = ak2.path("AK5").path("AK501").asText("");
            if (!"A".equals(setCode)) {
                detail.append("; set ").append(ak2.path("AK2").path("AK201").asText()).append('/')
                        .append(ak2.path("AK2").path("AK202").asText()).append(" AK5 ").append(setCode);
                for (JsonNode ak3 : ak2.path("AK3Loop")) {
                    detail.append(" [").append(ak3.path("AK3").path("AK301").asText()).append('#')
                            .append(ak3.path("AK3").path("AK302").asText()).append(' ')
                            .append(ak3.path("AK3").path("AK304").asText()).append(']');
                }
            }
        }
        int n = group == null ? 0 : store.acknowledgeOutbound(partner.id(), group, status, detail.toString());
        if (n == 0) {
            log.warn("EDI 997 from partner {} acknowledges group {} which the hub did not send", partner.id(), group);
        } else {
            log.info("EDI 997 from partner {}: group {} {}", partner.id(), group, status);
        }
    }

    /** The first segment errors of a set, in words (no element values: they may be personal data). */
    private static String segmentErrors(X12Report.TransactionSet set) {
        String listed = set.segmentErrors.stream().limit(10).map(se -> se.segmentId() + "#" + se.position() + " "
                + se.code() + " " + se.description() + se.elementErrors().stream().map(ee -> ", element "
                + ee.position() + " " + ee.code() + " " + ee.description()).collect(Collectors.joining()))
                .collect(Collectors.joining("; "));
        return set.segmentErrors.size() > 10 ? listed + "; and " + (set.segmentErrors.size() - 10) + " more" : listed;
    }

    private static String groupSummary(X12Report.Group group) {
        String groupErrors = group.errors.stream().map(e -> e.code() + " " + e.description())
                .collect(Collectors.joining(", "));
        String sets = group.sets.stream().filter(s -> !"A".equals(s.ackCode()))
                .map(s -> s.code + "/" + s.controlNumber + " " + s.ackCode() + " ("
                        + s.errors.stream().map(e -> e.code() + " " + e.description()).collect(Collectors.joining(", "))
                        + (s.segmentErrors.isEmpty() ? "" : (s.errors.isEmpty() ? "" : ", ") + s.segmentErrors.stream()
                        .map(se -> se.segmentId() + "#" + se.position() + " " + se.code() + " " + se.description()
                                + se.elementErrors().stream().map(ee -> " [element " + ee.position() + " " + ee.code()
                                        + " " + ee.description() + "]").collect(Collectors.joining()))
                        .collect(Collectors.joining(", "))) + ")")
                .collect(Collectors.joining("; "));
        return (groupErrors.isEmpty() ? "" : groupErrors + "; ") + sets;
    }

    /** The intake payload of one 850: the set as bound, its envelope, and what the mapping needs of the profile. */
    String payload(PartnerProfile partner, X12Report report, X12Report.Group group, X12Report.TransactionSet set,
                   JsonNode setJson) {
        ObjectNode root = json.createObjectNode();
        ObjectNode p = root.putObject("partner");
        p.put("id", partner.id());
        p.put("name", partner.name());
        p.put("currency", partner.currency());
        p.put("terms", partner.terms());
        p.set("itemQualifiers", json.valueToTree(partner.itemQualifiers()));
        p.set("xref", json.valueToTree(relevantXref(partner, setJson)));
        String shipToNumber = shipToNumber(setJson);
        if (partner.shipToParty(shipToNumber) != null) {
            p.set("shipTo", json.valueToTree(partner.shipToParty(shipToNumber)));
        }
        ObjectNode e = root.putObject("envelope");
        e.put("isa13", report.controlNumber);
        e.put("sender", report.senderQualifier + "/" + report.senderId);
        e.put("usage", report.usage);
        e.put("gs06", group.controlNumber);
        e.put("version", group.version);
        e.put("st02", set.controlNumber);
        e.put("receivedAt", Instant.now().toString());
        root.set("set", setJson);
        return root.toString();
    }

    private static String shipToNumber(JsonNode set) {
        for (JsonNode loop : set.path("N1Loop")) {
            if ("ST".equals(loop.path("N1").path("N101").asText())) {
                return loop.path("N1").path("N104").asText(null);
            }
        }
        return null;
    }

    /** Only the cross-reference entries for the items of this order travel with it. */
    private static Map<String, String> relevantXref(PartnerProfile partner, JsonNode set) {
        Map<String, String> xref = partner.itemXref();
        if (xref.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new java.util.TreeMap<>();
        for (JsonNode loop : set.path("PO1Loop")) {
            JsonNode po1 = loop.path("PO1");
            for (int i = 6; i < 25; i += 2) {
                String q = po1.path(String.format("PO1%02d", i)).asText("");
                String v = po1.path(String.format("PO1%02d", i + 1)).asText("");
                String key = q + ":" + v;
                if (xref.containsKey(key)) {
                    out.put(key, xref.get(key));
                }
            }
        }
        return out;
    }
}
