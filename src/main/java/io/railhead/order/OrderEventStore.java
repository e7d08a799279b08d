package io.railhead.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The order events' outbox and history (table {@code order_event}, Flyway V8): written by
 * {@link OrderLifecycle} in the transaction of the transition, drained to the broker by
 * {@link OrderEventRelay}. Callers own the transaction.
 */
@Repository
public class OrderEventStore {

    private static final String COLUMNS = "event_id, type, order_id, channel, source_account, status, at, correlation_id";
    private static final RowMapper<OrderEvent> EVENT = (rs, i) -> new OrderEvent(rs.getString(1),
            OrderEventType.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5),
            OrderStatus.valueOf(rs.getString(6)), instant(rs, 7), rs.getString(8));

    private final NamedParameterJdbcTemplate jdbc;

    public OrderEventStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(OrderEvent e) {
        jdbc.update("insert into order_event (" + COLUMNS + ") values (:id, :type, :order, :channel, :account, "
                + ":status, :at, :cid)", new MapSqlParameterSource("id", e.eventId()).addValue("type", e.type().name())
                .addValue("order", e.orderId()).addValue("channel", StoredText.fit(e.channel(), 32))
                .addValue("account", StoredText.fit(e.sourceAccount(), 255)).addValue("status", e.status().name())
                .addValue("at", e.at().atOffset(ZoneOffset.UTC)).addValue("cid", StoredText.fit(e.correlationId(), 64)));
    }

    /**
     * The oldest events not yet published, locked for the rest of the caller's transaction; rows another
     * relay holds are skipped, so hub instances sharing the database drain it side by side.
     */
    List<OrderEvent> lockUnpublished(int limit) {
        return jdbc.query("select " + COLUMNS + " from order_event where published_at is null order by seq "
                + "limit :limit for update skip locked", new MapSqlParameterSource("limit", limit), EVENT);
    }

    void markPublished(List<String> eventIds) {
        jdbc.update("update order_event set published_at = :now where event_id in (:ids)",
                new MapSqlParameterSource("now", OffsetDateTime.now(ZoneOffset.UTC)).addValue("ids", eventIds));
    }

    /** An order's events, oldest first. */
    public List<OrderEvent> forOrder(String orderId) {
        return jdbc.query("select " + COLUMNS + " from order_event where order_id = :order order by seq",
                new MapSqlParameterSource("order", orderId), EVENT);
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
