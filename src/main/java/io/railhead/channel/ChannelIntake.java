package io.railhead.channel;

import io.railhead.shared.Headers;
import io.railhead.shared.HubProperties;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * The one door into the order pipeline for every channel adapter (webhook controllers and
 * pollers): puts a raw channel payload with its identifying headers onto the durable intake
 * queue through the {@code order-receive} route, and returns only once the broker has it. A file
 * of many orders (POS CSV) goes in through {@link #enqueueAll}: the same messages, sent in
 * broker transactions of many messages instead of one round trip each.
 */
@Component
public class ChannelIntake {

    private final ProducerTemplate producer;
    private final ConnectionFactory connectionFactory;
    private final HubProperties hub;

    public ChannelIntake(ProducerTemplate producer, ConnectionFactory connectionFactory, HubProperties hub) {
        this.producer = producer;
        this.connectionFactory = connectionFactory;
        this.hub = hub;
    }

    /** One payload of a batch: what {@link #enqueue} takes per call besides channel, topic and correlation id. */
    public record Item(String sourceAccount, String eventKey, String payload) {
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

    /**
     * Puts many payloads on the intake queue in one transacted JMS session of its own, committing
     * every {@code commitEvery} messages: the messages are those {@link #enqueue} sends (text body,
     * the same headers as JMS properties, persistent). A failure rolls back only the batch in
     * progress; what was committed before stays queued, and sending it again is harmless (the
     * intake stage drops event keys it has seen). Not for a queue consumer's thread: it does not
     * join the consumer's transaction.
     *
     * @return how many payloads were queued
     */
    public int enqueueAll(String channel, String topic, String correlationId, Iterable<Item> items, int commitEvery) {
        String receivedAt = Instant.now().toString();
        int sent = 0;
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageProducer out = session.createProducer(session.createQueue(hub.queues().intake()))) {
            out.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (Item item : items) {
                TextMessage message = session.createTextMessage(item.payload());
                message.setStringProperty(Headers.CHANNEL, channel);
                message.setStringProperty(Headers.SOURCE_ACCOUNT, item.sourceAccount());
                message.setStringProperty(Headers.TOPIC, topic);
                message.setStringProperty(Headers.EVENT_KEY, item.eventKey());
                message.setStringProperty(Headers.CORRELATION_ID, correlationId);
                message.setStringProperty(Headers.RECEIVED_AT, receivedAt);
                out.send(message);
                if (++sent % Math.max(commitEvery, 1) == 0) {
                    session.commit();
                }
            }
            session.commit();
            return sent;
        } catch (JMSException e) {
            throw new IllegalStateException("intake queue send failed after " + (sent - sent % Math.max(commitEvery, 1))
                    + " committed message(s): " + e.getMessage(), e);
        }
    }
}
