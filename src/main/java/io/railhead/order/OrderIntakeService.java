package io.railhead.order;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.shared.Headers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The core intake stage, called by the intake route for every channel payload: keeps the raw
 * payload, deduplicates deliveries, normalizes the payload ({@link OrderNormalizer}), creates or
 * updates the order, validates it and records every transition, all in one database transaction. It returns what the route
 * must send on; it never sends itself, so the broker transaction of the route decides.
 *
 * <p>Redelivery safety: a delivery whose event was already processed changes nothing, but a
 * command the order still owes the ERP is dispatched again under a new number (the previous
 * attempt may have died between the database commit and the broker commit); the ERP stage acts
 * only on the latest number, so the copies never run twice.
 */
@Service
public class OrderIntakeService {

    private static final Logger LOG = LoggerFactory.getLogger(OrderIntakeService.class);
    static final String EVENT_SCOPE = "event";

    private final SourcingGate gate;
    private final OrderStore store;
    private final OrderLifecycle lifecycle;
    private final OrderValidator validator;
    private final OrderNormalizer normalizer;

    public OrderIntakeService(OrderStore store, OrderLifecycle lifecycle, OrderValidator validator,
                              OrderNormalizer normalizer, ObjectProvider<SourcingGate> gate) {
        this.gate = gate.getIfAvailable(() -> order -> false);
        this.store = store;
        this.lifecycle = lifecycle;
        this.validator = validator;
        this.normalizer = normalizer;
    }

    /**
     * Entry point for the intake route.
     *
     * @param digest      the payload's SHA-256 where the sender names each delivery (a webhook id): the same
     *                    event key with another payload is then held as {@link HoldReason#EVENT_CONFLICT}
     * @param intakeHolds hold reasons a channel adapter found itself, one {@code REASON: detail} per line
     */
    @Transactional
    public IntakeOutcome accept(@Header(Headers.CHANNEL) String channel,
                                @Header(Headers.SOURCE_ACCOUNT) String sourceAccount,
                                @Header(Headers.EVENT_KEY) String eventKey,
                                @Header(Headers.TOPIC) String topic,
                                @Header(Headers.CORRELATION_ID) String correlationId,
                                @Header(Headers.PAYLOAD_DIGEST) String digest,
                                @Header(Headers.INTAKE_HOLDS) String intakeHolds,
                                @Body String raw) {
        String scopeKey = channel + ":" + sourceAccount + ":" + eventKey;
        // Claimed first: a concurrent delivery of the same event waits on the key, fails on it and is
        // redelivered, and then finds it here; nothing of it is stored twice.
        OrderStore.Claim claim = store.claim(EVENT_SCOPE, scopeKey, digest, null);
        if (claim == OrderStore.Claim.REPEATED) {
            Optional<StoredOrder> known = known(scopeKey, eventKey);
            if (known.isPresent()) {
                return repeated(known.get(), eventKey, correlationId);
            }
            claim = OrderStore.Claim.NEW;
        }
        if (claim == OrderStore.Claim.CONFLICT
                && store.claim(EVENT_SCOPE, scopeKey + "|" + digest, digest, null) == OrderStore.Claim.REPEATED) {
            Optional<StoredOrder> known = known(scopeKey + "|" + digest, eventKey);
            if (known.isPresent()) {
                return repeated(known.get(), eventKey, correlationId);
            }
        }
        RawMessage rawMessage = new RawMessage("raw-" + UUID.randomUUID(), channel, sourceAccount, eventKey, topic,
                correlationId, Instant.now(), raw == null ? "" : raw);
        store.saveRaw(rawMessage);
        IntakeOutcome outcome;
        if (claim == OrderStore.Claim.CONFLICT) {
            String first = store.keyRef(EVENT_SCOPE, scopeKey).orElse("an earlier delivery");
            outcome = holdUnreadable(channel, sourceAccount, eventKey + "|" + digest, rawMessage, HoldReason.EVENT_CONFLICT,
                    "event " + eventKey + " was delivered before with a different payload (" + first
                            + "); this one is kept and held, not dropped", Map.of(), correlationId);
            store.setKeyRef(EVENT_SCOPE, scopeKey + "|" + digest, outcome.orderId());
        } else {
            OrderNormalizer.Read read = sourceAccount != null && sourceAccount.length() > OrderNormalizer.MAX_ACCOUNT
                    ? OrderNormalizer.Read.failed(HoldReason.UNPARSEABLE, "source account is " + sourceAccount.length()
                    + " characters long (at most " + OrderNormalizer.MAX_ACCOUNT + ")")
                    : normalizer.normalize(channel, sourceAccount, raw);
            outcome = read.order() == null
                    ? holdUnreadable(channel, sourceAccount, eventKey, rawMessage, read.unreadable(), read.cause(),
                    withAdapterHolds(Map.of(), intakeHolds), correlationId)
                    : applyOrder(read.order(), withAdapterHolds(read.holds(), intakeHolds), topic, rawMessage,
                    correlationId);
            store.setKeyRef(EVENT_SCOPE, scopeKey, outcome.orderId());
        }
        LOG.info("Order {} from {} {}: {} {}", outcome.orderId(), channel, topic, outcome.status(),
                outcome.holdReasons().isEmpty() ? "" : outcome.holdReasons());
        return outcome;
    }

