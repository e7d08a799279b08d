package io.railhead.fulfillment;

import io.railhead.order.OrderEventType;
import io.railhead.shared.Headers;
import io.railhead.shared.HubProperties;
import io.railhead.shared.PermanentEndpointException;
import io.railhead.shared.RetryAfter;
import io.railhead.shared.TransientEndpointException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The node side of the {@code node-request-send} route: sends a queued fulfillment request to its node
 * ({@link NodeCall}, body from {@link NodeMappings}) and records the node's answer through {@link NodeRequests}.
 * Accepted (2xx, 409) and refused (other 4xx, recorded before the message is dead-lettered at once) are final;
 * 408, 429, 5xx and IO failures throw {@link TransientEndpointException} so the {@code queue-consumer}
 * configuration retries with back-off, and at the last attempt the request is recorded DEAD before it is
 * dead-lettered. A request that is no longer PENDING (answered, cancelled, queued twice) is not sent again. One
 * the node takes after its order's cancel found nothing there (404: the two crossed) has its cancel sent again.
 */
@Component("nodeRequestSender")
public class NodeRequestSender {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRequestSender.class);

    private final NodeRequests requests;
    private final FulfillmentConfigSource config;
    private final NodeMappings mappings;
    private final NodeRequestProperties properties;
    private final int maxAttempts;
    private final HttpClient http;
    private final ProducerTemplate producer;
    private final String cancelQueue;

    public NodeRequestSender(NodeRequests requests, FulfillmentConfigSource config, NodeMappings mappings,
                             NodeRequestProperties properties, HubProperties hub, ProducerTemplate producer) {
        this.producer = producer;
        // The node cancels' own queue on the order events: reached by its full name, as a topic.
        this.cancelQueue = "jms:topic:" + hub.queues().orderEvents() + "::" + hub.queues().nodeCancels();
        this.requests = requests;
        this.config = config;
        this.mappings = mappings;
        this.properties = properties;
        this.maxAttempts = hub.retry().maxAttempts();
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
    }

    public void send(Exchange exchange) {
        String id = exchange.getIn().getBody(String.class);
        String correlationId = exchange.getIn().getHeader(Headers.CORRELATION_ID, String.class);
        boolean last = exchange.getIn().getHeader(Headers.ATTEMPT, 1, Integer.class) >= maxAttempts;
        Optional<NodeRequest> owed = requests.sending(id);
        if (owed.isEmpty()) {
            LOG.info("Fulfillment {} not sent: {}", id, requests.status(id).map(s -> "it is " + s)
                    .orElse("no such request"));
            return;
        }
        FulfillmentRequest r = owed.get().request();
        FulfillmentNode node = config.config().nodes().get(r.nodeId());
        if (node == null) {
            refuse(id, "node " + r.nodeId() + " is no longer configured", null);
        }
        String body;
        try {
            body = mappings.body(r);
        } catch (RuntimeException e) {
            refuse(id, "MAPPING_FAILED: mappings/nodes/" + r.nodeId() + ".jslt: " + e.getMessage(), null);
            return;
        }
        HttpResponse<String> response;
        try {
            response = http.send(NodeCall.build(node, id, correlationId, body, properties.readTimeout()),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw retry(id, last, "node " + r.nodeId() + " unreachable: " + e, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw retry(id, last, "sending to node " + r.nodeId() + " interrupted", null, null);
        }
        int status = response.statusCode();
        String answer = TransientEndpointException.truncate("HTTP " + status + " " + response.body());
        switch (NodeAnswer.of(status)) {
            case ACCEPTED -> {
                if (requests.accepted(id)) {
                    // Cancelled on the way, and the node said 404 to the cancel: it has the request now, tell it again.
                    LOG.info("Fulfillment {} reached node {} after its cancel: the cancel goes again", id, r.nodeId());
                    producer.sendBodyAndHeaders(cancelQueue, id, Map.of(Headers.ORDER_ID, r.orderId(),
                            Headers.EVENT_TYPE, OrderEventType.ORDER_CANCELLED.name(), // its filter
                            Headers.CORRELATION_ID, correlationId == null ? id : correlationId));
                }
            }
            case REFUSED -> refuse(id, "node " + r.nodeId() + " refused with HTTP " + status, answer);
            case RETRY -> throw retry(id, last, "node " + r.nodeId() + " answered HTTP " + status, answer,
                    response.headers().firstValue("Retry-After").orElse(null));
        }
    }

    private void refuse(String id, String reason, String answer) {
        requests.refused(id, answer == null ? reason : reason + ": " + answer);
        throw new PermanentEndpointException("fulfillment " + id + ": " + reason, answer);
    }

    private TransientEndpointException retry(String id, boolean last, String failure, String answer, String retryAfter) {
        String kept = answer == null ? failure : failure + ": " + answer;
        if (last) {
            requests.dead(id, kept);
        } else {
            requests.failedAttempt(id, kept);
        }
        return new TransientEndpointException("fulfillment " + id + ": " + failure,
                RetryAfter.parse(retryAfter).orElse(null), answer);
    }
}
