package io.railhead.inventory;

import io.railhead.shared.Headers;
import io.railhead.shared.HubProperties;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a stock event in (the REST endpoint and the file drop): checks it completely, claims its id (the same
 * id again is a duplicate and applies nothing), and queues it on {@code railhead.queues.stock-events} for the
 * ledger. The id is claimed and the message sent in one database transaction that commits only after the
 * broker took the message, so an event answered 202 is durably queued and an event whose queueing failed
 * can be sent again.
 */
@Service
public class StockEventIntake {

    private final StockRulesSource rules;
    private final StockEventStore events;
    private final StockProperties properties;
    private final TransactionTemplate tx;
    private final JmsTemplate jms;
    private final String queue;

    public StockEventIntake(StockRulesSource rules, StockEventStore events, StockProperties properties,
                            PlatformTransactionManager transactions, ConnectionFactory connectionFactory, HubProperties hub) {
        this.rules = rules;
        this.events = events;
        this.properties = properties;
        this.tx = new TransactionTemplate(transactions);
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setDeliveryMode(DeliveryMode.PERSISTENT);
        this.jms.setExplicitQosEnabled(true);
        this.queue = hub.queues().stockEvents();
    }

    public enum Status { QUEUED, DUPLICATE, REFUSED }

    /** What became of an event: queued, a duplicate of one received before, or refused with every reason. */
    public record Outcome(Status status, String eventId, List<String> reasons) {
    }

    public Outcome accept(byte[] body, String via, String correlationId) {
        StockEventReader.Read read = StockEventReader.read(body, rules.rules(), properties.maxEventItems());
        if (read.event() == null) {
            return new Outcome(Status.REFUSED, null, read.reasons());
        }
        StockEvent e = read.event();
        String payload = new String(body, StandardCharsets.UTF_8);
        Instant received = Instant.now();
        boolean fresh = Boolean.TRUE.equals(tx.execute(s -> {
            if (!events.claim(e, via, payload, received, correlationId)) {
                return false;
            }
            jms.send(queue, session -> {
                TextMessage m = session.createTextMessage(payload);
                m.setStringProperty(Headers.EVENT_ID, e.eventId());
                m.setLongProperty(RECEIVED_AT, received.toEpochMilli());
                if (correlationId != null) {
                    m.setStringProperty(Headers.CORRELATION_ID, correlationId);
                }
                return m;
            });
            return true;
        }));
        return new Outcome(fresh ? Status.QUEUED : Status.DUPLICATE, e.eventId(), List.of());
    }

    /** The message property with the time the hub accepted the event (epoch ms): the start of its push latency. */
    public static final String RECEIVED_AT = "RailheadReceivedAt";
}
