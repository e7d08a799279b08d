package io.railhead.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.railhead.shared.Headers;
import io.railhead.shared.HubProperties;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.List;
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
 * Publishes the order events {@link OrderLifecycle} recorded (the outbox in {@code order_event}) to the
 * multicast address {@code railhead.queues.order-events}, where every subscriber has its own durable
 * queue. Woken right after each commit that recorded events, and every {@code railhead.events.relay-interval}
 * for what a crash left behind. One drain: lock a batch of unpublished events (rows another instance's
 * relay holds are skipped), send them in one broker transaction, commit it, then mark them published in the
 * database. A crash between the two commits publishes the batch again: subscribers are idempotent on the
 * event id. Events of one order keep their order (one message group per order).
 */
@Component
public class OrderEventRelay implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(OrderEventRelay.class);
    private static final int BATCH = 200;

    private final OrderEventStore events;
    private final TransactionTemplate tx;
    private final JmsTemplate jms;
    private final String address;
    private final Duration interval;
    private final AtomicBoolean wanted = new AtomicBoolean();
    private ScheduledExecutorService thread;

    public OrderEventRelay(OrderEventStore events, PlatformTransactionManager transactions,
                           ConnectionFactory connectionFactory, HubProperties hub,
                           @Value("${railhead.events.relay-interval}") Duration interval) {
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
        this.address = hub.queues().orderEvents();
        this.interval = interval;
    }

    /** Something was recorded: drain soon (calls while a drain is due are one drain). */
    public void wake() {
        if (thread != null && wanted.compareAndSet(false, true)) {
            thread.execute(this::drainSafely);
        }
    }

    /** Publishes everything recorded so far; returns how many events it sent. */
    public int drain() {
        int sent = 0;
        int batch;
        do {
            batch = tx.execute(s -> publishBatch());
            sent += batch;
        } while (batch == BATCH);
        return sent;
    }

    private int publishBatch() {
        List<OrderEvent> batch = events.lockUnpublished(BATCH);
        if (batch.isEmpty()) {
            return 0;
        }
        jms.execute(session -> {
            MessageProducer producer = session.createProducer(session.createTopic(address));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (OrderEvent e : batch) {
                producer.send(message(session, e));
            }
            session.commit();
            return null;
        }, true);
        events.markPublished(batch.stream().map(OrderEvent::eventId).toList());
        return batch.size();
    }

    private static TextMessage message(Session session, OrderEvent e) throws JMSException {
        TextMessage m;
        try {
            m = session.createTextMessage(OrderJson.MAPPER.writeValueAsString(e));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("order event " + e.eventId() + " cannot be written", ex);
        }
        m.setStringProperty(Headers.EVENT_ID, e.eventId());
        m.setStringProperty(Headers.EVENT_TYPE, e.type().name());
        m.setStringProperty(Headers.ORDER_ID, e.orderId());
        m.setStringProperty(Headers.CHANNEL, e.channel());
        m.setStringProperty(Headers.SOURCE_ACCOUNT, e.sourceAccount());
        m.setStringProperty(Headers.ORDER_STATUS, e.status().name());
        if (e.correlationId() != null) {
            m.setStringProperty(Headers.CORRELATION_ID, e.correlationId());
        }
        m.setStringProperty(Headers.GROUP_ID, e.orderId());
        return m;
    }

    private void drainSafely() {
        wanted.set(false);
        try {
            drain();
        } catch (RuntimeException e) {
            // Left in the outbox: the next wake or tick publishes it.
            LOG.warn("Order events not published yet, tried again in {}: {}", interval, e.toString());
        }
    }

    @Override
    public void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "order-event-relay");
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
