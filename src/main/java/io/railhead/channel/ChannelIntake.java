package io.railhead.channel;

import io.railhead.shared.Headers;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * The one door into the order pipeline for every channel adapter (webhook controllers and
 * pollers): puts a raw channel payload with its identifying headers onto the durable intake
 * queue through the {@code order-receive} route, and returns only once the broker has it.
 */
@Component
public class ChannelIntake {

    private final ProducerTemplate producer;

    public ChannelIntake(ProducerTemplate producer) {
        this.producer = producer;
    }

    /**
     * @param eventKey what makes this delivery unique at the channel (a webhook id, or order id +
     *                 last-update time for a poll): the same key twice is processed once
     */
    public void enqueue(String channel, String sourceAccount, String eventKey, String topic, String payload,
                        String correlationId) {
        enqueue(channel, sourceAccount, eventKey, topic, payload, correlationId, Map.of());
    }

    /**
     * As above, with what the adapter knows of the delivery besides: {@link Headers#PAYLOAD_DIGEST} where the
     * sender names each delivery, {@link Headers#INTAKE_HOLDS} for what its own checks found.
     */
    public void enqueue(String channel, String sourceAccount, String eventKey, String topic, String payload,
                        String correlationId, Map<String, String> facts) {
        Map<String, Object> headers = new HashMap<>(facts);
        headers.put(Headers.CHANNEL, channel);
        headers.put(Headers.SOURCE_ACCOUNT, sourceAccount);
        headers.put(Headers.TOPIC, topic);
        headers.put(Headers.EVENT_KEY, eventKey);
        headers.put(Headers.CORRELATION_ID, correlationId);
        headers.put(Headers.RECEIVED_AT, Instant.now().toString());
        producer.sendBodyAndHeaders("direct:order-receive", payload, headers);
    }
}
