package io.railhead.endpoint.erp;

import io.railhead.order.DispatchAction;
import io.railhead.order.HoldReason;
import io.railhead.order.OrderStatus;
import io.railhead.order.OrderStore;
import io.railhead.order.StoredOrder;
import io.railhead.shared.Headers;
import io.railhead.shared.RetryAfter;
import io.railhead.shared.TransientEndpointException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
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
    /** The order's channel, for steps after the ERP's answer that concern one channel (EDI's 855). */
    static final String CHANNEL = "railheadChannel";
    private static final int MAX_KEPT_RESPONSE = 4000;

    private final OrderStore store;
    private final ErpProperties erp;
    private final ProducerTemplate producer;

    public ErpDelivery(OrderStore store, ErpProperties erp, ProducerTemplate producer) {
        this.store = store;
        this.erp = erp;
        this.producer = producer;
    }

    /** Loads the order and prepares the request; marks the exchange to skip when there is nothing to send. */
    public void prepare(Exchange exchange) {
        Message in = exchange.getIn();
        String orderId = in.getBody(String.class);
        DispatchAction action = DispatchAction.valueOf(in.getHeader(Headers.ACTION, "CREATE", String.class));
        String correlationId = in.getHeader(Headers.CORRELATION_ID, String.class);
        exchange.setProperty(ORDER_ID, orderId);
        exchange.setProperty(ACTION, action);
        exchange.setProperty(Headers.CORRELATION_ID, correlationId);
        Optional<StoredOrder> found = store.find(orderId);
        found.ifPresent(o -> exchange.setProperty(CHANNEL, o.channel()));
        OrderStatus expected = action == DispatchAction.CANCEL ? OrderStatus.RELEASED : OrderStatus.VALIDATED;
        if (found.isEmpty() || found.get().status() != expected) {
            LOG.info("Order {} {} to ERP skipped: status is {}", orderId, action,
                    found.map(o -> o.status().name()).orElse("unknown"));
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
        in.setBody(action == DispatchAction.CANCEL ? "{\"orderId\":\"" + orderId + "\"}" : found.get().canonical());
    }

    /** Classifies the ERP's answer. Throws {@link TransientEndpointException} for answers worth retrying. */
    @Transactional
    public void onResponse(Exchange exchange) {
        String orderId = exchange.getProperty(ORDER_ID, String.class);
        DispatchAction action = exchange.getProperty(ACTION, DispatchAction.class);
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = exchange.getIn().getBody(String.class);
        String correlationId = exchange.getProperty(Headers.CORRELATION_ID, String.class);
        if (status == 408 || status == 429 || status >= 500) {
            throw new TransientEndpointException("ERP answered " + status + " for order " + orderId,
                    RetryAfter.parse(exchange.getIn().getHeader("Retry-After", String.class)).orElse(null));
        }
        StoredOrder order = store.findForUpdate(orderId).orElseThrow();
        String kept = truncate("HTTP " + status + " " + (body == null ? "" : body));
        if (status >= 200 && status < 300) {
            OrderStatus next = action == DispatchAction.CANCEL ? OrderStatus.CANCELLED : OrderStatus.RELEASED;
            OrderStatus expected = action == DispatchAction.CANCEL ? OrderStatus.RELEASED : OrderStatus.VALIDATED;
            if (order.status() != expected) {
                // The order changed while the call was out (e.g. cancelled by the channel): make the ERP agree.
                store.addTimeline(orderId, "erp", order.status(), "ERP accepted " + action + " (HTTP " + status
                        + ") but order is now " + order.status(), correlationId);
                if (action == DispatchAction.CREATE && order.status() == OrderStatus.CANCELLED) {
                    requestCancel(orderId, correlationId);
                }
                return;
            }
            update(order, next, List.of(), null, kept);
            store.addTimeline(orderId, "erp", next, "ERP accepted " + action + " (HTTP " + status + ")", correlationId);
            LOG.info("Order {} {} accepted by ERP: {}", orderId, action, next);
            return;
        }
        if (action == DispatchAction.CANCEL) {
            update(order, order.status(), List.of(HoldReason.ERP_REJECTED.name()), "ERP refused cancel: " + kept, kept);
            store.addTimeline(orderId, "erp", order.status(), "ERP refused cancel (HTTP " + status + ")", correlationId);
        } else {
            update(order, OrderStatus.ON_HOLD, List.of(HoldReason.ERP_REJECTED.name()), "ERP_REJECTED: " + kept, kept);
            store.addTimeline(orderId, "erp", OrderStatus.ON_HOLD, "ERP_REJECTED: HTTP " + status, correlationId);
        }
        LOG.warn("Order {} {} rejected by ERP with HTTP {}", orderId, action, status);
    }

    private void update(StoredOrder order, OrderStatus status, List<String> reasons, String detail, String response) {
        StoredOrder next = new StoredOrder(order.orderId(), order.channel(), order.sourceAccount(), order.channelOrderId(),
                order.channelOrderNumber(), status, reasons, detail, order.canonical(), order.rawMessageId(),
                order.channelUpdatedAt(), order.correlationId(), response, order.createdAt(), order.updatedAt(),
                order.version());
        if (!store.update(next)) {
            throw new IllegalStateException("order " + order.orderId() + " changed concurrently");
        }
    }

    private void requestCancel(String orderId, String correlationId) {
        StoredOrder order = store.find(orderId).orElseThrow();
        update(order, OrderStatus.RELEASED, order.holdReasons(), order.holdDetail(), order.endpointResponse());
        producer.sendBodyAndHeader("direct:order-dispatch", orderId, Headers.ACTION, DispatchAction.CANCEL.name());
        store.addTimeline(orderId, "erp", OrderStatus.RELEASED, "created at ERP after local cancel; cancel sent",
                correlationId);
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
