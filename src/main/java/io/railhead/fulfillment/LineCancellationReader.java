package io.railhead.fulfillment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a node's report of lines it cannot ship ({@code docs/line-cancellation.schema.json}: orderId, nodeId,
 * lines with lineId or sku and quantity, reason) and collects every reason it does not fit (400).
 */
final class LineCancellationReader {

    private static final Set<String> FIELDS = Set.of("orderId", "nodeId", "lines", "reason");
    private static final Set<String> LINE_FIELDS = Set.of("lineId", "sku", "quantity");

    private LineCancellationReader() {
    }

    /** The report, or null with the reasons. */
    record Read(LineCancellations.Report report, List<String> reasons) {
    }

    static Read read(byte[] body) {
        JsonBody.Parsed parsed = JsonBody.object(body, "cancellation");
        if (parsed.doc() == null) {
            return new Read(null, List.of(parsed.reason()));
        }
        JsonNode doc = parsed.doc();
        List<String> reasons = new ArrayList<>();
        JsonBody.unknownFields(doc, FIELDS, "", reasons);
        String orderId = text(doc, "orderId", "", true, reasons);
        String nodeId = text(doc, "nodeId", "", true, reasons);
        String reason = text(doc, "reason", "", false, reasons);
        List<NodeShipment.Line> lines = new ArrayList<>();
        JsonNode list = doc.path("lines");
        if (!list.isArray() || list.isEmpty()) {
            reasons.add("lines: a non-empty list of {lineId or sku, quantity} is required");
        } else {
            for (int i = 0; i < list.size(); i++) {
                JsonNode l = list.get(i);
                String at = "lines[" + i + "].";
                if (!l.isObject()) {
                    reasons.add("lines[" + i + "]: an object is required");
                    continue;
                }
                JsonBody.unknownFields(l, LINE_FIELDS, at, reasons);
                String lineId = text(l, "lineId", at, false, reasons);
                String sku = text(l, "sku", at, false, reasons);
                if (lineId == null && sku == null) {
                    reasons.add("lines[" + i + "]: lineId or sku is required");
                }
                JsonNode q = l.path("quantity");
                if (!q.isIntegralNumber() || q.asLong() <= 0 || q.asLong() > Integer.MAX_VALUE) {
                    reasons.add(at + "quantity: a whole number above 0 is required");
                } else if (lineId != null || sku != null) {
                    lines.add(new NodeShipment.Line(lineId, sku, q.intValue()));
                }
            }
        }
        return reasons.isEmpty() ? new Read(new LineCancellations.Report(orderId, nodeId, lines, reason), List.of())
                : new Read(null, List.copyOf(reasons));
    }

    private static String text(JsonNode doc, String field, String at, boolean required, List<String> reasons) {
        JsonNode v = doc.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                reasons.add(at + field + " is required");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > 200) {
            reasons.add(at + field + ": a non-blank string of at most 200 characters is required");
            return null;
        }
        return v.asText().trim();
    }
}
