package io.railhead.channel.edi;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.x12.X12Report;
import io.railhead.order.OrderJson;
import io.railhead.order.OrderNormalizer;
import io.railhead.order.OrderValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Checks a partner's sample file before go-live without processing it: the same Smooks parse,
 * envelope and profile checks as live traffic, the 997 verdict per group and set with every
 * error, and for each 850 the canonical order the mapping makes of it and the holds it would get.
 * Nothing is archived, queued, numbered or sent.
 */
@Component
public class EdiDryRun {

    private final ProducerTemplate producer;
    private final EdiInterchanges interchanges;
    private final OrderValidator validator;
    private final OrderNormalizer normalizer;

    public EdiDryRun(ProducerTemplate producer, EdiInterchanges interchanges, OrderValidator validator,
                     OrderNormalizer normalizer) {
        this.normalizer = normalizer;
        this.producer = producer;
        this.interchanges = interchanges;
        this.validator = validator;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> check(byte[] file) {
        Map<String, Object> beans = producer.requestBody("direct:edi-parse", file, Map.class);
        JsonNode x12 = (JsonNode) beans.get("x12");
        List<X12Report> reports = (List<X12Report>) beans.get("x12Reports");
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            X12Report r = reports.get(i);
            Map<String, Object> view = new LinkedHashMap<>();
            out.add(view);
            if (r.unreadable != null) {
                view.put("verdict", "REJECTED");
                view.put("reason", r.unreadable);
                continue;
            }
            view.put("controlNumber", r.controlNumber);
            view.put("sender", r.senderQualifier + "/" + r.senderId);
            view.put("receiver", r.receiverQualifier + "/" + r.receiverId);
            view.put("separators", Map.of("element", String.valueOf(r.elementSeparator), "component",
                    String.valueOf(r.componentSeparator), "segment", printable(r.segmentTerminator),
                    "repetition", r.repetitionSeparator == null ? "" : String.valueOf(r.repetitionSeparator)));
            EdiInterchanges.EnvelopeVerdict verdict = interchanges.judge(r, null);
            Optional<PartnerProfile> partner = Optional.ofNullable(verdict.partner());
            view.put("partner", partner.map(PartnerProfile::id).orElse(null));
            List<String> problems = verdict.accepted() ? List.of()
                    : List.of(verdict.reason() + (verdict.ta1Code() == null ? "" : " (TA1 " + verdict.ta1Code() + ")")
                    + ": " + verdict.detail());
            view.put("verdict", problems.isEmpty() ? "ACCEPTED" : "REJECTED");
            view.put("problems", problems);
            JsonNode interchange = x12.path("Interchange").path(i);
            List<Map<String, Object>> groups = new ArrayList<>();
            for (int g = 0; g < r.groups.size(); g++) {
                groups.add(group(r, r.groups.get(g), interchange.path("FunctionalGroup").path(g), partner.orElse(null),
                        problems.isEmpty()));
            }
            view.put("groups", groups);
        }
        return Map.of("interchanges", out);
    }

    private Map<String, Object> group(X12Report r, X12Report.Group group, JsonNode groupJson, PartnerProfile partner,
                                      boolean envelopeOk) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("functionalId", group.functionalId);
        view.put("controlNumber", group.controlNumber);
        view.put("version", group.version);
        view.put("ack", group.ackCode());
        view.put("errors", group.errors);
        List<Map<String, Object>> sets = new ArrayList<>();
        for (X12Report.TransactionSet set : group.sets) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("code", set.code);
            s.put("controlNumber", set.controlNumber);
            s.put("ack", set.ackCode());
            s.put("errors", set.errors);
            s.put("segmentErrors", set.segmentErrors);
            if (envelopeOk && partner != null && !set.rejected() && "850".equals(set.code)) {
                String payload = interchanges.payload(partner, r, group, set,
                        groupJson.path("TransactionSet").path(set.index));
                OrderNormalizer.Read read = normalizer.normalize("edi", partner.id(), payload);
                if (read.order() != null) {
                    s.put("order", OrderJson.tree(read.order()));
                    s.put("holds", validator.validate(read.order(), read.holds()));
                } else {
                    s.put("mappingError", read.unreadable() + ": " + read.cause());
                }
            }
            sets.add(s);
        }
        view.put("sets", sets);
        return view;
    }

    private static String printable(char c) {
        return c < 0x20 || c >= 0x7F ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
