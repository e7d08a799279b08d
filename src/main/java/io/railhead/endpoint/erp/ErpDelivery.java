package io.railhead.endpoint.erp;

import io.railhead.order.DispatchAction;
import io.railhead.order.HoldReason;
import io.railhead.order.OrderLifecycle;
import io.railhead.order.OrderStatus;
import io.railhead.order.OrderStore;
import io.railhead.order.StoredOrder;
import io.railhead.shared.Headers;
import io.railhead.shared.RetryAfter;
import io.railhead.shared.TransientEndpointException;
import io.railhead.shared.UnmatchedMessageException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ERP side of the {@code order-send-erp} route: turns a queued order id into the HTTP call
 * (canonical JSON, {@code Idempotency-Key}, auth), and turns the ERP's answer into the order's
 * next state. 2xx releases (or cancels) the order; 408, 429 and 5xx are transient and retried;
 * any other 4xx is a business rejection: the order goes ON_HOLD {@code ERP_REJECTED} with the
 * ERP's answer kept for the operator.
 */
@Component("erpDelivery")
public class ErpDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(ErpDelivery.class);
    static final String ORDER_ID = "railheadOrderId";
    static final String ACTION = "railheadAction";
    static final String SKIP = "railheadSkip";
    private static final int MAX_KEPT_RESPONSE = 4000;

    private final OrderStore store;
    private final OrderLifecycle lifecycle;
    private final ErpProperties erp;
    private final ProducerTemplate producer;

    public ErpDelivery(OrderStore store, OrderLifecycle lifecycle, ErpProperties erp, ProducerTemplate producer) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.erp = erp;
        this.producer = producer;
    }

    /**
     * Loads the order and prepares the request; marks the exchange to skip when the order no longer
     * owes the ERP this command (done, superseded by a later dispatch, or changed). A message whose
     * order is not in the store is an error, never skipped.
     */
    public void prepare(Exchange exchange) {
        Message in = exchange.getIn();
        String orderId = in.getBody(String.class);
        DispatchAction action = DispatchAction.valueOf(in.getHeader(Headers.ACTION, "CREATE", String.class));
        Integer seq = in.getHeader(Headers.DISPATCH_SEQ, Integer.class);
        String correlationId = in.getHeader(Headers.CORRELATION_ID, String.class);
        exchange.setProperty(ORDER_ID, orderId);
        exchange.setProperty(ACTION, action);
        exchange.setProperty(Headers.CORRELATION_ID, correlationId);
        StoredOrder order = store.find(orderId).orElseThrow(() -> new UnmatchedMessageException(
                "ERP " + action + " for order " + orderId + ": the order store has no such order"));
        String stale = staleReason(order, action, seq);
        if (stale != null) {
            LOG.info("Order {} {} to ERP skipped: {}", orderId, action, stale);
            exchange.setProperty(SKIP, true);
            return;
        }
        if (erp.url() == null || erp.url().isBlank()) {
            throw new IllegalStateException("railhead.endpoints.erp.url is not set");
        }
        in.removeHeaders("*");
        in.setHeader("Idempotency-Key", action == DispatchAction.CANCEL ? orderId + ":cancel" : orderId);
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setHeader(Exchange.HTTP_METHOD, "POST");
        in.setHeader(Exchange.HTTP_URI, action == DispatchAction.CANCEL ? erp.cancelUrlFor(orderId) : erp.url());
        if (correlationId != null) {
            in.setHeader(Headers.HTTP_CORRELATION_ID, correlationId);
        }
        authorization().ifPresent(a -> in.setHeader("Authorization", a));
        in.setBody(action == DispatchAction.CANCEL ? "{\"orderId\":\"" + orderId + "\"}" : order.canonical());
    }

    /** Why a queued command is not carried out, or null when it is the one the order owes the ERP now. */
    static String staleReason(StoredOrder order, DispatchAction action, Integer seq) {
        StoredOrder.Dispatch owed = order.dispatch();
        if (owed.action() != action) {
            return "the order owes the ERP " + (owed.pending() ? owed.action() : "nothing") + " (status "
                    + order.status() + ")";
        }
        if (seq != null && seq != owed.seq()) {
            return "dispatch #" + seq + " was superseded by #" + owed.seq();
        }
        return null;
    }

    /** Classifies the ERP's answer. Throws {@link TransientEndpointException} for answers worth retrying. */
    @Transactional
    public void onResponse(Exchange exchange) {
        String orderId = exchange.getProperty(ORDER_ID, String.class);
        DispatchAction action = exchange.getProperty(ACTION, DispatchAction.class);
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = exchange.getIn().getBody(String.class);
        String correlationId = exchange.getProperty(Headers.CORRELATION_ID, String.class);
        String answer = "HTTP " + status + " " + (body == null ? "" : body);
        if (status == 408 || status == 429 || status >= 500) {
            throw new TransientEndpointException("ERP answered " + status + " for order " + orderId,
                    RetryAfter.parse(exchange.getIn().getHeader("Retry-After", String.class)).orElse(null), answer);
        }
        StoredOrder order = lifecycle.lock(orderId).orElseThrow(() -> new UnmatchedMessageException(
                "ERP answered " + action + " for order " + orderId + ", which the order store no longer has"));
        String kept = truncate(answer);
        boolean accepted = status >= 200 && status < 300;
        if (order.dispatch().action() != action) {
            // The order changed while the call was out (e.g. cancelled by the channel): make the ERP agree.
            lifecycle.note(order, "erp", "ERP " + (accepted ? "accepted " : "refused ") + action + " (HTTP " + status
                    + ") but order is now " + order.status(), correlationId);
            if (accepted && action == DispatchAction.CREATE && order.status() == OrderStatus.CANCELLED
                    && !order.dispatch().pending()) {
                requestCancel(order, correlationId);
            }
            return;
        }
        if (accepted) {
            OrderStatus next = action == DispatchAction.CANCEL ? OrderStatus.CANCELLED : OrderStatus.RELEASED;
            answered(order, next, List.of(), null, kept, "ERP accepted " + action + " (HTTP " + status + ")", correlationId);
            LOG.info("Order {} {} accepted by ERP: {}", orderId, action, next);
            return;
        }
        if (action == DispatchAction.CANCEL) {
            answered(order, order.status(), List.of(HoldReason.ERP_REJECTED.name()), "ERP refused cancel: " + kept, kept,
                    "ERP refused cancel (HTTP " + status + ")", correlationId);
        } else {
            answered(order, OrderStatus.ON_HOLD, List.of(HoldReason.ERP_REJECTED.name()), "ERP_REJECTED: " + kept, kept,
                    "ERP_REJECTED: HTTP " + status, correlationId);
        }
        LOG.warn("Order {} {} rejected by ERP with HTTP {}", orderId, action, status);
    }

    /** The ERP answered the order's command for good: the new state, the answer kept, nothing owed any more. */
    private void answered(StoredOrder order, OrderStatus status, List<String> reasons, String detail, String response,
                          String cause, String correlationId) {
        StoredOrder next = new StoredOrder(order.orderId(), order.channel(), order.sourceAccount(), order.channelOrderId(),
                order.channelOrderNumber(), status, reasons, detail, order.canonical(), order.rawMessageId(),
                order.channelUpdatedAt(), order.correlationId(), response, order.createdAt(), order.updatedAt(),
                order.version(), order.dispatch()).dispatchDone();
        lifecycle.change(order, next, "erp", cause, correlationId);
    }

    /**
     * The ERP created an order that was cancelled here meanwhile: it now owes the ERP a cancel. The order stays
     * CANCELLED; the cancel is recorded on it before it is queued, so a crash in between loses nothing.
     */
    private void requestCancel(StoredOrder order, String correlationId) {
        StoredOrder cancelling = order.dispatching(DispatchAction.CANCEL);
        lifecycle.change(order, cancelling, "erp", "created at ERP after local cancel; cancel #"
                + cancelling.dispatch().seq() + " sent", correlationId);
        producer.sendBodyAndHeaders("direct:order-dispatch", order.orderId(), Map.of(Headers.ACTION,
                DispatchAction.CANCEL.name(), Headers.DISPATCH_SEQ, cancelling.dispatch().seq(),
                Headers.CORRELATION_ID, correlationId == null ? order.correlationId() : correlationId));
    }

    private Optional<String> authorization() {
        if (erp.bearerToken() != null && !erp.bearerToken().isBlank()) {
            return Optional.of("Bearer " + erp.bearerToken());
        }
        if (erp.username() != null && !erp.username().isBlank()) {
            String pair = erp.username() + ":" + (erp.password() == null ? "" : erp.password());
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    private static String truncate(String s) {
        return s.length() <= MAX_KEPT_RESPONSE ? s : s.substring(0, MAX_KEPT_RESPONSE);
    }
}
