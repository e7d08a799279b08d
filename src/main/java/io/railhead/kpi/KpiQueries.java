package io.railhead.kpi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The aggregate reads behind the KPIs: plain SQL with named parameters that runs unchanged on PostgreSQL and H2
 * (no vendor functions). Rows that Java must look at one by one (durations for percentiles, shipments against
 * their node's zone, returns' dispositions) are fetched at most {@code limit} at a time; the rest is counted here.
 */
@Repository
public class KpiQueries {

    /** The orders whose first shipment (first timeline entry in status SHIPPED) falls in the window. */
    private static final String FIRST_SHIPPED = "from order_timeline t where t.status = 'SHIPPED' and t.at >= :from "
            + "and t.at < :to and not exists (select 1 from order_timeline p where p.order_id = t.order_id "
            + "and p.status = 'SHIPPED' and p.at < :from)";

    private final NamedParameterJdbcTemplate jdbc;

    public KpiQueries(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record FirstShipment(String channel, Instant receivedAt, Instant shippedAt) {
    }

    public record Shipment(String nodeId, Instant shippedAt, LocalDate promised) {
    }

    public record Counts(long first, long second) {
    }

    public record SkuCommitment(String sku, long committed, long usable) {
    }

    public record PushTotals(long pending, Instant oldestPending, Instant lastPushAt, long exposureUnits) {
    }

    List<FirstShipment> firstShipments(Instant from, Instant to, int limit) {
        return jdbc.query("select o.channel, o.created_at, min(t.at) as first_at " + FIRST_SHIPPED.replace(
                "from order_timeline t", "from order_timeline t join orders o on o.order_id = t.order_id")
                + " group by o.order_id, o.channel, o.created_at order by first_at limit :limit",
                window(from, to).addValue("limit", limit),
                (rs, i) -> new FirstShipment(rs.getString(1), instant(rs, 2), instant(rs, 3)));
    }

    public record Fill(long orders, long lines, long complete) {
    }

    /** The orders first shipped in the window, their lines (as reserved), and those of them shipped complete. */
    Fill fillLines(Instant from, Instant to) {
        return jdbc.queryForObject("select count(distinct order_id), count(*), coalesce(sum(complete), 0) from ("
                + "select r.order_id, r.line_id, "
                + "min(case when r.shipped >= r.ordered then 1 else 0 end) as complete from stock_reservation r "
                + "where r.order_id in (select t.order_id " + FIRST_SHIPPED + ") group by r.order_id, r.line_id) x",
                window(from, to), (rs, i) -> new Fill(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
    }

    /** Orders first sourced in the window, and those whose live requests (not refused, cancelled, dead) name 2+ nodes. */
    Counts splits(Instant from, Instant to) {
        return jdbc.queryForObject("select count(*), coalesce(sum(case when live > 1 then 1 else 0 end), 0) from ("
                + "select r.order_id, count(distinct case when r.status not in ('REFUSED', 'CANCELLED', 'DEAD') "
                + "then r.node_id end) as live from fulfillment_request r where r.order_id in (select order_id "
                + "from fulfillment_request where created_at >= :from and created_at < :to) group by r.order_id "
                + "having min(r.created_at) >= :from) x", window(from, to), (rs, i) -> new Counts(rs.getLong(1), rs.getLong(2)));
    }

    /** Per node, the orders it was asked for in the window (requests not refused or cancelled). */
    Map<String, Long> ordersPerNode(Instant from, Instant to) {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.query("select node_id, count(distinct order_id) from fulfillment_request where created_at >= :from "
                + "and created_at < :to and status not in ('REFUSED', 'CANCELLED') group by node_id order by node_id",
                window(from, to), rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                });
        return out;
    }

    long resourcings(Instant from, Instant to, String prefix) {
        Long n = jdbc.queryForObject("select count(*) from order_timeline where at >= :from and at < :to "
                + "and stage = 'source' and cause like :prefix", window(from, to).addValue("prefix", prefix + "%"), Long.class);
        return n == null ? 0 : n;
    }

    /** Node shipments recorded in the window with the ship date their node's request promised (null: none known). */
    List<Shipment> shipments(Instant from, Instant to, int limit) {
        return jdbc.query("select s.node_id, coalesce(s.shipped_at, s.created_at), (select max(r.promised_ship_date) "
                + "from fulfillment_request r where r.order_id = s.order_id and r.node_id = s.node_id) from node_shipment s "
                + "where s.created_at >= :from and s.created_at < :to order by s.created_at limit :limit",
                window(from, to).addValue("limit", limit),
                (rs, i) -> new Shipment(rs.getString(1), instant(rs, 2), rs.getObject(3, LocalDate.class)));
    }

    /** Node shipments recorded in the window and the units they carried. */
    Counts shippedUnits(Instant from, Instant to) {
        return jdbc.queryForObject("select count(*), coalesce(sum(units), 0) from node_shipment where created_at >= :from "
                + "and created_at < :to", window(from, to), (rs, i) -> new Counts(rs.getLong(1), rs.getLong(2)));
    }

    /** The stored returns received in the window, oldest first. */
    List<String> returnPayloads(Instant from, Instant to, int limit) {
        return jdbc.queryForList("select payload from order_return where created_at >= :from and created_at < :to "
                + "order by created_at limit :limit", window(from, to).addValue("limit", limit), String.class);
    }

    /** Orders on hold now, counted per stored list of reasons. */
    Map<String, Long> holdReasonLists() {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.query("select coalesce(hold_reasons, ''), count(*) from orders where status = 'ON_HOLD' group by hold_reasons",
                rs -> {
                    out.merge(rs.getString(1), rs.getLong(2), Long::sum);
                });
        return out;
    }

    /** Orders with lines reserved short that still wait unlocated, and the units they are short (at most what is held). */
    Counts backorders() {
        return jdbc.queryForObject("select count(distinct order_id), coalesce(sum(case when backordered < reserved "
                + "then backordered else reserved end), 0) from stock_reservation where backordered > 0 and reserved > 0 "
                + "and location is null", new MapSqlParameterSource(), (rs, i) -> new Counts(rs.getLong(1), rs.getLong(2)));
    }

    /** Per stock channel: dirty rows, the oldest change not yet taken, the latest push taken, units listed over desired. */
    Map<String, PushTotals> pushTotals() {
        Map<String, PushTotals> out = new LinkedHashMap<>();
        jdbc.query("select channel, coalesce(sum(case when dirty then 1 else 0 end), 0), min(case when dirty then "
                + "coalesce(sending_changed_at, changed_at) end), max(last_pushed_at), coalesce(sum(case when "
                + "last_pushed > desired then last_pushed - desired else 0 end), 0) from stock_push group by channel "
                + "order by channel", rs -> {
                    out.put(rs.getString(1), new PushTotals(rs.getLong(2), instant(rs, 3), instant(rs, 4), rs.getLong(5)));
                });
        return out;
    }

    /**
     * SKUs whose units reserved (unlocated) plus allocated exceed what their locations physically have to sell (per
     * location on-hand less quarantined and damaged, never below 0), largest excess first.
     */
    List<SkuCommitment> oversold(int limit) {
        String net = "sum(case when state = 'onHand' then quantity when state = 'quarantined' or state = 'damaged' "
                + "then -quantity else 0 end)";
        return jdbc.query("select k.sku, k.reserved + coalesce(sum(l.allocated), 0) as committed, "
                + "coalesce(sum(l.usable), 0) as usable from stock_sku k left join (select sku, location, "
                + "sum(case when state = 'allocated' then quantity else 0 end) as allocated, case when " + net
                + " > 0 then " + net + " else 0 end as usable from stock_level group by sku, location) l on l.sku = k.sku "
                + "group by k.sku, k.reserved having k.reserved + coalesce(sum(l.allocated), 0) > coalesce(sum(l.usable), 0) "
                + "order by k.reserved + coalesce(sum(l.allocated), 0) - coalesce(sum(l.usable), 0) desc, k.sku "
                + "limit :limit", new MapSqlParameterSource("limit", limit),
                (rs, i) -> new SkuCommitment(rs.getString(1), rs.getLong(2), rs.getLong(3)));
    }

    private static MapSqlParameterSource window(Instant from, Instant to) {
        return new MapSqlParameterSource("from", from.atOffset(ZoneOffset.UTC)).addValue("to", to.atOffset(ZoneOffset.UTC));
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
