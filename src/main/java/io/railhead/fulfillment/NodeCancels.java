package io.railhead.fulfillment;

import io.railhead.order.OrderLifecycle;
import io.railhead.shared.Headers;
import io.railhead.shared.HubProperties;
import io.railhead.shared.RetryAfter;
import io.railhead.shared.TransientEndpointException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A channel's cancellation reaching the nodes (route {@code node-cancel-send}, a subscriber of ORDER_CANCELLED):
 * the order's open fulfillment requests are cancelled, so none not yet sent goes out, and each node that may
 * already have one gets a cancel call ({@link NodeCall#cancel}, body {@link Cancel} or the node's
 * {@code nodes/<nodeId>.cancel.jslt}). 2xx, and 404 (the node never had it), are done; 409 or another 4xx means
 * the node can no longer cancel, which the order's timeline says; 408, 429, 5xx and IO failures are retried by
 * the queue's back-off, and at the last attempt the call is recorded DEAD and on the timeline before the event
 * is dead-lettered. Releasing the stock and telling the ERP are the stock and ERP subscribers' part.
 */
@Component("nodeCancels")
public class NodeCancels {

    private static final Logger LOG = LoggerFactory.getLogger(NodeCancels.class);
    private static final String STAGE = "fulfillment-cancel";

    /** The cancel call's body. */
    public record Cancel(String fulfillmentId, String orderId, String nodeId, String reason, Instant cancelledAt) {
    }

    private final NodeRequests requests;
    private final FulfillmentConfigSource config;
    private final NodeMappings mappings;
    private final NodeRequestProperties properties;
    private final OrderLifecycle lifecycle;
    private final TransactionTemplate tx;
    private final int maxAttempts;
    private final HttpClient http;

    public NodeCancels(NodeRequests requests, FulfillmentConfigSource config, NodeMappings mappings,
                       NodeRequestProperties properties, OrderLifecycle lifecycle, PlatformTransactionManager transactions,
                       HubProperties hub) {
        this.requests = requests;
        this.config = config;
        this.mappings = mappings;
        this.properties = properties;
        this.lifecycle = lifecycle;
        this.tx = new TransactionTemplate(transactions);
        this.maxAttempts = hub.retry().maxAttempts();
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
    }

    /** Route {@code node-cancel-send}: one ORDER_CANCELLED event. */
    public void onOrderCancelled(Exchange exchange) throws InterruptedException {
        String orderId = exchange.getIn().getHeader(Headers.ORDER_ID, String.class);
        String cid = exchange.getIn().getHeader(Headers.CORRELATION_ID, String.class);
        boolean last = exchange.getIn().getHeader(Headers.ATTEMPT, 1, Integer.class) >= maxAttempts;
        List<String> failures = new ArrayList<>();
        Duration wait = null;
        for (NodeRequest owed : requests.cancelOrder(orderId)) {
            Failure failure = call(owed, cid, last);
            if (failure != null) {
                failures.add(failure.message());
                wait = failure.retryAfter() != null && (wait == null || failure.retryAfter().compareTo(wait) > 0)
                        ? failure.retryAfter() : wait;
            }
        }
        if (!failures.isEmpty()) {
            throw new TransientEndpointException("order " + orderId + ": " + String.join("; ", failures), wait);
        }
    }

    private record Failure(String message, Duration retryAfter) {
    }

    /** One cancel call; the failure worth retrying, or null when the call is settled. */
    private Failure call(NodeRequest owed, String cid, boolean last) throws InterruptedException {
        FulfillmentRequest r = owed.request();
        FulfillmentNode node = config.config().nodes().get(r.nodeId());
        if (node == null) {
            settle(owed, NodeRequest.CancelStatus.REFUSED, "node " + r.nodeId() + " is no longer configured", cid);
            return null;
        }
        HttpResponse<String> response;
        try {
            String body = mappings.cancelBody(r.nodeId(), new Cancel(r.fulfillmentId(), r.orderId(), r.nodeId(),
                    "ORDER_CANCELLED", Instant.now()));
            response = http.send(NodeCall.cancel(node, r.fulfillmentId(), cid, body, properties.readTimeout()),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return failed(owed, last, "node " + r.nodeId() + " unreachable: " + e, null, cid);
        } catch (RuntimeException e) {
            settle(owed, NodeRequest.CancelStatus.REFUSED, "cancel not sent: " + e.getMessage(), cid);
            return null;
        }
        int status = response.statusCode();
        String answer = TransientEndpointException.truncate("HTTP " + status + " " + response.body());
        if (status >= 200 && status < 300 || status == 404) {
            requests.cancelAnswered(r.fulfillmentId(), NodeRequest.CancelStatus.SENT, answer);
            note(owed, "node " + r.nodeId() + " told of the cancellation of " + r.fulfillmentId()
                    + (status == 404 ? " (it did not have it)" : ""), cid);
            return null;
        }
        if (status == 408 || status == 429 || status >= 500) {
            return failed(owed, last, "node " + r.nodeId() + " answered " + answer,
                    RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null)).orElse(null), cid);
        }
        settle(owed, NodeRequest.CancelStatus.REFUSED, "node " + r.nodeId() + " cannot cancel " + r.fulfillmentId()
                + " (" + answer + "): if it ships, the shipment is refused and the operator settles it with the node", cid);
        return null;
    }

    private Failure failed(NodeRequest owed, boolean last, String failure, Duration retryAfter, String cid) {
        if (last) {
            settle(owed, NodeRequest.CancelStatus.DEAD, "cancel of " + owed.fulfillmentId() + " never reached node "
                    + owed.request().nodeId() + " (" + failure + "): tell the node by hand", cid);
        }
        return new Failure(failure, retryAfter);
    }

    private void settle(NodeRequest owed, NodeRequest.CancelStatus status, String why, String cid) {
        requests.cancelAnswered(owed.fulfillmentId(), status, why);
        LOG.warn("Cancel of fulfillment {}: {}", owed.fulfillmentId(), status);
        note(owed, why, cid);
    }

    private void note(NodeRequest owed, String cause, String cid) {
        tx.executeWithoutResult(s -> lifecycle.lock(owed.request().orderId())
                .ifPresent(o -> lifecycle.note(o, STAGE, cause, cid)));
    }
}
