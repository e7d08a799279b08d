package io.railhead.fulfillment;

import io.railhead.shared.Headers;
import io.railhead.shared.HubProperties;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Queues the fulfillment requests {@link NodeRequests} recorded (the outbox in {@code fulfillment_request}) to
 * {@code railhead.queues.node-requests}. Woken after each commit that recorded one, and every
 * {@code railhead.events.relay-interval} for what a crash left behind. Candidates are read without a lock (H2
 * would lock every matching row before the limit), then each is claimed by a guarded update; the claimed rows
 * stay locked while their messages are sent in one broker transaction, and the claims commit after it. A crash
 * between the two commits queues the request again: the sender skips a request that is no longer PENDING, and
 * the node sees the same {@code Idempotency-Key}.
 */
@Component
public class NodeRequestRelay implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRequestRelay.class);
    private static final int BATCH = 100;

    private final NodeRequestStore store;
    private final TransactionTemplate tx;
    private final JmsTemplate jms;
    private final String queue;
    private final Duration interval;
    private final AtomicBoolean wanted = new AtomicBoolean();
    private ScheduledExecutorService thread;

    public NodeRequestRelay(NodeRequestStore store, PlatformTransactionManager transactions,
                            ConnectionFactory connectionFactory, HubProperties hub,
                            @Value("${railhead.events.relay-interval}") Duration interval) {
        this.store = store;
        this.tx = new TransactionTemplate(transactions);
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
        this.queue = hub.queues().nodeRequests();
        this.interval = interval;
    }

    /** Something was recorded: drain soon (calls while a drain is due are one drain). */
    public void wake() {
        if (thread != null && wanted.compareAndSet(false, true)) {
            thread.execute(this::drainSafely);
        }
    }

    /** Queues every request recorded and not yet queued; returns how many it sent. */
    public int drain() {
        int sent = 0;
        List<String> candidates;
        int queued;
        do {
            candidates = store.unqueued(BATCH);
            List<String> batch = candidates;
            queued = Optional.ofNullable(tx.execute(s -> queueBatch(batch))).orElse(0);
            sent += queued;
            // A full batch another relay won is left to it: its rows show queued once it commits.
        } while (candidates.size() == BATCH && queued > 0);
        return sent;
    }

    private int queueBatch(List<String> candidates) {
        List<NodeRequest> claimed = candidates.stream().filter(store::claim)
                .flatMap(id -> store.find(id).stream()).toList();
        if (claimed.isEmpty()) {
            return 0;
        }
        jms.execute(session -> {
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (NodeRequest r : claimed) {
                TextMessage m = session.createTextMessage(r.fulfillmentId());
                m.setStringProperty(Headers.ORDER_ID, r.request().orderId());
                m.setStringProperty(Headers.CORRELATION_ID, r.correlationId());
                producer.send(m);
            }
            session.commit();
            return null;
        }, true);
        return claimed.size();
    }

    private void drainSafely() {
        wanted.set(false);
        try {
            drain();
        } catch (RuntimeException e) {
            // Left in the outbox: the next wake or tick queues it.
            LOG.warn("Fulfillment requests not queued yet, tried again in {}: {}", interval, e.toString());
        }
    }

    @Override
    public void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-request-relay");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::drainSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (thread != null) {
            thread.shutdown();
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    /** After the broker and Camel have started, before them on the way down. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
