package io.railhead.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Turns what a channel mapping produced into the canonical order the core works with, or says why
 * it cannot: the mapping failed (a mapping may name the hold reason itself, {@code error("UNPARSEABLE:
 * ...")}), the numbers are unusable ({@link MappedOrderChecks}: those become holds on an order that is
 * otherwise read), or what identifies the order is missing or too long to store. Used by the intake
 * stage and by an operator's release, so both read an order the same way.
 */
@Component
class MappedOrderReader {

    /** The order store's column sizes for what identifies an order (Flyway V1). */
    private static final int MAX_ID = 128;
    static final int MAX_ACCOUNT = 255;
    private static final Pattern NAMED_REASON = Pattern.compile("\\b([A-Z][A-Z_]+):");

    private final MappedOrderChecks checks;

    MappedOrderReader(ValidationProperties rules) {
        this.checks = new MappedOrderChecks(rules);
    }

    /**
     * An order read (with the holds its numbers earned), or the reason and cause it could not be.
     * Exactly one of {@code order} and {@code unreadable} is set.
     */
    record Read(CanonicalOrder order, Map<HoldReason, String> holds, HoldReason unreadable, String cause) {

        static Read failed(HoldReason reason, String cause) {
            return new Read(null, Map.of(), reason, cause);
        }
    }

    /**
     * @param mappingError the mapping's failure, null when it produced {@code mapped}
     * @param raw          the channel payload, to tell a payload that is not JSON from one the mapping refused
     */
    Read read(String mapped, String mappingError, String raw, String sourceAccount) {
        if (mappingError != null) {
            return Read.failed(namedReason(mappingError).orElse(looksLikeJson(raw) ? HoldReason.MAPPING_FAILED
                    : HoldReason.UNPARSEABLE), mappingError);
        }
        CanonicalOrder order;
        Map<HoldReason, String> holds;
        try {
            JsonNode tree = OrderJson.MAPPER.readTree(mapped);
            if (!(tree instanceof ObjectNode object)) {
                return Read.failed(HoldReason.MAPPING_FAILED, "mapping produced no JSON object");
            }
            holds = checks.check(object);
            order = CanonicalEnricher.enrich(OrderJson.read(object), sourceAccount);
        } catch (Exception e) {
            return Read.failed(HoldReason.MAPPING_FAILED, rootMessage(e));
        }
        if (order.channelOrderId() == null || order.channelOrderId().isBlank()) {
            return Read.failed(HoldReason.MAPPING_FAILED, "mapping produced no channelOrderId");
        }
        String tooLong = tooLong("channel order id", order.channelOrderId(), MAX_ID);
        tooLong = tooLong != null ? tooLong : tooLong("channel order number", order.channelOrderNumber(), MAX_ID);
        tooLong = tooLong != null ? tooLong : tooLong("source account", order.sourceAccount(), MAX_ACCOUNT);
        if (tooLong != null) {
            return Read.failed(HoldReason.UNPARSEABLE, tooLong);
        }
        return new Read(order, holds, null, null);
    }

    /** A hold reason the mapping named in its error, as in {@code error("UNPARSEABLE: ...")}. */
    static Optional<HoldReason> namedReason(String mappingError) {
        Matcher m = NAMED_REASON.matcher(mappingError);
        while (m.find()) {
            for (HoldReason r : HoldReason.values()) {
                if (r.name().equals(m.group(1))) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }

    private static String tooLong(String what, String value, int max) {
        return value != null && value.length() > max
                ? what + " is " + value.length() + " characters long (at most " + max + ")" : null;
    }

    private static boolean looksLikeJson(String raw) {
        if (raw == null || raw.isBlank()) {
            return false;
        }
        try {
            OrderJson.MAPPER.readTree(raw);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getClass().getSimpleName() + ": " + t.getMessage();
        return message.length() <= 500 ? message : message.substring(0, 500) + "…";
    }
}
