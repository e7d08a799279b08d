package io.railhead.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.Parser;
import io.railhead.shared.HubProperties;
import io.railhead.shared.MappingObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one way a channel payload becomes the canonical order the core works with — for the intake,
 * an operator's release and a partner's sample-file check alike. The channel's mapping
 * ({@code mappings/<channel>/<channel>-order-to-canonical.jslt}) turns the payload into a tree, whose
 * numbers are checked ({@link MappedOrderChecks}: those failing become holds on an order that is
 * otherwise read) before it is bound and enriched; the canonical order is never written to text and
 * parsed again on the way. Or it says why it cannot: the mapping failed (a mapping may name the hold
 * reason itself, {@code error("UNPARSEABLE: ...")}), the payload is not JSON, or what identifies the
 * order is missing or too long to store.
 */
@Component
public class OrderNormalizer {

    /** The order store's column sizes for what identifies an order (Flyway V1). */
    private static final int MAX_ID = 128;
    static final int MAX_ACCOUNT = 255;
    private static final Pattern NAMED_REASON = Pattern.compile("\\b([A-Z][A-Z_]+):");
    private static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** Channel payloads as the mappings see them: decimals exact, trailing zeros kept, 64-bit ids whole. */
    private static final MappingObjectMapper PAYLOADS = new MappingObjectMapper();

    private final MappedOrderChecks checks;
    private final Path mappingsDir;
    private final boolean cache;
    private final Map<String, Expression> mappings = new ConcurrentHashMap<>();

    public OrderNormalizer(ValidationProperties rules, HubProperties hub,
                           @Value("${railhead.mappings-cache}") boolean cache) {
        this.checks = new MappedOrderChecks(rules);
        this.mappingsDir = hub.mappingsDir();
        this.cache = cache;
    }

    /**
     * An order read (with the holds its numbers earned), or the reason and cause it could not be.
     * Exactly one of {@code order} and {@code unreadable} is set.
     */
    public record Read(CanonicalOrder order, Map<HoldReason, String> holds, HoldReason unreadable, String cause) {

        static Read failed(HoldReason reason, String cause) {
            return new Read(null, Map.of(), reason, cause);
        }
    }

    /** Maps a channel's raw payload with the channel's mapping, then reads it as {@link #read} does. */
    public Read normalize(String channel, String sourceAccount, String raw) {
        JsonNode payload;
        try {
            payload = PAYLOADS.readTree(raw == null ? "" : raw);
        } catch (IOException e) {
            return Read.failed(HoldReason.UNPARSEABLE, "the payload is not JSON: " + rootMessage(e));
        }
        if (payload == null || payload.isMissingNode()) {
            return Read.failed(HoldReason.UNPARSEABLE, "the payload is empty");
        }
        JsonNode mapped;
        try {
            mapped = mapping(channel).apply(payload);
        } catch (RuntimeException e) {
            String error = rootMessage(e);
            return Read.failed(namedReason(error).orElse(HoldReason.MAPPING_FAILED), error);
        }
        return read(mapped, sourceAccount);
    }

    /** Checks, binds and enriches a mapped order. */
    Read read(JsonNode mapped, String sourceAccount) {
        if (!(mapped instanceof ObjectNode object)) {
            return Read.failed(HoldReason.MAPPING_FAILED, "mapping produced no JSON object");
        }
        CanonicalOrder order;
        Map<HoldReason, String> holds;
        try {
            holds = checks.check(object);
            order = CanonicalEnricher.enrich(OrderJson.read(object), sourceAccount);
        } catch (RuntimeException e) {
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

    /** The channel's compiled mapping; read again for every payload with {@code railhead.mappings-cache=false}. */
    private Expression mapping(String channel) {
        if (channel == null || !CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("no mapping for channel '" + channel + "'");
        }
        return cache ? mappings.computeIfAbsent(channel, this::compile) : compile(channel);
    }

    private Expression compile(String channel) {
        Path file = mappingsDir.resolve(channel).resolve(channel + "-order-to-canonical.jslt");
        try {
            return Parser.compileString(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no mapping for channel '" + channel + "' (" + file + ")");
        } catch (IOException e) {
            throw new IllegalStateException("mapping " + file + " cannot be read: " + e.getMessage(), e);
        }
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

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getClass().getSimpleName() + ": " + t.getMessage();
        return message.length() <= 500 ? message : message.substring(0, 500) + "…";
    }
}
