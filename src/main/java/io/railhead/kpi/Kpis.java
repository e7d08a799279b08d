package io.railhead.kpi;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.fulfillment.FulfillmentConfigSource;
import io.railhead.fulfillment.FulfillmentNode;
import io.railhead.fulfillment.NodeRequests;
import io.railhead.fulfillment.NodeStates;
import io.railhead.fulfillment.OrderSourcing;
import io.railhead.inventory.StockChannelStats;
import io.railhead.order.OrderJson;
import io.railhead.shared.DeadLetterService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Computes the operations KPIs of a window (docs/fulfillment.md, "KPIs") for {@code GET /api/kpis} and the
 * {@code railhead.kpi.*} metrics: a few aggregate queries ({@link KpiQueries}), the nodes in force and their states,
 * the dead-letter queues and this instance's stock push latencies. Names no channel: channels, nodes and reasons
 * are whatever the data holds.
 */
@Service
public class Kpis {

    private static final Logger LOG = LoggerFactory.getLogger(Kpis.class);
    private static final int TOP_OVERSOLD = 20;

    private final KpiQueries queries;
    private final KpiProperties properties;
    private final FulfillmentConfigSource fulfillment;
    private final NodeRequests requests;
    private final NodeStates states;
    private final DeadLetterService deadLetters;
    private final StockChannelStats stockStats;
    private final Clock clock;

    public Kpis(KpiQueries queries, KpiProperties properties, FulfillmentConfigSource fulfillment, NodeRequests requests,
                NodeStates states, DeadLetterService deadLetters, StockChannelStats stockStats) {
        this.queries = queries;
        this.properties = properties;
        this.fulfillment = fulfillment;
        this.requests = requests;
        this.states = states;
        this.deadLetters = deadLetters;
        this.stockStats = stockStats;
        this.clock = Clock.systemUTC();
    }

    /** The window of a request: {@code from}/{@code to} as given (null: the defaults), checked. */
    public KpiWindow window(String from, String to) {
        return KpiWindow.of(from, to, clock.instant(), properties.defaultWindow(), properties.maxWindow());
    }

    /** The KPIs of the default window ending now. */
    public KpiReport latest() {
        return report(window(null, null));
    }

    public KpiReport report(KpiWindow w) {
        Instant from = w.from();
        Instant to = w.to();
        Instant now = clock.instant();
        int max = properties.maxRows();
        KpiReport report = new KpiReport(from, to, now, cycleTime(from, to, max), onTimeShip(from, to, max),
                fillRate(from, to), splitRate(from, to), nodes(from, to),
                queries.resourcings(from, to, OrderSourcing.RESOURCED_AFTER), exceptions(max), backorders(),
                returns(from, to, max), stockSync(now), oversell(max));
        LOG.debug("KPIs computed for {} to {}", from, to);
        return report;
    }

    private KpiReport.CycleTime cycleTime(Instant from, Instant to, int max) {
        List<KpiQueries.FirstShipment> rows = queries.firstShipments(from, to, max + 1);
        boolean truncated = rows.size() > max;
        Map<String, List<Double>> byChannel = new TreeMap<>();
        List<Double> all = new ArrayList<>();
        for (KpiQueries.FirstShipment r : rows.subList(0, Math.min(max, rows.size()))) {
            double s = Math.max(0, KpiMath.seconds(r.receivedAt(), r.shippedAt()));
            all.add(s);
            byChannel.computeIfAbsent(r.channel(), c -> new ArrayList<>()).add(s);
        }
        Map<String, KpiReport.Cycle> channels = new TreeMap<>();
        byChannel.forEach((c, v) -> channels.put(c, cycle(v)));
        KpiReport.Cycle total = cycle(all);
        return new KpiReport.CycleTime(total.orders(), total.p50Seconds(), total.p90Seconds(), channels, truncated);
    }

    private static KpiReport.Cycle cycle(List<Double> seconds) {
        return new KpiReport.Cycle(seconds.size(), KpiMath.percentile(seconds, 50), KpiMath.percentile(seconds, 90));
    }

    private KpiReport.OnTimeShip onTimeShip(Instant from, Instant to, int max) {
        List<KpiQueries.Shipment> rows = queries.shipments(from, to, max + 1);
        boolean truncated = rows.size() > max;
        Map<String, FulfillmentNode> nodes = fulfillment.config().nodes();
        Map<String, long[]> byNode = new TreeMap<>();
        for (KpiQueries.Shipment s : rows.subList(0, Math.min(max, rows.size()))) {
            long[] n = byNode.computeIfAbsent(s.nodeId(), k -> new long[3]);
            n[0]++;
            if (s.promised() != null) {
                n[1]++;
                if (KpiMath.onTime(s.shippedAt(), zone(nodes.get(s.nodeId())), s.promised())) {
                    n[2]++;
                }
            }
        }
        long[] sum = new long[3];
        Map<String, KpiReport.NodeOnTime> out = new TreeMap<>();
        byNode.forEach((node, n) -> {
            out.put(node, new KpiReport.NodeOnTime(n[0], n[1], n[2], KpiMath.rate(n[2], n[1])));
            for (int i = 0; i < 3; i++) {
                sum[i] += n[i];
            }
        });
        return new KpiReport.OnTimeShip(sum[0], sum[1], sum[2], KpiMath.rate(sum[2], sum[1]), out, truncated);
    }

