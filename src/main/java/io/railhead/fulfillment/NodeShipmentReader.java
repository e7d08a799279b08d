package io.railhead.fulfillment;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a node's shipment (docs/shipment.schema.json) from its raw bytes and collects every reason it does not
 * fit, instead of stopping at the first, so a node's developer sees all of them in one answer (400).
 */
public final class NodeShipmentReader {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");
    private static final Set<String> FIELDS = Set.of("shipmentId", "orderId", "channel", "channelOrderId", "nodeId",
            "shippedAt", "carrier", "service", "trackingNumber", "trackingUrl", "lines", "packages");

    private NodeShipmentReader() {
    }

    /** The shipment, or null with the reasons. */
    public record Read(NodeShipment shipment, List<String> reasons) {
    }

    public static Read read(byte[] body) {
        JsonBody.Parsed parsed = JsonBody.object(body, "shipment");
        if (parsed.doc() == null) {
            return new Read(null, List.of(parsed.reason()));
        }
        JsonNode doc = parsed.doc();
        List<String> reasons = new ArrayList<>();
        JsonBody.unknownFields(doc, FIELDS, "", reasons);
        String shipmentId = id(doc, "shipmentId", "", true, reasons);
        String orderId = id(doc, "orderId", "", false, reasons);
        String channel = text(doc, "channel", "", reasons);
        String channelOrderId = text(doc, "channelOrderId", "", reasons);
        if (orderId == null && (channel == null || channelOrderId == null)) {
            reasons.add("orderId is missing (or give channel and channelOrderId)");
        }
        String nodeId = id(doc, "nodeId", "", false, reasons);
        Instant shippedAt = null;
        String at = text(doc, "shippedAt", "", reasons);
        if (at == null) {
            reasons.add("shippedAt is missing (ISO-8601 instant, e.g. 2026-11-24T15:30:00Z)");
        } else {
            try {
                shippedAt = Instant.parse(at);
            } catch (DateTimeParseException e) {
                reasons.add("shippedAt: not an ISO-8601 instant: " + at);
            }
        }
        String carrier = text(doc, "carrier", "", reasons);
        if (carrier == null) {
            reasons.add("carrier is missing");
        }
        String tracking = text(doc, "trackingNumber", "", reasons);
        List<NodeShipment.Line> lines = lines(doc.get("lines"), "", reasons);
        List<NodeShipment.Parcel> parcels = new ArrayList<>();
        JsonNode packages = doc.get("packages");
        if (packages != null && !packages.isNull()) {
            if (!packages.isArray()) {
                reasons.add("packages must be a list");
            } else {
                for (int i = 0; i < packages.size(); i++) {
                    JsonNode p = packages.get(i);
                    String where = "packages[" + i + "].";
                    if (!p.isObject()) {
                        reasons.add("packages[" + i + "] must be an object");
                        continue;
                    }
                    String sscc = text(p, "sscc", where, reasons);
                    if (sscc != null && !sscc.matches("(00)?[0-9]{18}")) {
                        reasons.add(where + "sscc: the 18 digits of an SSCC (or 20 with the leading 00)");
                    }
                    parcels.add(new NodeShipment.Parcel(sscc, text(p, "trackingNumber", where, reasons),
                            text(p, "trackingUrl", where, reasons), lines(p.get("lines"), where, reasons)));
                }
                if (reasons.isEmpty() && !parcels.isEmpty() && !packed(parcels).equals(keys(lines))) {
                    reasons.add("the packages do not add up to the lines");
                }
            }
        }
        if (tracking == null && parcels.stream().anyMatch(p -> p.trackingNumber() == null)) {
            reasons.add("trackingNumber is missing (on the shipment or on every package)");
        }
        if (!reasons.isEmpty()) {
            return new Read(null, List.copyOf(reasons));
        }
        return new Read(new NodeShipment(shipmentId, orderId, channel, channelOrderId, nodeId, shippedAt, carrier,
                text(doc, "service", "", reasons), tracking, text(doc, "trackingUrl", "", reasons), lines,
                List.copyOf(parcels)), List.of());
    }

    private static List<NodeShipment.Line> lines(JsonNode node, String where, List<String> reasons) {
        List<NodeShipment.Line> lines = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            reasons.add(where + "lines is missing or empty: at least one line ships");
            return lines;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode l = node.get(i);
            String at = where + "lines[" + i + "].";
            if (!l.isObject()) {
                reasons.add(where + "lines[" + i + "] must be an object");
                continue;
            }
            String lineId = text(l, "lineId", at, reasons);
            String sku = text(l, "sku", at, reasons);
            JsonNode q = l.get("quantity");
            if (lineId == null && sku == null) {
                reasons.add(at + "lineId or sku is missing");
            }
            if (q == null || !q.isIntegralNumber() || !q.canConvertToInt() || q.asInt() < 1) {
                reasons.add(at + "quantity must be a whole number of at least 1");
                continue;
            }
            if (lineId != null || sku != null) {
                String key = lineId != null ? lineId : "sku:" + sku;
                if (!seen.add(key)) {
                    reasons.add(at + "line " + key + " is listed twice");
                }
                lines.add(new NodeShipment.Line(lineId, sku, q.asInt()));
            }
        }
        return List.copyOf(lines);
    }

    private static java.util.Map<String, Integer> packed(List<NodeShipment.Parcel> parcels) {
        java.util.Map<String, Integer> sum = new java.util.HashMap<>();
        parcels.forEach(p -> p.lines().forEach(l -> sum.merge(key(l), l.quantity(), Integer::sum)));
        return sum;
    }

    private static java.util.Map<String, Integer> keys(List<NodeShipment.Line> lines) {
        java.util.Map<String, Integer> sum = new java.util.HashMap<>();
        lines.forEach(l -> sum.merge(key(l), l.quantity(), Integer::sum));
        return sum;
    }

    private static String key(NodeShipment.Line l) {
        return l.lineId() != null ? l.lineId() : "sku:" + l.sku();
    }

    private static String id(JsonNode doc, String field, String where, boolean required, List<String> reasons) {
        String v = text(doc, field, where, reasons);
        if (v == null) {
            if (required) {
                reasons.add(where + field + " is missing");
            }
            return null;
        }
        if (!ID.matcher(v).matches()) {
            reasons.add(where + field + ": 1 to 64 letters, digits or . _ : / - (starting with a letter or digit)");
        }
        return v;
    }

    private static String text(JsonNode doc, String field, String where, List<String> reasons) {
        JsonNode v = doc.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            reasons.add(where + field + " must be text");
            return null;
        }
        String s = v.asText().trim();
        return s.isEmpty() ? null : s;
    }
}
