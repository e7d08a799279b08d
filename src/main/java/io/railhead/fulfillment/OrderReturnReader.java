package io.railhead.fulfillment;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads a return from its raw bytes with every reason it does not fit, as {@link NodeShipmentReader} does. */
public final class OrderReturnReader {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");

    private OrderReturnReader() {
    }

    /** The return, or null with the reasons. */
    public record Read(OrderReturn value, List<String> reasons) {
    }

    public static Read read(byte[] body) {
        JsonBody.Parsed parsed = JsonBody.object(body, "return");
        if (parsed.doc() == null) {
            return new Read(null, List.of(parsed.reason()));
        }
        JsonNode doc = parsed.doc();
        List<String> reasons = new ArrayList<>();
        String returnId = id(doc, "returnId", reasons);
        String orderId = id(doc, "orderId", reasons);
        String location = text(doc, "location");
        if (location == null) {
            reasons.add("location is missing (a stock ledger location or a node id)");
        }
        Instant receivedAt = null;
        String at = text(doc, "receivedAt");
        if (at == null) {
            reasons.add("receivedAt is missing (ISO-8601 instant)");
        } else {
            try {
                receivedAt = Instant.parse(at);
            } catch (DateTimeParseException e) {
                reasons.add("receivedAt: not an ISO-8601 instant: " + at);
            }
        }
        List<OrderReturn.Line> lines = new ArrayList<>();
        JsonNode ls = doc.get("lines");
        if (ls == null || !ls.isArray() || ls.isEmpty()) {
            reasons.add("lines is missing or empty: at least one line comes back");
        } else {
            for (int i = 0; i < ls.size(); i++) {
                JsonNode l = ls.get(i);
                String where = "lines[" + i + "].";
                String lineId = text(l, "lineId");
                String sku = text(l, "sku");
                if (lineId == null && sku == null) {
                    reasons.add(where + "lineId or sku is missing");
                }
                JsonNode q = l.get("quantity");
                boolean qty = q != null && q.isIntegralNumber() && q.canConvertToInt() && q.asInt() >= 1;
                if (!qty) {
                    reasons.add(where + "quantity must be a whole number of at least 1");
                }
                String d = text(l, "disposition");
                OrderReturn.Disposition disposition = null;
                try {
                    disposition = d == null ? null : OrderReturn.Disposition.valueOf(d.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    // reported below
                }
                if (disposition == null) {
                    reasons.add(where + "disposition must be RESTOCK, QUARANTINE, DAMAGED or WRITE_OFF");
                }
                if ((lineId != null || sku != null) && qty && disposition != null) {
                    lines.add(new OrderReturn.Line(lineId, sku, q.asInt(), disposition));
                }
            }
        }
        return reasons.isEmpty() ? new Read(new OrderReturn(returnId, orderId, location, receivedAt, List.copyOf(lines)),
                List.of()) : new Read(null, List.copyOf(reasons));
    }

    private static String id(JsonNode doc, String field, List<String> reasons) {
        String v = text(doc, field);
        if (v == null) {
            reasons.add(field + " is missing");
        } else if (!ID.matcher(v).matches()) {
            reasons.add(field + ": 1 to 64 letters, digits or . _ : / - (starting with a letter or digit)");
        }
        return v;
    }

    private static String text(JsonNode doc, String field) {
        JsonNode v = doc.get(field);
        return v == null || !v.isValueNode() || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }
}
