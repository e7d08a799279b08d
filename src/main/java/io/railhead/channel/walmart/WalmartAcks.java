package io.railhead.channel.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.order.OrderJson;
import io.railhead.order.OrderStatus;
import io.railhead.order.OrderStore;
import io.railhead.order.StoredOrder;
import io.railhead.shared.Headers;
import io.railhead.shared.UnmatchedMessageException;
import io.railhead.shared.TransientEndpointException;
import java.io.IOException;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Walmart's acknowledgement of orders the hub has durably taken (validated or held: not lost),
 * so Walmart stops listing them as released and does not cancel them for lack of an answer.
 *
 * A subscriber of the order events: its queue {@code railhead.queues.walmart-acks} on the order events
 * address holds the ORDER_ACCEPTED events of Walmart orders ({@link WalmartEventSubscriptions}).
 *
 * <ul>
 *   <li>{@link #prepare}, {@link #acknowledge}, {@link #onAnswer} — route {@code walmart-ack-send}
 *   (a queue consumer): {@code POST /v3/orders/{purchaseOrderId}/acknowledge} once per order, unless it
 *   is cancelled, fulfilled by Walmart (WFS) or acknowledged already.
 *   2xx is recorded in {@code idempotency_key} (scope {@value #SCOPE}, key
 *   {@code account:purchaseOrderId}) and on the timeline; 401 (token renewed), 408, 429 and 5xx
 *   throw {@link TransientEndpointException} (with the wait Walmart asked for) so the queue retries
 *   and finally dead-letters; any other 4xx is logged and put on the order's timeline, not retried.</li>
 * </ul>
 */
@Component("walmartAcks")
public class WalmartAcks {

    private static final Logger LOG = LoggerFactory.getLogger(WalmartAcks.class);
    static final String SCOPE = "walmart-ack";
    static final String STAGE = "walmart-ack";
    static final String SKIP = "railheadSkip";
    private static final String ORDER = "railheadWalmartOrder";
    private static final String ANSWER = "railheadWalmartAnswer";
    private static final int MAX_KEPT_BODY = 500;

    private final OrderStore store;
    private final WalmartProperties properties;
    private final WalmartClients clients;

    public WalmartAcks(OrderStore store, WalmartProperties properties, WalmartClients clients) {
        this.store = store;
        this.properties = properties;
        this.clients = clients;
    }

    /**
     * Route {@code walmart-ack-send}, on the order events: loads the order the accepted event names; skips it when
     * there is nothing to acknowledge (no purchase order id, cancelled meanwhile, fulfilled by Walmart, or
     * acknowledged already — the event may come twice).
     */
    public void prepare(Exchange exchange) {
        String orderId = exchange.getIn().getHeader(Headers.ORDER_ID, String.class);
        Optional<StoredOrder> order = store.find(orderId);
        if (order.isEmpty() || order.get().channelOrderId() == null) {
            // Only orders with a Walmart purchase order id are accepted as Walmart orders: anything else is lost state.
            throw new UnmatchedMessageException("Walmart acknowledgement for order " + orderId + ": the order store has "
                    + (order.isEmpty() ? "no such order" : "no Walmart purchase order id for it"));
        }
        StoredOrder o = order.get();
        String skip = o.status() == OrderStatus.CANCELLED ? "cancelled" : fulfilledByWalmart(o) ? "fulfilled by Walmart"
                : store.keyRef(SCOPE, key(o)).isPresent() ? "already acknowledged at Walmart" : null;
        if (skip != null) {
            LOG.info("Order {} not acknowledged at Walmart: {}", orderId, skip);
            exchange.setProperty(SKIP, true);
            return;
        }
        exchange.setProperty(ORDER, o);
    }

    /** The call itself, outside any database transaction. */
    public void acknowledge(Exchange exchange) throws IOException, InterruptedException {
        StoredOrder order = exchange.getProperty(ORDER, StoredOrder.class);
        WalmartProperties.ResolvedAccount account = properties.account(order.sourceAccount())
                .orElseThrow(() -> new IllegalStateException("no Walmart account '" + order.sourceAccount()
                        + "' is configured (railhead.channels.walmart.accounts." + order.sourceAccount() + ".*)"));
        exchange.setProperty(ANSWER, clients.client(account).acknowledge(order.channelOrderId()));
    }

    /** Classifies Walmart's answer; throws {@link TransientEndpointException} for answers worth retrying. */
    @Transactional
    public void onAnswer(Exchange exchange) {
        StoredOrder order = exchange.getProperty(ORDER, StoredOrder.class);
        WalmartApiClient.Answer answer = exchange.getProperty(ANSWER, WalmartApiClient.Answer.class);
        String correlationId = exchange.getIn().getHeader(Headers.CORRELATION_ID, String.class);
        int status = answer.status();
        String po = order.channelOrderId();
        if (status == 401 || status == 408 || status == 429 || status >= 500) {
            throw new TransientEndpointException("Walmart answered " + status + " to acknowledge of purchase order " + po
                    + " (order " + order.orderId() + ", WM_QOS.CORRELATION_ID " + answer.wmCorrelationId() + ")",
                    answer.retryAfter());
        }
        OrderStatus current = store.find(order.orderId()).map(StoredOrder::status).orElse(order.status());
        if (status >= 200 && status < 300) {
            store.claimKey(SCOPE, key(order), order.orderId());
            store.addTimeline(order.orderId(), STAGE, current, "acknowledged at Walmart (HTTP " + status + ")",
                    correlationId);
            LOG.info("Order {} acknowledged at Walmart", order.orderId());
            return;
        }
        LOG.warn("Walmart refused the acknowledgement of order {} with HTTP {} (WM_QOS.CORRELATION_ID {}); not retried",
                order.orderId(), status, answer.wmCorrelationId());
        store.addTimeline(order.orderId(), STAGE, current, "Walmart refused acknowledge: HTTP " + status + " "
                + truncate(answer.body()) + " (WM_QOS.CORRELATION_ID " + answer.wmCorrelationId() + ")", correlationId);
    }

    static String key(StoredOrder order) {
        return order.sourceAccount() + ":" + order.channelOrderId();
    }

    private static boolean fulfilledByWalmart(StoredOrder order) {
        if (order.canonical() == null) {
            return false;
        }
        try {
            JsonNode canonical = OrderJson.MAPPER.readTree(order.canonical());
            return "CHANNEL".equals(canonical.path("fulfilledBy").asText());
        } catch (IOException e) {
            return false;
        }
    }

    private static String truncate(String s) {
        return s == null ? "" : s.length() <= MAX_KEPT_BODY ? s : s.substring(0, MAX_KEPT_BODY);
    }
}
