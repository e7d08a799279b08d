package io.railhead.channel.edi;

import static org.assertj.core.api.Assertions.assertThat;

import io.railhead.support.HubIT;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Outbound control numbers under concurrent senders, on the hub's real database (H2, and PostgreSQL in CI). */
class ControlNumbersIT extends HubIT {

    @Autowired
    ControlNumbers numbers;

    @Test
    void concurrentSenders_neverGetTheSameNumber_andNoneIsSkipped() throws Exception {
        String partner = "cn-" + UUID.randomUUID().toString().substring(0, 8);
        int threads = 8;
        int perThread = 40;
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        assertThat(seen.add(numbers.next(partner, ControlNumbers.Kind.INTERCHANGE)))
                                .as("a control number handed out twice").isTrue();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(seen).hasSize(threads * perThread);
        assertThat(seen.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(threads * perThread);
        // each kind and partner has its own sequence
        assertThat(numbers.next(partner, ControlNumbers.Kind.GROUP)).isEqualTo(1);
        assertThat(numbers.next(partner + "-other", ControlNumbers.Kind.INTERCHANGE)).isEqualTo(1);
        assertThat(numbers.next(partner, ControlNumbers.Kind.INTERCHANGE)).isEqualTo(threads * perThread + 1);
    }
}
