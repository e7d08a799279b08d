package io.railhead.fulfillment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code node_shipment} table: shipments as recorded and how far their relay to the channel got. */
@Repository
public class NodeShipmentStore {

    public enum RelayStatus { PENDING, RELAYED, REFUSED, DEAD, NONE }

    /** One recorded shipment; {@code payload} is the shipment with its lines resolved to the order's line keys. */
    public record Row(String shipmentId, String orderId, String nodeId, String payload, RelayStatus relayStatus,
                      String relayError, String correlationId, Instant createdAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    public NodeShipmentStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a shipment with when the node says it left and the units it carried (what the KPIs read). */
    public void insert(Row r, Instant shippedAt, int units) {
        jdbc.update("insert into node_shipment (shipment_id, order_id, node_id, payload, relay_status, correlation_id, "
                + "created_at, shipped_at, units) values (:id, :order, :node, :payload, :status, :cid, :at, :shipped, "
                + ":units)", new MapSqlParameterSource("id", r.shipmentId()).addValue("order", r.orderId())
                .addValue("node", r.nodeId()).addValue("payload", r.payload())
                .addValue("status", r.relayStatus().name()).addValue("cid", r.correlationId())
                .addValue("at", utc(r.createdAt())).addValue("shipped", shippedAt == null ? null : utc(shippedAt))
                .addValue("units", units));
    }

    public Optional<Row> find(String shipmentId) {
        return jdbc.query("select * from node_shipment where shipment_id = :id", new MapSqlParameterSource("id", shipmentId),
                NodeShipmentStore::row).stream().findFirst();
    }

    /** The order's shipments, oldest first. */
    public List<Row> ofOrder(String orderId) {
        return jdbc.query("select * from node_shipment where order_id = :order order by created_at",
                new MapSqlParameterSource("order", orderId), NodeShipmentStore::row);
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(rs.getString("shipment_id"), rs.getString("order_id"), rs.getString("node_id"),
                rs.getString("payload"), RelayStatus.valueOf(rs.getString("relay_status")), rs.getString("relay_error"),
                rs.getString("correlation_id"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    /** The payloads of the order's shipments, oldest first. */
    public List<String> payloadsOf(String orderId) {
        return jdbc.queryForList("select payload from node_shipment where order_id = :order order by created_at",
                new MapSqlParameterSource("order", orderId), String.class);
    }

    public void queued(String shipmentId) {
        jdbc.update("update node_shipment set queued_at = :now where shipment_id = :id",
                new MapSqlParameterSource("id", shipmentId).addValue("now", utc(Instant.now())));
    }

    /** Moves a PENDING (or DEAD and replayed) shipment to its outcome; false when it was neither any more. */
    public boolean settle(String shipmentId, RelayStatus status, String error) {
        return jdbc.update("update node_shipment set relay_status = :status, relay_error = :error, relayed_at = :now "
                + "where shipment_id = :id and relay_status in ('PENDING', 'DEAD')", new MapSqlParameterSource("id", shipmentId)
                .addValue("status", status.name()).addValue("error", error == null ? null
                        : error.substring(0, Math.min(error.length(), 2000)))
                .addValue("now", utc(Instant.now()))) == 1;
    }

    /** A shipment whose relay is owed and was never queued, with its order's channel (whose queue it goes to). */
    public record Unqueued(String shipmentId, String orderId, String channel, String correlationId) {
    }

    /**
     * PENDING shipments whose relay message never reached the broker (recorded before {@code before}): a plain
     * read, no row locks; queueing one twice is harmless, the consumer skips what is settled.
     */
    public List<Unqueued> unqueued(Instant before, int limit) {
        return jdbc.query("select s.shipment_id, s.order_id, o.channel, s.correlation_id from node_shipment s "
                        + "join orders o on o.order_id = s.order_id where s.relay_status = 'PENDING' "
                        + "and s.queued_at is null and s.created_at < :before order by s.created_at "
                        + "fetch first :limit rows only",
                new MapSqlParameterSource("before", utc(before)).addValue("limit", limit),
                (rs, i) -> new Unqueued(rs.getString("shipment_id"), rs.getString("order_id"), rs.getString("channel"),
                        rs.getString("correlation_id")));
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
