package io.railhead.kpi;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The operations KPIs of one window as {@code GET /api/kpis} answers them and the metrics read them; every figure is
 * defined in docs/fulfillment.md ("KPIs"). Windowed figures count what happened in {@code [from, to)}; the ones
 * marked "now" describe the hub at {@code computedAt}. Ratios are null when nothing was there to measure.
 * {@code truncated}: more rows matched than {@code railhead.kpi.max-rows}; the figure covers the first ones.
 */
public record KpiReport(Instant from, Instant to, Instant computedAt, CycleTime cycleTime, OnTimeShip onTimeShip,
                        FillRate fillRate, SplitRate splitRate, Map<String, Node> nodes, long resourcings,
                        Exceptions exceptions, Backorders backorders, Returns returns, Map<String, StockSync> stockSync,
                        Oversell oversell) {

    /** Received → first shipment, in seconds. */
    public record Cycle(long orders, Double p50Seconds, Double p90Seconds) {
    }

    public record CycleTime(long orders, Double p50Seconds, Double p90Seconds, Map<String, Cycle> byChannel,
                            boolean truncated) {
    }

    public record NodeOnTime(long shipments, long withPromise, long onTime, Double rate) {
    }

    public record OnTimeShip(long shipments, long withPromise, long onTime, Double rate, Map<String, NodeOnTime> byNode,
                             boolean truncated) {
    }

    public record FillRate(long orders, long lines, long linesComplete, Double rate) {
    }

    public record SplitRate(long ordersSourced, long ordersSplit, Double rate) {
    }

    /** {@code ordersToday} and {@code capacityUsed} are now, on the node's own date; capacity null: no limit. */
    public record Node(long orders, long ordersToday, Integer capacityPerDay, Double capacityUsed, boolean down) {
    }

    /** Now: orders on hold per reason (an order held for two reasons counts under each) and dead letters per queue. */
    public record Exceptions(long ordersOnHold, Map<String, Long> onHoldByReason, long deadLetters,
                             Map<String, Integer> deadLettersByQueue) {
    }

    /** Now. */
    public record Backorders(long orders, long units) {
    }

    public record Disposition(long units, Double rate) {
    }

    public record Returns(long returns, long units, long shippedUnits, Double rate, Map<String, Disposition> byDisposition,
                          boolean truncated) {
    }

    /** Now, per stock channel; latencies are this instance's, over {@code railhead.stock.latency-window}. */
    public record StockSync(long pending, Double oldestPendingSeconds, Instant lastPushAt, long latencyP50Ms,
                            long latencyP99Ms, long listingExposureUnits) {
    }

    public record OversoldSku(String sku, long committed, long usable, long excessUnits) {
    }

    /** Now: SKUs whose reserved and allocated units exceed what their locations physically have to sell. */
    public record Oversell(long skus, long units, List<OversoldSku> top, boolean truncated) {
    }
}
