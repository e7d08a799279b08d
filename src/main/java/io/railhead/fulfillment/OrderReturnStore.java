package io.railhead.fulfillment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code order_return} table: returns as recorded (lines resolved to the order's line keys) and their ERP call. */
@Repository
public class OrderReturnStore {

    /** PENDING until the ERP took the return (SENT) or refused it for good (REJECTED). */
    public enum ErpStatus { PENDING, SENT, REJECTED }

    public record Row(String returnId, String orderId, String payload, String correlationId, ErpStatus erpStatus) {
    }

    private static final org.springframework.jdbc.core.RowMapper<Row> ROW = (rs, i) -> new Row(rs.getString(1),
            rs.getString(2), rs.getString(3), rs.getString(4), ErpStatus.valueOf(rs.getString(5)));

    private final NamedParameterJdbcTemplate jdbc;

    public OrderReturnStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Row r) {
        jdbc.update("insert into order_return (return_id, order_id, payload, correlation_id, created_at, erp_status) "
                + "values (:id, :order, :payload, :cid, :at, :status)", new MapSqlParameterSource("id", r.returnId())
                .addValue("order", r.orderId()).addValue("payload", r.payload()).addValue("cid", r.correlationId())
                .addValue("at", Instant.now().atOffset(ZoneOffset.UTC)).addValue("status", r.erpStatus().name()));
    }

    public Optional<Row> find(String returnId) {
        return jdbc.query("select return_id, order_id, payload, correlation_id, erp_status from order_return "
                + "where return_id = :id", new MapSqlParameterSource("id", returnId), ROW).stream().findFirst();
    }

    /** The order's returns, oldest first. */
    public List<Row> ofOrder(String orderId) {
        return jdbc.query("select return_id, order_id, payload, correlation_id, erp_status from order_return "
                + "where order_id = :order order by created_at", new MapSqlParameterSource("order", orderId),
                (rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        ErpStatus.valueOf(rs.getString(5))));
    }

    public List<String> payloadsOf(String orderId) {
        return jdbc.queryForList("select payload from order_return where order_id = :order order by created_at",
                new MapSqlParameterSource("order", orderId), String.class);
    }

    public void queued(String returnId) {
        jdbc.update("update order_return set queued_at = :now where return_id = :id", new MapSqlParameterSource("id",
                returnId).addValue("now", OffsetDateTime.now(ZoneOffset.UTC)));
    }

    /** PENDING returns recorded before {@code before} whose ERP call was never queued, oldest first. */
    public List<Row> unqueued(Instant before, int limit) {
        return jdbc.query("select return_id, order_id, payload, correlation_id, erp_status from order_return "
                + "where erp_status = 'PENDING' and queued_at is null and created_at < :before order by created_at "
                + "limit :limit", new MapSqlParameterSource("before", OffsetDateTime.ofInstant(before,
                ZoneOffset.UTC)).addValue("limit", limit), ROW);
    }

    /** Settles a PENDING return's ERP call; false when it was settled before. */
    public boolean settle(String returnId, ErpStatus status, String response) {
        return jdbc.update("update order_return set erp_status = :status, erp_response = :response "
                + "where return_id = :id and erp_status = 'PENDING'", new MapSqlParameterSource("id", returnId)
                .addValue("status", status.name()).addValue("response", response == null ? null
                        : response.substring(0, Math.min(response.length(), 2000)))) == 1;
    }
}
