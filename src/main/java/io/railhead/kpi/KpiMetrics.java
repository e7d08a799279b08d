package io.railhead.kpi;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The KPIs as Prometheus gauges ({@code railhead_kpi_*}, the default window ending now). Computed lazily: the
 * first gauge read after {@code railhead.kpi.metrics-cache} has passed computes them once and every other gauge of
 * the scrape reads that; nothing runs between scrapes. Gauges per channel, node, reason, queue or disposition are
 * registered once, when the figures first name them; a gauge whose key has gone reads NaN.
 */
@Component
public class KpiMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(KpiMetrics.class);

    private final Kpis kpis;
    private final MeterRegistry registry;
    private final Duration cache;
    private final Clock clock = Clock.systemUTC();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private volatile KpiReport report;
    private volatile Instant computedAt = Instant.EPOCH;

    public KpiMetrics(Kpis kpis, MeterRegistry registry, KpiProperties properties) {
        this.kpis = kpis;
        this.registry = registry;
        this.cache = properties.metricsCache();
        gauge("railhead.kpi.cycle.orders", null, r -> r.cycleTime().orders());
        gauge("railhead.kpi.on.time.ship.rate", null, r -> nan(r.onTimeShip().rate()));
        gauge("railhead.kpi.fill.rate", null, r -> nan(r.fillRate().rate()));
        gauge("railhead.kpi.split.rate", null, r -> nan(r.splitRate().rate()));
        gauge("railhead.kpi.resourcings", null, KpiReport::resourcings);
        gauge("railhead.kpi.orders.on.hold", null, r -> r.exceptions().ordersOnHold());
        gauge("railhead.kpi.backorder.orders", null, r -> r.backorders().orders());
        gauge("railhead.kpi.backorder.units", null, r -> r.backorders().units());
        gauge("railhead.kpi.return.rate", null, r -> nan(r.returns().rate()));
        gauge("railhead.kpi.oversell.skus", null, r -> r.oversell().skus());
        gauge("railhead.kpi.oversell.units", null, r -> r.oversell().units());
    }

    /** The figures, computed again when older than the cache time; the last good ones (or null) when that fails. */
    KpiReport report() {
        Instant now = clock.instant();
        if (report == null || !computedAt.plus(cache).isAfter(now)) {
            synchronized (this) {
                if (report == null || !computedAt.plus(cache).isAfter(now)) {
                    try {
                        report = kpis.latest();
                        registerKeyed(report);
                    } catch (RuntimeException e) {
                        LOG.warn("KPI metrics not computed now ({}); the previous figures stay", e.toString());
                    }
                    computedAt = now;
                }
            }
        }
        return report;
    }

    private void registerKeyed(KpiReport r) {
        r.cycleTime().byChannel().keySet().forEach(c -> {
            keyed("railhead.kpi.cycle.time", "channel", c, "seconds", "quantile", "0.5",
                    x -> nan(get(x.cycleTime().byChannel(), c, KpiReport.Cycle::p50Seconds)));
            keyed("railhead.kpi.cycle.time", "channel", c, "seconds", "quantile", "0.9",
                    x -> nan(get(x.cycleTime().byChannel(), c, KpiReport.Cycle::p90Seconds)));
        });
        r.onTimeShip().byNode().keySet().forEach(n -> keyed("railhead.kpi.node.on.time.ship.rate", "node", n, null,
                null, null, x -> nan(get(x.onTimeShip().byNode(), n, KpiReport.NodeOnTime::rate))));
        r.nodes().keySet().forEach(n -> {
            keyed("railhead.kpi.node.orders", "node", n, null, null, null,
                    x -> nan(get(x.nodes(), n, v -> (double) v.orders())));
            keyed("railhead.kpi.node.orders.today", "node", n, null, null, null,
                    x -> nan(get(x.nodes(), n, v -> (double) v.ordersToday())));
            keyed("railhead.kpi.node.capacity.used", "node", n, null, null, null,
                    x -> nan(get(x.nodes(), n, KpiReport.Node::capacityUsed)));
        });
        r.exceptions().onHoldByReason().keySet().forEach(reason -> keyed("railhead.kpi.holds", "reason", reason, null,
                null, null, x -> x.exceptions().onHoldByReason().getOrDefault(reason, 0L)));
        r.exceptions().deadLettersByQueue().keySet().forEach(q -> keyed("railhead.kpi.dead.letters", "queue", q, null,
                null, null, x -> x.exceptions().deadLettersByQueue().getOrDefault(q, 0)));
        r.returns().byDisposition().keySet().forEach(d -> keyed("railhead.kpi.return.disposition.rate", "disposition", d,
                null, null, null, x -> nan(get(x.returns().byDisposition(), d, KpiReport.Disposition::rate))));
        r.stockSync().keySet().forEach(c -> {
            keyed("railhead.kpi.stock.pending", "channel", c, null, null, null,
                    x -> nan(get(x.stockSync(), c, v -> (double) v.pending())));
            keyed("railhead.kpi.stock.sync.lag", "channel", c, "seconds", null, null,
                    x -> nan(get(x.stockSync(), c, v -> v.oldestPendingSeconds() == null ? 0.0 : v.oldestPendingSeconds())));
            keyed("railhead.kpi.stock.listing.exposure", "channel", c, null, null, null,
                    x -> nan(get(x.stockSync(), c, v -> (double) v.listingExposureUnits())));
        });
    }

    private void gauge(String name, String unit, ToDoubleFunction<KpiReport> value) {
        Gauge.builder(name, this, m -> read(m, value)).baseUnit(unit).register(registry);
    }

    private void keyed(String name, String tag, String key, String unit, String tag2, String value2,
                       ToDoubleFunction<KpiReport> value) {
        if (!registered.add(name + '\u0000' + key + '\u0000' + value2)) {
            return;
        }
        Gauge.Builder<KpiMetrics> b = Gauge.builder(name, this, m -> read(m, value)).baseUnit(unit).tag(tag, key);
        if (tag2 != null) {
            b.tag(tag2, value2);
        }
        b.register(registry);
    }

    private static double read(KpiMetrics m, ToDoubleFunction<KpiReport> value) {
        KpiReport r = m.report();
        return r == null ? Double.NaN : value.applyAsDouble(r);
    }

    private static <V> Double get(Map<String, V> map, String key, Function<V, Double> f) {
        V v = map.get(key);
        return v == null ? null : f.apply(v);
    }

    private static double nan(Double d) {
        return d == null ? Double.NaN : d;
    }
}
