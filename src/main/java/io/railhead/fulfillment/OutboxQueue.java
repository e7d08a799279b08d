package io.railhead.fulfillment;

import io.railhead.shared.Headers;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The after-commit send the fulfillment outboxes share (shipment relays, line cancels, returns' ERP calls): the
 * row's id on its queue with the order and correlation ids, then the row marked queued. A send that fails is left
 * to the relay sweep, which finds the rows never marked.
 */
final class OutboxQueue {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxQueue.class);

    private OutboxQueue() {
    }

    /** Sends {@code id} to {@code queue}; {@code queued} marks the row once the broker has it. */
    static void send(ProducerTemplate producer, String queue, String what, String id, String orderId,
                     String correlationId, Runnable queued) {
        try {
            Map<String, Object> headers = new HashMap<>();
            headers.put(Headers.ORDER_ID, orderId);
            if (correlationId != null) {
                headers.put(Headers.CORRELATION_ID, correlationId);
            }
            producer.sendBodyAndHeaders("jms:queue:" + queue, id, headers);
            queued.run();
        } catch (RuntimeException e) {
            LOG.warn("{} {} not queued now ({}); the sweep queues it", what, id, e.toString());
        }
    }
}
