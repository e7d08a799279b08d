package io.railhead.channel.walmart;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * What the Walmart poller works out from an order before it goes on the intake queue: the order's
 * last change is its latest line {@code statusDate}; a fingerprint of the whole order tells a
 * changed order from a re-polled unchanged one. The intake payload is
 * {@code {"order": <order as Walmart sent it>, "computed": {"lastModifiedAt"}}}, the input of
 * {@code mappings/walmart/walmart-order-to-canonical.jslt}, which uses the same rule for open lines.
 * No money: the mapping lists what the order total is made of and the enricher adds it up.
 * Plain Java, no Camel; used by {@link WalmartPoller}.
 */
public final class WalmartOrders {

    /** Reads Walmart JSON keeping every amount exactly as sent (10.0 stays 10.0). */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
    private static final ObjectMapper SORTED = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private WalmartOrders() {
    }

    /** The intake payload for one order. */
    public static ObjectNode payload(JsonNode order) {
        ObjectNode payload = JSON.createObjectNode();
        payload.set("order", order);
        ObjectNode computed = payload.putObject("computed");
        Instant modified = lastModified(order);
        if (modified != null) {
            computed.put("lastModifiedAt", modified.toString());
        }
        return payload;
    }

    /**
     * The intake event key: purchase order id, last change (epoch ms) and a fingerprint of the
     * order, so the same order polled again unchanged is a duplicate and any change a new event.
     */
    public static String eventKey(JsonNode order) {
        Instant modified = lastModified(order);
        return text(order.get("purchaseOrderId"), "unknown") + ":" + (modified == null ? "-" : modified.toEpochMilli())
                + ":" + fingerprint(order);
    }

    /** The latest line {@code statusDate}, else the order date; null when the order has neither. */
    public static Instant lastModified(JsonNode order) {
        long latest = Long.MIN_VALUE;
        for (JsonNode line : order.path("orderLines").path("orderLine")) {
            JsonNode date = line.get("statusDate");
            if (date != null && date.canConvertToLong() && !date.isNull()) {
                latest = Math.max(latest, date.asLong());
            }
        }
        if (latest == Long.MIN_VALUE) {
            JsonNode ordered = order.get("orderDate");
            if (ordered == null || ordered.isNull() || !ordered.canConvertToLong()) {
                return null;
            }
            latest = ordered.asLong();
        }
        return Instant.ofEpochMilli(latest);
    }

    /** True when no line of the order is left to fulfil (every status of every line is Cancelled). */
    public static boolean isCancelled(JsonNode order) {
        JsonNode lines = order.path("orderLines").path("orderLine");
        if (lines.isEmpty()) {
            return false;
        }
        for (JsonNode line : lines) {
            if (!isLineCancelled(line)) {
                return false;
            }
        }
        return true;
    }

    /** A line is cancelled when it has statuses and all of them are Cancelled (partial cancels stay open). */
    static boolean isLineCancelled(JsonNode line) {
        JsonNode statuses = line.path("orderLineStatuses").path("orderLineStatus");
        if (statuses.isEmpty()) {
            return false;
        }
        for (JsonNode status : statuses) {
            if (!"Cancelled".equals(status.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    /** SHA-256 (first 12 hex digits) of the order with its keys sorted, so key order never matters. */
    static String fingerprint(JsonNode order) {
        try {
            Map<?, ?> asMap = SORTED.treeToValue(order, Map.class);
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(SORTED.writeValueAsString(asMap).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode node, String fallback) {
        return node == null || node.isNull() || node.asText().isBlank() ? fallback : node.asText();
    }
}
