package io.railhead.inventory;

import static io.railhead.inventory.LedgerStore.utc;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What each order line holds of the stock ({@code stock_reservation}, Flyway V9): reserved, released,
 * shipped, backordered, and the on-hand the hub took off for a reported shipment. Callers own the
 * transaction and hold the SKU's lock.
 */
@Repository
public class ReservationStore {

    private final NamedParameterJdbcTemplate jdbc;

    public ReservationStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Row(String orderId, String lineId, String sku, long ordered, long perUnit, long reserved, long shipped,
                      long released, long backordered, long hubReduced, String location) {
    }

    public boolean any(String orderId) {
        return !jdbc.queryForList("select sku from stock_reservation where order_id = :o limit 1",
                new MapSqlParameterSource("o", orderId), String.class).isEmpty();
    }

    public List<Row> ofOrder(String orderId) {
        return jdbc.query("select order_id, line_id, sku, ordered, per_unit, reserved, shipped, released, backordered, "
                + "hub_reduced, location from stock_reservation where order_id = :o order by line_id, sku",
                new MapSqlParameterSource("o", orderId), (rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                        rs.getString(11)));
    }

    /**
     * Orders past sourcing (ALLOCATED, RELEASED, SHIPPED) that still hold reservations at no location: lines
     * a failed node gave back that no other node could take then. At most {@code limit}, oldest change first.
     */
    public List<String> ordersReservedAtNoLocation(int limit) {
        return jdbc.queryForList("select r.order_id from stock_reservation r join orders o on o.order_id = r.order_id "
                + "where r.location is null and r.reserved > 0 and o.status in ('ALLOCATED', 'RELEASED', 'SHIPPED') "
                + "group by r.order_id order by min(r.updated_at) limit :limit",
                new org.springframework.jdbc.core.namedparam.MapSqlParameterSource("limit", limit), String.class);
    }

    public void insert(Row r) {
        jdbc.update("insert into stock_reservation (order_id, line_id, sku, ordered, per_unit, reserved, shipped, released, "
                + "backordered, hub_reduced, location, updated_at) values (:o, :l, :sku, :ordered, :per, :reserved, :shipped, "
                + ":released, :back, :hub, :loc, :now)", new MapSqlParameterSource("o", r.orderId()).addValue("l", r.lineId())
                .addValue("sku", r.sku()).addValue("ordered", r.ordered()).addValue("per", r.perUnit())
                .addValue("reserved", r.reserved()).addValue("shipped", r.shipped()).addValue("released", r.released())
                .addValue("back", r.backordered()).addValue("hub", r.hubReduced()).addValue("loc", r.location())
                .addValue("now", utc(Instant.now())));
    }

    public void update(Row r) {
        jdbc.update("update stock_reservation set reserved = :reserved, shipped = :shipped, released = :released, "
                + "hub_reduced = :hub, location = :loc, updated_at = :now where order_id = :o and line_id = :l and sku = :sku",
                new MapSqlParameterSource("o", r.orderId()).addValue("l", r.lineId()).addValue("sku", r.sku())
                        .addValue("reserved", r.reserved()).addValue("shipped", r.shipped()).addValue("released", r.released())
                        .addValue("hub", r.hubReduced()).addValue("loc", r.location()).addValue("now", utc(Instant.now())));
    }
}
