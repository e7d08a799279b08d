package io.railhead.inventory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Works the stock event queue in the database (ADR 0013): woken at once by each event claimed on this instance
 * (and every {@code railhead.stock.push-sweep} for events claimed elsewhere or left by a crash), it takes the
 * events not yet applied in arrival order, up to {@code railhead.stock.apply-batch} events or
 * {@code apply-batch-items} items, and applies them in one transaction: one commit for many events instead of a
 * broker and a database commit for each; a single event larger than that is applied in parts of about that many
 * items, each committed on its own, so the pushes of the first parts go out while the rest applies. A batch that fails is applied again one event at a time, so one bad
 * event cannot hold up the others; an event that no longer passes its checks (the rules changed) or fails
 * {@code MAX_ATTEMPTS} times alone is set aside with its reason ({@code GET /api/stock/events/{id}}) until an
 * operator re-applies it.
 */
@Component
public class StockEventApplier implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(StockEventApplier.class);
    static final int MAX_ATTEMPTS = 5;

    private final StockEventStore events;
    private final StockLedger ledger;
    private final StockRulesSource rules;
    private final StockProperties properties;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher publisher;
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public StockEventApplier(StockEventStore events, StockLedger ledger, StockRulesSource rules, StockProperties properties,
                             PlatformTransactionManager transactions, ApplicationEventPublisher publisher) {
        this.publisher = publisher;
        this.events = events;
        this.ledger = ledger;
        this.rules = rules;
        this.properties = properties;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Published after stock events were applied and committed: what waited for stock may go on (re-sourcing). */
    public record StockEventsApplied(int events) {
    }

    /** Events are waiting: apply them now. */
    public void wake() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    /** Applies one batch now, on the caller's thread; how many events it took off the queue (0: none waited). */
    int applyOnce() {
        List<StockEventStore.Pending> pending = events.pending(Math.max(1, properties.applyBatch()));
        List<StockLedger.Queued> batch = new ArrayList<>();
        long items = 0;
        int taken = 0;
        for (StockEventStore.Pending p : pending) {
            StockEventReader.Read read = StockEventReader.read(p.payload().getBytes(StandardCharsets.UTF_8), rules.rules(),
                    properties.maxEventItems());
            if (read.event() == null) {
                setAside(p.eventId(), "no longer passes its checks: " + String.join("; ", read.reasons()));
                taken++;
                continue;
            }
            if (p.appliedItems() > 0 || read.event().items().size() > Math.max(1, properties.applyBatchItems())) {
                if (batch.isEmpty()) {
                    return taken + applyInParts(p, read.event(), pending);
                }
                break;
            }
            if (!batch.isEmpty() && items + read.event().items().size() > properties.applyBatchItems()) {
                break;
            }
            items += read.event().items().size();
            batch.add(new StockLedger.Queued(read.event(), p.receivedAt(), p.correlationId()));
            taken++;
        }
        if (batch.isEmpty()) {
            return taken;
        }
        try {
            ledger.apply(batch);
            publisher.publishEvent(new StockEventsApplied(batch.size()));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                failedAlone(batch.get(0), pending, e);
                throw e;
            }
            LOG.warn("A batch of {} stock events failed ({}); applying them one at a time", batch.size(), e.toString());
            for (StockLedger.Queued q : batch) {
                try {
                    ledger.apply(List.of(q));
                    publisher.publishEvent(new StockEventsApplied(1));
                } catch (RuntimeException one) {
                    failedAlone(q, pending, one);
                }
            }
        }
        return taken;
    }

    /**
     * An event larger than {@code apply-batch-items}, applied in parts of about that many items, each in its own
     * transaction, so the channels' pushes of the first parts overlap the applying of the rest. The items go in SKU
     * order (one SKU's items in one part) from where an earlier attempt stopped. Returns 1.
     */
    private int applyInParts(StockEventStore.Pending p, StockEvent event, List<StockEventStore.Pending> pending) {
        List<StockEvent.Item> items = event.items().stream().sorted(Comparator.comparing(StockEvent.Item::sku)).toList();
        StockLedger.Queued q = new StockLedger.Queued(event, p.receivedAt(), p.correlationId());
        int size = Math.max(1, properties.applyBatchItems());
        int parts = 0;
        for (int from = p.appliedItems(); from < items.size(); ) {
            int to = Math.min(items.size(), from + size);
            while (to < items.size() && items.get(to).sku().equals(items.get(to - 1).sku())) {
                to++;
            }
            try {
                ledger.applyPart(q, items, from, to);
            } catch (RuntimeException e) {
                failedAlone(q, pending, e);
                throw e;
            }
            publisher.publishEvent(new StockEventsApplied(to == items.size() ? 1 : 0));
            parts++;
            from = to;
        }
        LOG.info("Stock event {} ({} items) applied in {} part(s)", event.eventId(), items.size(), parts);
        return 1;
    }

    private void failedAlone(StockLedger.Queued q, List<StockEventStore.Pending> pending, RuntimeException e) {
        String id = q.event().eventId();
        int attempts = pending.stream().filter(p -> p.eventId().equals(id)).mapToInt(StockEventStore.Pending::attempts)
                .findFirst().orElse(0) + 1;
        if (attempts >= MAX_ATTEMPTS) {
            setAside(id, "failed " + attempts + " times: " + e);
        } else {
            LOG.warn("Stock event {} failed to apply (attempt {} of {}), tried again: {}", id, attempts, MAX_ATTEMPTS,
                    e.toString());
            tx.executeWithoutResult(s -> events.failed(id, null));
        }
    }

    private void setAside(String eventId, String reason) {
        LOG.error("Stock event {} is set aside, not applied: {}", eventId, reason);
        tx.executeWithoutResult(s -> events.failed(eventId, reason));
    }

    private void run() {
        int failures = 0;
        while (running) {
            try {
                signal.drainPermits();
                int taken = applyOnce();
                failures = 0;
                if (taken < Math.max(1, properties.applyBatch())) {
                    signal.tryAcquire(properties.pushSweep().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failures++;
                LOG.error("Applying stock events failed, going on: {}", e.toString());
                try {
                    Thread.sleep(backoff(failures).toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private Duration backoff(int failures) {
        long ms = properties.retryInitialDelay().toMillis() << Math.min(20, failures - 1);
        return Duration.ofMillis(Math.min(ms, properties.retryMaxDelay().toMillis()));
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "stock-event-apply");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the database is up, before the pushers stop (they run after it). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 300;
    }
}
