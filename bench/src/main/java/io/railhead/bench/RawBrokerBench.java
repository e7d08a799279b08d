package io.railhead.bench;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Raw durable send+receive rate of an Artemis broker with the core JMS client: P producers send
 * persistent BytesMessages (blocking durable sends, the client default), C consumers each use a
 * transacted session and commit after every message. Rate = messages / (first send .. last commit).
 */
final class RawBrokerBench {

    record Result(int messages, int payloadBytes, int producers, int consumers, double seconds,
                  double sendSeconds, int drainedBefore) {
        double msgsPerSecond() {
            return messages / seconds;
        }

        double sendsPerSecond() {
            return messages / sendSeconds;
        }

        String describe() {
            return String.format(Locale.ROOT,
                    "raw durable: %d msgs x %d B, %d producers (persistent, blocking send), %d consumers (transacted, commit/msg)%n"
                            + "  send+receive+commit: %.2f s -> %.1f msgs/s%n"
                            + "  (all sends done after %.2f s -> %.1f sends/s while consumers ran)%s",
                    messages, payloadBytes, producers, consumers, seconds, msgsPerSecond(), sendSeconds, sendsPerSecond(),
                    drainedBefore > 0 ? String.format(Locale.ROOT, "%n  (drained %d stale messages from %s first)", drainedBefore, QUEUE) : "");
        }
    }

    static final String QUEUE = "bench.raw";

    static Result run(String brokerUrl, String user, String password, byte[] payload, int messages,
                      int producers, int consumers, long timeoutSeconds) throws Exception {
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(brokerUrl, user, password);
        List<Connection> connections = new ArrayList<>();
        try {
            int drained = drain(cf, connections);

            AtomicLong received = new AtomicLong();
            AtomicLong lastCommit = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch ready = new CountDownLatch(producers + consumers);
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch consumersDone = new CountDownLatch(consumers);
            CountDownLatch producersDone = new CountDownLatch(producers);
            AtomicLong lastSend = new AtomicLong();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);

            for (int c = 0; c < consumers; c++) {
                Connection conn = open(cf, connections);
                Thread t = new Thread(() -> {
                    try {
                        Session s = conn.createSession(true, Session.SESSION_TRANSACTED);
                        Queue q = s.createQueue(QUEUE);
                        MessageConsumer mc = s.createConsumer(q);
                        ready.countDown();
                        go.await();
                        while (received.get() < messages && System.nanoTime() < deadline && failure.get() == null) {
                            Message m = mc.receive(250);
                            if (m == null) {
                                continue;
                            }
                            s.commit();
                            lastCommit.accumulateAndGet(System.nanoTime(), Math::max);
                            received.incrementAndGet();
                        }
                        mc.close();
                        s.close();
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        consumersDone.countDown();
                    }
                }, "raw-consumer-" + c);
                t.setDaemon(true);
                t.start();
            }
            for (int p = 0; p < producers; p++) {
                Connection conn = open(cf, connections);
                int share = messages / producers + (p < messages % producers ? 1 : 0);
                Thread t = new Thread(() -> {
                    try {
                        Session s = conn.createSession(false, Session.AUTO_ACKNOWLEDGE);
                        MessageProducer mp = s.createProducer(s.createQueue(QUEUE));
                        mp.setDeliveryMode(DeliveryMode.PERSISTENT);
                        ready.countDown();
                        go.await();
                        for (int i = 0; i < share && failure.get() == null; i++) {
                            BytesMessage m = s.createBytesMessage();
                            m.writeBytes(payload);
                            mp.send(m);
                        }
                        lastSend.accumulateAndGet(System.nanoTime(), Math::max);
                        mp.close();
                        s.close();
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        producersDone.countDown();
                    }
                }, "raw-producer-" + p);
                t.setDaemon(true);
                t.start();
            }
            if (!ready.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("raw bench: clients did not connect within 30 s");
            }
            long start = System.nanoTime();
            go.countDown();
            producersDone.await(timeoutSeconds + 5, TimeUnit.SECONDS);
            consumersDone.await(timeoutSeconds + 5, TimeUnit.SECONDS);
            if (failure.get() != null) {
                throw new IllegalStateException("raw bench failed: " + failure.get(), failure.get());
            }
            if (received.get() < messages) {
                throw new IllegalStateException("raw bench: only " + received.get() + "/" + messages
                        + " messages received within " + timeoutSeconds + " s");
            }
            return new Result(messages, payload.length, producers, consumers,
                    (lastCommit.get() - start) / 1e9, (lastSend.get() - start) / 1e9, drained);
        } finally {
            for (Connection c : connections) {
                try {
                    c.close();
                } catch (JMSException ignored) {
                    // closing anyway
                }
            }
            cf.close();
        }
    }

    private static Connection open(ActiveMQConnectionFactory cf, List<Connection> all) throws JMSException {
        Connection c = cf.createConnection();
        all.add(c);
        c.start();
        return c;
    }

    /** Empties bench.raw (left-overs of an aborted run) so that every counted message is one we sent. */
    private static int drain(ActiveMQConnectionFactory cf, List<Connection> all) throws JMSException {
        Connection c = open(cf, all);
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer mc = s.createConsumer(s.createQueue(QUEUE));
        int n = 0;
        while (mc.receive(500) != null) {
            n++;
        }
        mc.close();
        s.close();
        return n;
    }
}
