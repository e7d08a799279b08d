package io.railhead.bench;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CountDownLatch;

/**
 * A throw-away embedded Artemis broker for trying the raw-broker part of the driver without the hub:
 * persistent journal in a temp dir (or --data-dir), one TCP acceptor on 127.0.0.1:--port (default 61616),
 * security off, queues auto-created, Artemis defaults otherwise (--journal-buffer-timeout-ns overrides the
 * journal's sync-batching window). Runs until the process is terminated (SIGINT/SIGTERM) or --seconds pass.
 */
public final class LocalBroker {

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv);
        int port = a.integer("port", 61616);
        boolean tempDir = !a.has("data-dir");
        Path dir = tempDir ? Files.createTempDirectory("railhead-bench-artemis") : Path.of(a.str("data-dir", null));
        JournalType journalType = JournalType.valueOf(a.str("journal-type", "ASYNCIO"));

        Configuration config = new ConfigurationImpl()
                .setName("railhead-bench-broker")
                .setPersistenceEnabled(true)
                .setJournalType(journalType)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);

        if (a.has("journal-buffer-timeout-ns")) {
            // default: 3,333,333 ns for NIO, 500,000 ns for ASYNCIO (Artemis ActiveMQDefaultConfiguration)
            config.setJournalBufferTimeout_NIO(a.integer("journal-buffer-timeout-ns", 0));
            config.setJournalBufferTimeout_AIO(a.integer("journal-buffer-timeout-ns", 0));
        }

        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.start();
        System.out.println("embedded Artemis started: tcp://127.0.0.1:" + port + ", persistent journal in " + dir
                + ", journal type " + broker.getActiveMQServer().getConfiguration().getJournalType()
                + ", journal sync (tx/non-tx) " + config.isJournalSyncTransactional() + "/" + config.isJournalSyncNonTransactional()
                + ", journal buffer timeout " + (broker.getActiveMQServer().getConfiguration().getJournalType() == JournalType.ASYNCIO
                        ? config.getJournalBufferTimeout_AIO() : config.getJournalBufferTimeout_NIO()) + " ns");

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.stop();
                if (tempDir) {
                    deleteTree(dir);
                }
            } catch (Exception e) {
                System.err.println("broker stop: " + e);
            } finally {
                stopped.countDown();
            }
        }, "broker-stop"));
        long seconds = a.lng("seconds", 0);
        if (seconds > 0) {
            if (!stopped.await(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
                System.exit(0); // runs the shutdown hook
            }
        } else {
            stopped.await();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
