package io.railhead.inventory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Push latency (stock event or order accepted → channel answered) per channel over the last
 * {@code railhead.stock.latency-window}, the last error, and the meters {@code railhead.stock.push.latency}
 * and {@code railhead.stock.push.calls}: what {@code GET /api/stock/channels} shows beside the table's
 * pending and exposure figures. Figures of this instance.
 */
@Component
public class StockChannelStats {

    private record Sample(Instant at, long millis) {
    }

    private final MeterRegistry metrics;
    private final Duration window;
    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();
    private final Map<String, String> lastError = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public StockChannelStats(MeterRegistry metrics, StockProperties properties) {
        this.metrics = metrics;
        this.window = properties.latencyWindow();
    }

    void accepted(String channel, Duration latency) {
        timers.computeIfAbsent(channel, c -> Timer.builder("railhead.stock.push.latency").tag("channel", c)
                .publishPercentiles(0.5, 0.99).register(metrics)).record(latency);
        Deque<Sample> d = samples.computeIfAbsent(channel, c -> new ArrayDeque<>());
        synchronized (d) {
            d.addLast(new Sample(Instant.now(), latency.toMillis()));
            trim(d);
        }
        lastError.remove(channel);
    }

    void call(String channel) {
        metrics.counter("railhead.stock.push.calls", "channel", channel).increment();
    }

    void error(String channel, String message) {
        lastError.put(channel, message == null ? "unknown" : message);
    }

    public String lastError(String channel) {
        return lastError.get(channel);
    }

    /** The p-th percentile (0–100) of the channel's latencies in the window, in ms; 0 without samples. */
    public long latencyMillis(String channel, double p) {
        Deque<Sample> d = samples.get(channel);
        if (d == null) {
            return 0;
        }
        List<Long> ms = new ArrayList<>();
        synchronized (d) {
            trim(d);
            d.forEach(s -> ms.add(s.millis()));
        }
        if (ms.isEmpty()) {
            return 0;
        }
        Collections.sort(ms);
        int i = (int) Math.ceil(p / 100.0 * ms.size()) - 1;
        return ms.get(Math.max(0, Math.min(ms.size() - 1, i)));
    }

    private void trim(Deque<Sample> d) {
        Instant from = Instant.now().minus(window);
        while (!d.isEmpty() && d.peekFirst().at().isBefore(from)) {
            d.removeFirst();
        }
        while (d.size() > 100_000) {
            d.removeFirst();
        }
    }
}
