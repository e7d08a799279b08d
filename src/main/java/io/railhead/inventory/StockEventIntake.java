package io.railhead.inventory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a stock event in (the REST endpoint, the file drop and the JMS queue): checks it completely and claims
 * its id with its payload in one database transaction (the same id again is a duplicate and applies nothing).
 * The claimed row is the event's place in the queue the {@link StockEventApplier} works from (ADR 0013), so an
 * event answered 202 is durably queued once that transaction has committed; the applier is woken then.
 */
@Service
public class StockEventIntake {

    private final StockRulesSource rules;
    private final StockEventStore events;
    private final StockProperties properties;
    private final TransactionTemplate tx;
    private final StockEventApplier applier;

    public StockEventIntake(StockRulesSource rules, StockEventStore events, StockProperties properties,
                            PlatformTransactionManager transactions, StockEventApplier applier) {
        this.rules = rules;
        this.events = events;
        this.properties = properties;
        this.tx = new TransactionTemplate(transactions);
        this.applier = applier;
    }

    public enum Status { QUEUED, DUPLICATE, REFUSED }

    /** What became of an event: queued, a duplicate of one received before, or refused with every reason. */
    public record Outcome(Status status, String eventId, List<String> reasons) {
    }

    public Outcome accept(byte[] body, String via, String correlationId) {
        return accept(body, via, correlationId, Instant.now());
    }

    /** As {@link #accept(byte[], String, String)}, with the time the event reached the hub (its push latency's start). */
    public Outcome accept(byte[] body, String via, String correlationId, Instant received) {
        StockEventReader.Read read = StockEventReader.read(body, rules.rules(), properties.maxEventItems());
        if (read.event() == null) {
            return new Outcome(Status.REFUSED, null, read.reasons());
        }
        StockEvent e = read.event();
        String payload = new String(body, StandardCharsets.UTF_8);
        boolean fresh = Boolean.TRUE.equals(tx.execute(s -> events.claim(e, via, payload, received, correlationId)));
        if (fresh) {
            applier.wake();
        }
        return new Outcome(fresh ? Status.QUEUED : Status.DUPLICATE, e.eventId(), List.of());
    }

    /** The message property with the time the hub accepted the event (epoch ms): the start of its push latency. */
    public static final String RECEIVED_AT = "RailheadReceivedAt";
}