    /**
     * The order a delivery recorded before made, locked. Empty when its key names no stored order: the key outlived
     * a transaction that stored it and the order (an embedded database killed mid-commit can keep the one without
     * the other), so the delivery is taken as new — the broker still has it because no order was made of it.
     */
    private Optional<StoredOrder> known(String scopeKey, String eventKey) {
        Optional<String> ref = store.keyRef(EVENT_SCOPE, scopeKey);
        Optional<StoredOrder> known = ref.flatMap(lifecycle::lock);
        if (known.isEmpty()) {
            LOG.warn("Event {} was recorded before without its order {}: taken as new", eventKey, ref.orElse("(none)"));
        }
        return known;
    }

    /** A delivery processed before: nothing changes, but a command the order still owes the ERP is queued again. */
    private IntakeOutcome repeated(StoredOrder known, String eventKey, String correlationId) {
        LOG.info("Duplicate delivery of event {} for order {} ignored", eventKey, known.orderId());
        return known.dispatch().pending() ? dispatchAgain(known, "duplicate delivery of event " + eventKey, correlationId)
                : outcome(known, false);
    }

    /** The holds of the order's numbers, and those a channel adapter found ({@code REASON: detail} lines). */
    private static Map<HoldReason, String> withAdapterHolds(Map<HoldReason, String> found, String intakeHolds) {
        if (intakeHolds == null || intakeHolds.isBlank()) {
            return found;
        }
        Map<HoldReason, String> all = new EnumMap<>(HoldReason.class);
        all.putAll(found);
        for (String line : intakeHolds.split("\n")) {
            int colon = line.indexOf(':');
            String name = (colon < 0 ? line : line.substring(0, colon)).trim();
            HoldReason reason = Arrays.stream(HoldReason.values()).filter(r -> r.name().equals(name)).findFirst()
                    .orElse(HoldReason.ACCEPTED_WITH_ERRORS);
            all.merge(reason, colon < 0 ? line.trim() : line.substring(colon + 1).trim(), (a, b) -> a + "; " + b);
        }
        return all;
    }

