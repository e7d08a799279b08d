package io.railhead.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks one stock event in its JSON shape, collecting every reason it cannot be applied
 * (malformed JSON, missing eventId/source/occurredAt, unknown kind, reason, state or location, a
 * quantity that is not a whole number, a negative snapshot quantity), so a sender fixes them all at once.
 * An event with any reason is applied not at all.
 */
public final class StockEventReader {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ITEM_FIELDS = Set.of("sku", "location", "reason", "orderId");
    private static final Set<String> EVENT_FIELDS = Set.of("eventId", "source", "occurredAt", "kind", "reason", "orderId",
            "items");

    private StockEventReader() {
    }

    /** The event, or the reasons it is refused (never both). */
    public record Read(StockEvent event, List<String> reasons) {
    }

    public static Read read(byte[] body, StockRules rules, int maxItems) {
        JsonNode doc;
        try {
            doc = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return refused("malformed JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            return refused("malformed JSON: " + e.getMessage());
        }
        return read(doc, rules, maxItems);
    }

    public static Read read(JsonNode doc, StockRules rules, int maxItems) {
        if (doc == null || !doc.isObject()) {
            return refused("the event must be a JSON object");
        }
        List<String> reasons = new ArrayList<>();
        for (Iterator<String> names = doc.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!EVENT_FIELDS.contains(name)) {
                reasons.add("unknown field '" + name + "'");
            }
        }
        String eventId = text(doc, "eventId", "", reasons, true);
        String source = text(doc, "source", "", reasons, true);
        Instant occurredAt = time(doc.get("occurredAt"), reasons);
        StockEvent.Kind kind = null;
        String k = text(doc, "kind", "", reasons, true);
        if (k != null) {
            try {
                kind = StockEvent.Kind.valueOf(k);
            } catch (IllegalArgumentException e) {
                reasons.add("unknown kind '" + k + "' (SNAPSHOT or DELTA)");
            }
        }
        String reason = reason(doc, "", reasons);
        String orderId = orderId(doc, "", reasons);
        JsonNode items = doc.get("items");
        List<StockEvent.Item> read = new ArrayList<>();
        if (items == null || !items.isArray() || items.isEmpty()) {
            reasons.add("items is missing or empty: an event has at least one item");
        } else if (items.size() > maxItems) {
            reasons.add("items has " + items.size() + " entries, at most " + maxItems + " are taken in one event");
        } else {
            for (int i = 0; i < items.size(); i++) {
                StockEvent.Item item = item(items.get(i), "items[" + i + "].", kind, reason, rules, reasons);
                if (item != null) {
                    read.add(item);
                }
            }
        }
        if (!reasons.isEmpty()) {
            return new Read(null, List.copyOf(reasons));
        }
        return new Read(new StockEvent(eventId, source, occurredAt, kind, reason, orderId, List.copyOf(read)), List.of());
    }

    private static StockEvent.Item item(JsonNode n, String at, StockEvent.Kind kind, String eventReason, StockRules rules,
                                        List<String> reasons) {
        if (n == null || !n.isObject()) {
            reasons.add(at.substring(0, at.length() - 1) + " must be an object");
            return null;
        }
        int before = reasons.size();
        String sku = text(n, "sku", at, reasons, true);
        String location = text(n, "location", at, reasons, true);
        if (location != null && !rules.locations().containsKey(location)) {
            reasons.add(at + "location: unknown location '" + location + "' (not under locations: in the stock rules)");
        }
        String reason = reason(n, at, reasons);
        if (kind == StockEvent.Kind.DELTA && reason == null && eventReason == null) {
            reasons.add(at + "reason: a DELTA needs a reason, on the event or the item");
        }
        String orderId = orderId(n, at, reasons);
        Map<StockEvent.State, Long> quantities = new EnumMap<>(StockEvent.State.class);
        for (Iterator<Map.Entry<String, JsonNode>> f = n.fields(); f.hasNext(); ) {
            Map.Entry<String, JsonNode> e = f.next();
            if (ITEM_FIELDS.contains(e.getKey())) {
                continue;
            }
            StockEvent.State state = state(e.getKey());
            if (state == null) {
                reasons.add(at + e.getKey() + ": unknown state (onHand, quarantined, damaged, inTransit)");
                continue;
            }
            if (state == StockEvent.State.allocated) {
                reasons.add(at + "allocated: kept by the hub from sourcing, not set by stock events");
                continue;
            }
            JsonNode q = e.getValue();
            if (!q.isIntegralNumber() || !q.canConvertToLong()) {
                reasons.add(at + e.getKey() + ": must be a whole number, not " + q);
                continue;
            }
            if (kind == StockEvent.Kind.SNAPSHOT && q.asLong() < 0) {
                reasons.add(at + e.getKey() + ": a SNAPSHOT quantity cannot be negative (" + q + ")");
                continue;
            }
            quantities.put(state, q.asLong());
        }
        if (quantities.isEmpty() && reasons.size() == before) {
            reasons.add(at.substring(0, at.length() - 1) + " gives no state (onHand, quarantined, damaged, inTransit)");
        }
        return reasons.size() == before ? new StockEvent.Item(sku, location, quantities, reason, orderId) : null;
    }

    private static StockEvent.State state(String name) {
        for (StockEvent.State s : StockEvent.State.values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** An order id as the order store keeps it: at most 64 characters. */
    private static String orderId(JsonNode n, String at, List<String> reasons) {
        String id = text(n, "orderId", at, reasons, false);
        if (id != null && id.length() > 64) {
            reasons.add(at + "orderId is longer than 64 characters (the hub's order ids are shorter)");
            return null;
        }
        return id;
    }

    private static String reason(JsonNode n, String at, List<String> reasons) {
        String r = text(n, "reason", at, reasons, false);
        if (r == null) {
            return null;
        }
        try {
            StockEvent.Reason given = StockEvent.Reason.valueOf(r);
            if (given == StockEvent.Reason.SOLD) {
                throw new IllegalArgumentException();
            }
            return r;
        } catch (IllegalArgumentException e) {
            reasons.add(at + "reason: unknown reason '" + r
                    + "' (RECEIVED, PICKED, SHIPPED, ADJUSTED, TRANSFERRED, RETURNED, DAMAGED, COUNTED)");
            return null;
        }
    }

    private static String text(JsonNode n, String field, String at, List<String> reasons, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            if (required) {
                reasons.add(at + field + " is missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            reasons.add(at + field + " must be a string");
            return null;
        }
        if (v.asText().length() > 128) {
            reasons.add(at + field + " is longer than 128 characters");
            return null;
        }
        return v.asText().trim();
    }

    private static Instant time(JsonNode v, List<String> reasons) {
        if (v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()) {
            reasons.add("occurredAt is missing (an ISO-8601 time with offset, e.g. 2026-12-01T10:00:00Z)");
            return null;
        }
        try {
            return OffsetDateTime.parse(v.asText()).toInstant();
        } catch (DateTimeParseException e) {
            reasons.add("occurredAt '" + v.asText() + "' is not an ISO-8601 time with offset");
            return null;
        }
    }

    private static Read refused(String reason) {
        return new Read(null, List.of(reason));
    }
}
