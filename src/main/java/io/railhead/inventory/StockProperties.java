package io.railhead.inventory;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Stock settings ({@code railhead.stock.*}; defaults in application.yaml, described in the README): the rules
 * file and how often it is checked for changes, the file drop for stock events, the JMS queue's consumers, how many events are applied in one transaction,
 * and how pushes to channels are leased, swept for and retried.
 */
@ConfigurationProperties("railhead.stock")
public record StockProperties(
        Path rulesFile,
        Duration rulesReloadInterval,
        Path dropDir,
        long dropPollInterval,
        int eventConsumers,
        int applyBatch,
        int applyBatchItems,
        int reservationConsumers,
        int maxEventItems,
        Duration pushLease,
        Duration pushGap,
        Duration pushSweep,
        Duration retryInitialDelay,
        Duration retryMaxDelay,
        Duration latencyWindow) {
}