    /** The zone a node's dates are counted in: its cut-off zone, UTC without one (or for a node no longer in force). */
    static ZoneId zone(FulfillmentNode node) {
        return node == null || node.cutoff() == null ? ZoneOffset.UTC : node.cutoff().zone();
    }

    private KpiReport.FillRate fillRate(Instant from, Instant to) {
        KpiQueries.Fill f = queries.fillLines(from, to);
        return new KpiReport.FillRate(f.orders(), f.lines(), f.complete(), KpiMath.rate(f.complete(), f.lines()));
    }

    private KpiReport.SplitRate splitRate(Instant from, Instant to) {
        KpiQueries.Counts c = queries.splits(from, to);
        return new KpiReport.SplitRate(c.first(), c.second(), KpiMath.rate(c.second(), c.first()));
    }

    private Map<String, KpiReport.Node> nodes(Instant from, Instant to) {
        Map<String, Long> asked = queries.ordersPerNode(from, to);
        Map<String, NodeStates.NodeState> down = states.all();
        Map<String, KpiReport.Node> out = new TreeMap<>();
        fulfillment.config().nodes().forEach((id, node) -> {
            long today = requests.ordersTaken(id, requests.today(node));
            Integer limit = node.ordersPerDay();
            out.put(id, new KpiReport.Node(asked.getOrDefault(id, 0L), today, limit,
                    limit == null ? null : KpiMath.rate(today, limit), down.containsKey(id) && down.get(id).down()));
        });
        asked.forEach((id, n) -> out.putIfAbsent(id, new KpiReport.Node(n, 0, null, null, false)));
        return out;
    }

    private KpiReport.Exceptions exceptions(int max) {
        Map<String, Long> byReason = new TreeMap<>();
        long held = 0;
        for (Map.Entry<String, Long> e : queries.holdReasonLists().entrySet()) {
            held += e.getValue();
            for (String reason : e.getKey().split(",")) {
                if (!reason.isBlank()) {
                    byReason.merge(reason.trim(), e.getValue(), Long::sum);
                }
            }
        }
        Map<String, Integer> letters = new TreeMap<>(deadLetters.counts(max));
        long total = letters.values().stream().mapToLong(Integer::longValue).sum();
        return new KpiReport.Exceptions(held, byReason, total, letters);
    }

    private KpiReport.Backorders backorders() {
        KpiQueries.Counts c = queries.backorders();
        return new KpiReport.Backorders(c.first(), c.second());
    }

    private KpiReport.Returns returns(Instant from, Instant to, int max) {
        List<String> payloads = queries.returnPayloads(from, to, max + 1);
        boolean truncated = payloads.size() > max;
        Map<String, Long> units = new TreeMap<>();
        long all = 0;
        for (String payload : payloads.subList(0, Math.min(max, payloads.size()))) {
            for (JsonNode line : read(payload).path("lines")) {
                long q = line.path("quantity").asLong(0);
                units.merge(line.path("disposition").asText("UNKNOWN"), q, Long::sum);
                all += q;
            }
        }
        long shipped = queries.shippedUnits(from, to).second();
        Map<String, KpiReport.Disposition> by = new TreeMap<>();
        units.forEach((d, q) -> by.put(d, new KpiReport.Disposition(q, KpiMath.rate(q, shipped))));
        return new KpiReport.Returns(Math.min(max, payloads.size()), all, shipped, KpiMath.rate(all, shipped), by, truncated);
    }

    private static JsonNode read(String payload) {
        try {
            return OrderJson.MAPPER.readTree(payload);
        } catch (Exception e) {
            return OrderJson.MAPPER.createObjectNode();
        }
    }

    private Map<String, KpiReport.StockSync> stockSync(Instant now) {
        Map<String, KpiReport.StockSync> out = new TreeMap<>();
        queries.pushTotals().forEach((channel, t) -> out.put(channel, new KpiReport.StockSync(t.pending(),
                t.oldestPending() == null ? null : Math.max(0, KpiMath.seconds(t.oldestPending(), now)), t.lastPushAt(),
                stockStats.latencyMillis(channel, 50), stockStats.latencyMillis(channel, 99), t.exposureUnits())));
        return out;
    }

    private KpiReport.Oversell oversell(int max) {
        List<KpiQueries.SkuCommitment> rows = queries.oversold(max + 1);
        boolean truncated = rows.size() > max;
        List<KpiQueries.SkuCommitment> kept = rows.subList(0, Math.min(max, rows.size()));
        long units = kept.stream().mapToLong(r -> r.committed() - r.usable()).sum();
        List<KpiReport.OversoldSku> top = kept.stream().limit(TOP_OVERSOLD).map(r -> new KpiReport.OversoldSku(r.sku(),
                r.committed(), r.usable(), r.committed() - r.usable())).toList();
        return new KpiReport.Oversell(kept.size(), units, top, truncated);
    }
}
