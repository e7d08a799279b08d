package io.railhead.bench;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Why the POS intake queues a file's sales in batches ({@code ChannelIntake.enqueueAll}): persistent
 * sends of sale-sized text messages to a throw-away embedded broker (journal in a temp dir, in-VM),
 * one transaction per message against one per {@code --commit-every} messages (default 500).
 * Options: {@code --single 5000}, {@code --batched 50000}, {@code --commit-every 500}. Run by
 * {@code bench/pos-csv-bench.sh --batch}.
 */
public final class IntakeBatchBench {

    public static void main(String[] args) throws Exception {
        int single = PosCsvBenchArgs.intArg(args, "--single", 5000);
        int batched = PosCsvBenchArgs.intArg(args, "--batched", 50_000);
        int commitEvery = PosCsvBenchArgs.intArg(args, "--commit-every", 500);
        Path dir = Files.createTempDirectory("intake-batch-");
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(new ConfigurationImpl().setPersistenceEnabled(true).setSecurityEnabled(false)
                .setJournalDirectory(dir + "/journal").setBindingsDirectory(dir + "/bindings")
                .setLargeMessagesDirectory(dir + "/large").setPagingDirectory(dir + "/paging")
                .addAcceptorConfiguration("in-vm", "vm://0"));
        broker.start();
        String sale = "{\"storeId\":\"S-01\",\"lines\":[" + "{\"sku\":\"TEA-9\",\"quantity\":1}".repeat(15) + "]}";
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("vm://0")) {
            for (int round = 0; round < 2; round++) {
                run(cf, single, 1, sale);
                run(cf, batched, commitEvery, sale);
            }
        } finally {
            broker.stop();
        }
    }

    private static void run(ActiveMQConnectionFactory cf, int messages, int commitEvery, String body) throws Exception {
        try (Connection c = cf.createConnection(); Session s = c.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer p = s.createProducer(s.createQueue("bench.intake"));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            long start = System.nanoTime();
            for (int i = 1; i <= messages; i++) {
                TextMessage m = s.createTextMessage(body);
                m.setStringProperty("RailheadEventKey", "csv:S-01:" + i);
                p.send(m);
                if (i % commitEvery == 0) {
                    s.commit();
                }
            }
            s.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("RESULT commit every %d: %d messages in %.2f s = %.0f msgs/s%n", commitEvery, messages,
                    seconds, messages / seconds);
        }
    }
}
