package io.railhead.kpi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The arithmetic behind the KPI definitions (docs/fulfillment.md, "KPIs"), kept apart from the SQL so each rule can
 * be tested on its own: nearest-rank percentiles, ratios that are absent rather than 0 when nothing was counted, and
 * whether a shipment left on or before the day its node promised.
 */
public final class KpiMath {

    private KpiMath() {
    }

    /**
     * The nearest-rank {@code p}-th percentile (0 &lt; p ≤ 100) of {@code values}: the value at rank
     * ⌈p/100 × n⌉ in ascending order; null when there are none.
     */
    public static Double percentile(List<Double> values, double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("a percentile is above 0 and at most 100: " + p);
        }
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(1, Math.min(sorted.size(), rank)) - 1);
    }

    /** {@code part ÷ whole}, rounded to 4 decimals; null when {@code whole} is 0 (nothing to measure). */
    public static Double rate(long part, long whole) {
        return whole <= 0 ? null : Math.round(part * 10_000.0 / whole) / 10_000.0;
    }

    /** Seconds between two instants, to the millisecond. */
    public static double seconds(Instant from, Instant to) {
        return java.time.Duration.between(from, to).toMillis() / 1000.0;
    }

    /**
     * Whether a shipment that left at {@code shippedAt} kept the node's promise: its date in the node's zone (its
     * cut-off zone, UTC without one) is not after {@code promised}.
     */
    public static boolean onTime(Instant shippedAt, ZoneId nodeZone, LocalDate promised) {
        return !shippedAt.atZone(nodeZone).toLocalDate().isAfter(promised);
    }
}