    /**
     * Holds a delivery that could not be read as an order, under an id of its own (it names no channel order),
     * with what the channel adapter found besides ({@code also}).
     */
    private IntakeOutcome holdUnreadable(String channel, String account, String eventKey, RawMessage raw,
                                         HoldReason reason, String cause, Map<HoldReason, String> also,
                                         String correlationId) {
        String orderId = OrderIds.forUnreadable(channel, account, eventKey);
        Map<HoldReason, String> holds = new EnumMap<>(HoldReason.class);
        holds.put(reason, cause);
        also.forEach(holds::putIfAbsent);
        StoredOrder held = new StoredOrder(orderId, channel, account, null, null, OrderStatus.ON_HOLD, reasons(holds),
                holdCause(holds), null, raw.id(), null, correlationId, null, null, null, 0, StoredOrder.Dispatch.NONE);
        lifecycle.create(held, List.of(new OrderLifecycle.Step("intake", OrderStatus.RECEIVED, "raw payload " + raw.id()
                + " kept"), new OrderLifecycle.Step("normalize", OrderStatus.ON_HOLD, holdCause(holds))), correlationId);
        return outcome(held, false);
    }

    private IntakeOutcome applyOrder(CanonicalOrder order, Map<HoldReason, String> found, String topic, RawMessage raw,
                                     String correlationId) {
        Optional<StoredOrder> existing = lifecycle.lock(order.orderId());
        boolean cancel = isCancel(topic, order);
        if (existing.isEmpty()) {
            if (cancel) {
                StoredOrder cancelled = lifecycle.create(newOrder(order, OrderJson.write(order), raw, correlationId,
                                OrderStatus.CANCELLED, Map.of()),
                        List.of(new OrderLifecycle.Step("intake", OrderStatus.CANCELLED, "first seen cancelled (" + topic
                                + ")")), correlationId);
                return outcome(cancelled, false);
            }
            // The canonical order becomes JSON once: validated as this tree, stored as its text.
            JsonNode json = OrderJson.tree(order);
            Map<HoldReason, String> holds = validator.validate(order, json, found);
            OrderStatus status = holds.isEmpty() ? OrderStatus.VALIDATED : OrderStatus.ON_HOLD;
            StoredOrder created = lifecycle.create(newOrder(order, OrderJson.write(json), raw, correlationId, status,
                    holds), List.of(
                    new OrderLifecycle.Step("intake", OrderStatus.RECEIVED, topic + " raw " + raw.id()),
                    new OrderLifecycle.Step("normalize", OrderStatus.NORMALIZED, "mapped to canonical"),
                    new OrderLifecycle.Step("validate", status, holdCause(holds))), correlationId);
            return outcome(created, created.dispatch().pending());
        }
        StoredOrder current = existing.get();
        if (cancel) {
            return cancel(current, "channel " + topic, correlationId);
        }
        if (!isNewer(order.channelUpdatedAt(), current.channelUpdatedAt())) {
            lifecycle.note(current, "intake", "delivery not newer than the stored order (" + topic + "), ignored",
                    correlationId);
            return current.dispatch().pending() ? dispatchAgain(current, "delivery not newer (" + topic + ")", correlationId)
                    : outcome(current, false);
        }
        if (!current.status().isBeforeRelease()) {
            lifecycle.note(current, "intake", "channel update (" + topic + ") after release not forwarded", correlationId);
            return outcome(current, false);
        }
        return revalidate(current, order, found, raw.id(), "updated by channel (" + topic + ")", correlationId);
    }

    /**
     * Replaces (or re-checks) the canonical order of an order not yet released and validates it
     * again. Used for channel updates and for an operator's release.
     */
    IntakeOutcome revalidate(StoredOrder current, CanonicalOrder order, Map<HoldReason, String> found, String rawId,
                             String cause, String correlationId) {
        JsonNode json = OrderJson.tree(order);
        Map<HoldReason, String> holds = validator.validate(order, json, found);
        OrderStatus status = holds.isEmpty() ? OrderStatus.VALIDATED : OrderStatus.ON_HOLD;
        // A command still queued for the order's previous content is superseded either way.
        StoredOrder updated = new StoredOrder(current.orderId(), current.channel(), current.sourceAccount(),
                order.channelOrderId(), order.channelOrderNumber(), status, reasons(holds), holdCause(holds),
                OrderJson.write(json), rawId, order.channelUpdatedAt(), correlationId, current.endpointResponse(),
                current.createdAt(), current.updatedAt(), current.version(), current.dispatch())
                .dispatching(status == OrderStatus.VALIDATED && !gate.defersErp(order) ? DispatchAction.CREATE
                        : DispatchAction.NONE);
        lifecycle.change(current, updated, "validate", cause + (holds.isEmpty() ? "" : ": " + holdCause(holds)),
                correlationId);
        return outcome(updated, updated.dispatch().pending());
    }

