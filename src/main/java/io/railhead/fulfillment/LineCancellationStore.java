package io.railhead.fulfillment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The lines nodes reported they cannot ship ({@code line_cancellation}, Flyway V14) and what became of them:
 * the record an operator reads for what is left to do at a channel, and what makes a repeated report a
 * duplicate. Callers own the transaction.
 */
@Repository
public class LineCancellationStore {

    /** What became of the reported lines. */
    public enum Outcome {
        /** Another node takes them. */
        RESOURCED,
        /** No node can: the channel is being asked to cancel them. */
        CHANNEL_OWED,
        /** The channel cancelled them. */
        CANCELLED_AT_CHANNEL,
        /** The channel's API cannot, or refused: an operator cancels them there ({@code action} says how). */
        CANCEL_AT_CHANNEL
    }

    /** One report as kept: the lines as resolved ({@link LineCancel} JSON), the outcome and the operator's action. */
    public record Row(String cancellationId, String orderId, String nodeId, String payload, Outcome outcome,
                      String action, String correlationId, Instant createdAt, Instant updatedAt) {
    }

    private static final String COLUMNS = "cancellation_id, order_id, node_id, payload, outcome, action, correlation_id, "
            + "created_at, updated_at";
    private static final RowMapper<Row> ROW = (rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), Outcome.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), instant(rs, 8),
            instant(rs, 9));

    private final NamedParameterJdbcTemplate jdbc;

    public LineCancellationStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Row r) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("insert into line_cancellation (" + COLUMNS + ") values (:id, :order, :node, :payload, :outcome, "
                + ":action, :cid, :now, :now)", new MapSqlParameterSource("id", r.cancellationId())
                .addValue("order", r.orderId()).addValue("node", r.nodeId()).addValue("payload", r.payload())
                .addValue("outcome", r.outcome().name()).addValue("action", fit(r.action()))
                .addValue("cid", r.correlationId()).addValue("now", now));
    }

    public Optional<Row> find(String cancellationId) {
        return jdbc.query("select " + COLUMNS + " from line_cancellation where cancellation_id = :id",
                new MapSqlParameterSource("id", cancellationId), ROW).stream().findFirst();
    }

    public List<Row> byOrder(String orderId) {
        return jdbc.query("select " + COLUMNS + " from line_cancellation where order_id = :order order by created_at",
                new MapSqlParameterSource("order", orderId), ROW);
    }

    /** The newest reports with this outcome, at most {@code limit}. */
    public List<Row> withOutcome(Outcome outcome, int limit) {
        return jdbc.query("select " + COLUMNS + " from line_cancellation where outcome = :outcome "
                + "order by created_at desc limit :limit", new MapSqlParameterSource("outcome", outcome.name())
                .addValue("limit", limit), ROW);
    }

    void queued(String cancellationId) {
        jdbc.update("update line_cancellation set queued_at = :now where cancellation_id = :id",
                new MapSqlParameterSource("id", cancellationId).addValue("now", OffsetDateTime.now(ZoneOffset.UTC)));
    }

    /** CHANNEL_OWED reports older than {@code before} never queued (the broker was away after their commit). */
    List<Row> unqueued(Instant before, int limit) {
        return jdbc.query("select " + COLUMNS + " from line_cancellation where outcome = 'CHANNEL_OWED' and queued_at "
                + "is null and created_at < :before order by created_at limit :limit", new MapSqlParameterSource("before",
                OffsetDateTime.ofInstant(before, ZoneOffset.UTC)).addValue("limit", limit), ROW);
    }

    /** Settles a CHANNEL_OWED report; false when it was settled already. */
    boolean settle(String cancellationId, Outcome outcome, String action) {
        return jdbc.update("update line_cancellation set outcome = :outcome, action = :action, updated_at = :now "
                + "where cancellation_id = :id and outcome = 'CHANNEL_OWED'", new MapSqlParameterSource("id", cancellationId)
                .addValue("outcome", outcome.name()).addValue("action", fit(action))
                .addValue("now", OffsetDateTime.now(ZoneOffset.UTC))) == 1;
    }

    private static String fit(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
