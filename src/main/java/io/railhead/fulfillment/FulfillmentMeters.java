package io.railhead.fulfillment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The fulfillment meters counted where their events happen (docs/fulfillment.md, "KPIs"): the order cycle time
 * (received to first node shipment, per channel) recorded when the first shipment of an order commits, and the
 * re-sourcing passes. Meters are registered once and kept, so an event costs a map lookup and an increment.
 */
@Component
public class FulfillmentMeters {

    static final String CYCLE_TIME = "railhead.fulfillment.cycle.time";
    static final String RESOURCINGS = "railhead.fulfillment.resourcings";

    private final MeterRegistry registry;
    private final Counter resourcings;
    private final Map<String, Timer> cycleTimes = new ConcurrentHashMap<>();

    public FulfillmentMeters(MeterRegistry registry) {
        this.registry = registry;
        this.resourcings = Counter.builder(RESOURCINGS)
                .description("Orders whose lines a failed node gave back were sourced again").register(registry);
    }

    /** After the caller's transaction commits: the first shipment of an order received at {@code receivedAt}. */
    void firstShipmentAfterCommit(String channel, Instant receivedAt, Instant shippedAt) {
        if (receivedAt == null || shippedAt.isBefore(receivedAt)) {
            return;
        }
        Duration cycle = Duration.between(receivedAt, shippedAt);
        NodeEventsNotifier.AfterCommit.run(() -> cycleTime(channel).record(cycle));
    }

    /**
     * One re-sourcing pass, counted once its transaction has ended (re-sourcing runs from other transactions'
     * after-commit callbacks, where a callback registered now would never run).
     */
    void resourced() {
        resourcings.increment();
    }

    private Timer cycleTime(String channel) {
        Timer t = cycleTimes.get(channel);
        return t != null ? t : cycleTimes.computeIfAbsent(channel, c -> Timer.builder(CYCLE_TIME)
                .description("Order received to its first shipment recorded").tag("channel", c)
                .publishPercentiles(0.5, 0.9).register(registry));
    }
}