    /** Cancels an order: locally when the ERP never saw it, through the ERP when it did. */
    IntakeOutcome cancel(StoredOrder current, String by, String correlationId) {
        switch (current.status()) {
            case CANCELLED:
                // Cancelled here while the ERP was creating it: the cancel it owes the ERP may be sent again.
                return current.dispatch().pending() ? dispatchAgain(current, "cancel requested by " + by, correlationId)
                        : outcome(current, false);
            case RELEASED:
                StoredOrder cancelling = lifecycle.change(current, current.dispatching(DispatchAction.CANCEL), "cancel",
                        "cancel requested by " + by + ", sending to ERP", correlationId);
                return outcome(cancelling, true);
            default:
                if (!current.status().isBeforeRelease()) {
                    lifecycle.note(current, "cancel", "cancel requested by " + by + " refused: order is " + current.status(),
                            correlationId);
                    return outcome(current, false);
                }
                // A create still queued for the ERP is superseded: it must not reach the ERP now.
                StoredOrder cancelled = lifecycle.change(current, current.withState(OrderStatus.CANCELLED,
                        current.holdReasons(), current.holdDetail()).dispatching(DispatchAction.NONE), "cancel",
                        "cancelled by " + by + " before release", correlationId);
                return outcome(cancelled, false);
        }
    }

    /**
     * Queues the command the order owes the ERP again, under a new dispatch number: any copy still
     * queued (or lost between a database and a broker commit) is superseded. The caller holds the row lock.
     */
    IntakeOutcome dispatchAgain(StoredOrder current, String cause, String correlationId) {
        StoredOrder again = current.dispatching(current.dispatch().action());
        lifecycle.change(current, again, "dispatch", again.dispatch().action() + " #" + again.dispatch().seq()
                + " queued for the ERP again (" + cause + ")", correlationId);
        return outcome(again, true);
    }

    private StoredOrder newOrder(CanonicalOrder order, String canonical, RawMessage raw, String correlationId,
                                        OrderStatus status, Map<HoldReason, String> holds) {
        return new StoredOrder(order.orderId(), order.channel(), order.sourceAccount(), order.channelOrderId(),
                order.channelOrderNumber(), status, reasons(holds), holdCause(holds), canonical, raw.id(),
                order.channelUpdatedAt(), correlationId, null, null, null, 0,
                status == OrderStatus.VALIDATED && !gate.defersErp(order)
                        ? StoredOrder.Dispatch.NONE.then(DispatchAction.CREATE) : StoredOrder.Dispatch.NONE);
    }

    private static boolean isCancel(String topic, CanonicalOrder order) {
        return (topic != null && topic.endsWith("cancelled")) || order.cancelledAt() != null;
    }

    private static boolean isNewer(Instant incoming, Instant stored) {
        return incoming == null || stored == null || incoming.isAfter(stored);
    }

    static List<String> reasons(Map<HoldReason, String> holds) {
        return new ArrayList<>(holds.keySet().stream().map(Enum::name).toList());
    }

    static String holdCause(Map<HoldReason, String> holds) {
        return holds.isEmpty() ? "all rules passed" : holds.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
    }

    /** @param send whether the order's outstanding command is to be queued by the caller now */
    static IntakeOutcome outcome(StoredOrder o, boolean send) {
        return new IntakeOutcome(o.orderId(), o.status(), o.holdReasons(),
                send ? o.dispatch().action() : DispatchAction.NONE, o.dispatch().seq());
    }
}
