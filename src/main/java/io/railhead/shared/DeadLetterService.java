package io.railhead.shared;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Service;

/**
 * Lists and replays the hub's dead letters straight from the broker's dead-letter queues (the
 * broker stays the single source of truth; Hawtio shows the same queues). A replay moves the
 * message back to the queue it failed on, with its attempt count reset, in one broker
 * transaction: it is either back on its queue or still dead-lettered, never lost or doubled.
 */
@Service
public class DeadLetterService {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterService.class);
    private static final Pattern MESSAGE_ID = Pattern.compile("ID:[A-Za-z0-9:_.\\-]{1,120}");
    private static final long RECEIVE_TIMEOUT_MS = 2000;

    private final JmsTemplate jms;
    private final List<String> deadLetterQueues;

    public DeadLetterService(ConnectionFactory connectionFactory, HubProperties hub,
                             ObjectProvider<QueueSubscription> subscriptions, ObjectProvider<DeclaredQueues> declared) {
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
        this.deadLetterQueues = Stream.concat(DeclaredQueues.pointToPoint(hub, declared).stream(),
                subscriptions.orderedStream().map(QueueSubscription::queue)).map(HubProperties.Queues::deadLetter).toList();
    }

    public List<DeadLetter> list(int limit) {
        List<DeadLetter> all = new ArrayList<>();
        for (String queue : deadLetterQueues) {
            jms.browse(queue, (session, browser) -> {
                for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements() && all.size() < limit; ) {
                    all.add(describe(queue, (Message) e.nextElement()));
                }
                return null;
            });
        }
        return Collections.unmodifiableList(all);
    }

    /**
     * Messages per dead-letter queue, each counted up to {@code cap} (a count at the cap means "at least"); the
     * queues of the hub and its subscribers, empty ones too.
     */
    public Map<String, Integer> counts(int cap) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String queue : deadLetterQueues) {
            counts.put(queue, jms.browse(queue, (session, browser) -> {
                int n = 0;
                for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements() && n < cap; e.nextElement()) {
                    n++;
                }
                return n;
            }));
        }
        return counts;
    }

    /** Moves one dead letter back to its original queue; empty when no dead letter has that id. */
    public Optional<DeadLetter> replay(String id) {
        if (!MESSAGE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a message id: " + id);
        }
        for (String queue : deadLetterQueues) {
            DeadLetter replayed = jms.execute(session -> {
                Queue dlq = session.createQueue(queue);
                try (MessageConsumer consumer = session.createConsumer(dlq, "JMSMessageID = '" + id + "'")) {
                    Message m = consumer.receive(RECEIVE_TIMEOUT_MS);
                    if (m == null) {
                        return null;
                    }
                    DeadLetter letter = describe(queue, m);
                    TextMessage copy = session.createTextMessage(m instanceof TextMessage t ? t.getText() : m.getBody(String.class));
                    for (Enumeration<?> names = m.getPropertyNames(); names.hasMoreElements(); ) {
                        String name = (String) names.nextElement();
                        if (keep(name)) {
                            copy.setObjectProperty(name, m.getObjectProperty(name));
                        }
                    }
                    String address = m.getStringProperty(Headers.ORIGINAL_ADDRESS);
                    // A subscriber's queue on a multicast address is reached by its full name, sent as to a topic.
                    boolean subscriber = address != null && !address.equals(letter.originalQueue());
                    session.createProducer(subscriber ? session.createTopic(address + "::" + letter.originalQueue())
                            : session.createQueue(letter.originalQueue())).send(copy);
                    session.commit();
                    LOG.info("Dead letter {} for order {} replayed to {}", id, letter.orderId(), letter.originalQueue());
                    return letter;
                }
            }, true);
            if (replayed != null) {
                return Optional.of(replayed);
            }
        }
        return Optional.empty();
    }

    private static boolean keep(String property) {
        return property.startsWith("Railhead") && !property.equals(Headers.ATTEMPT) && !property.equals(Headers.ERROR_CLASS)
                && !property.equals(Headers.ERROR_MESSAGE) && !property.equals(Headers.FAILED_ROUTE_ID)
                && !property.equals(Headers.ENDPOINT_RESPONSE)
                && !property.equals(Headers.FAILED_AT) && !property.equals(Headers.ORIGINAL_QUEUE)
                && !property.equals(Headers.ORIGINAL_ADDRESS)
                || property.equals(Headers.GROUP_ID);
    }

    private static DeadLetter describe(String queue, Message m) throws JMSException {
        String body = m instanceof TextMessage t ? t.getText() : null;
        String orderId = m.getStringProperty(Headers.ORDER_ID);
        if (orderId == null && body != null && body.startsWith("ord-") && body.length() < 80) {
            orderId = body;
        }
        String original = m.getStringProperty(Headers.ORIGINAL_QUEUE);
        return new DeadLetter(m.getJMSMessageID(), queue, original != null ? original : queue.substring("DLQ.".length()),
                orderId, m.getStringProperty(Headers.CORRELATION_ID), m.getStringProperty(Headers.ERROR_CLASS),
                m.getStringProperty(Headers.ERROR_MESSAGE), m.getStringProperty(Headers.ENDPOINT_RESPONSE),
                m.getStringProperty(Headers.FAILED_ROUTE_ID),
                m.propertyExists(Headers.ATTEMPT) ? m.getIntProperty(Headers.ATTEMPT) : null,
                m.getStringProperty(Headers.FAILED_AT));
    }
}
