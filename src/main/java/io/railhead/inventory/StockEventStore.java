package io.railhead.inventory;

import static io.railhead.inventory.LedgerStore.instant;
import static io.railhead.inventory.LedgerStore.utc;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The stock events received ({@code stock_event}, Flyway V9): each id claimed once with its raw payload, so
 * the same event again is a duplicate whether or not it was applied yet, and marked when the ledger applied it.
 * The table is also the events' queue (ADR 0013): {@link StockEventApplier} takes them in arrival order.
 */
@Repository
public class StockEventStore {

    private final NamedParameterJdbcTemplate jdbc;

    public StockEventStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the event's id; false when it was received before. */
    public boolean claim(StockEvent e, String via, String payload, Instant receivedAt, String correlationId) {
        return jdbc.update("insert into stock_event (event_id, source, kind, occurred_at, received_at, items, via, payload, "
                + "correlation_id) values (:id, :source, :kind, :at, :received, :items, :via, :payload, :cid) "
                + "on conflict do nothing", new MapSqlParameterSource("id", e.eventId()).addValue("source", e.source())
                .addValue("kind", e.kind().name()).addValue("at", utc(e.occurredAt())).addValue("received", utc(receivedAt))
                .addValue("items", e.items().size()).addValue("via", via).addValue("payload", payload)
                .addValue("cid", correlationId)) > 0;
    }

    /** Marks the event applied; false when it had been (a redelivery). Locks the row for the transaction. */
    public boolean markApplied(String eventId) {
        return jdbc.update("update stock_event set applied_at = :now where event_id = :id and applied_at is null",
                new MapSqlParameterSource("id", eventId).addValue("now", utc(Instant.now()))) > 0;
    }

    /**
     * Marks the items {@code from} up to {@code to} (in SKU order) of an event applied in parts; false when that
     * part was applied before. Locks the row for the transaction.
     */
    public boolean advance(String eventId, int from, int to) {
        return jdbc.update("update stock_event set applied_items = :to where event_id = :id and applied_items = :from "
                + "and applied_at is null", new MapSqlParameterSource("id", eventId).addValue("from", from)
                .addValue("to", to)) > 0;
    }

    /**
     * An event claimed and not yet applied, as the applier takes it; {@code appliedItems} of a large one applied in
     * parts are done.
     */
    public record Pending(long seq, String eventId, String payload, Instant receivedAt, String correlationId, int attempts,
                          int appliedItems) {
    }

    /** The events not yet applied and not set aside, oldest first, at most {@code limit}. */
    public List<Pending> pending(int limit) {
        return jdbc.query("select seq, event_id, payload, received_at, correlation_id, apply_attempts, applied_items "
                + "from stock_event where applied_at is null and apply_error is null order by seq limit :limit",
                new MapSqlParameterSource("limit", limit), (rs, i) -> new Pending(rs.getLong(1), rs.getString(2),
                        rs.getString(3), instant(rs, 4), rs.getString(5), rs.getInt(6), rs.getInt(7)));
    }

    /** Counts a failed attempt at applying the event; with {@code error} it is set aside until re-applied. */
    public void failed(String eventId, String error) {
        jdbc.update("update stock_event set apply_attempts = apply_attempts + 1, apply_error = :error where event_id = :id "
                + "and applied_at is null", new MapSqlParameterSource("id", eventId)
                .addValue("error", error == null || error.length() <= 2000 ? error : error.substring(0, 2000)));
    }

    /** An event's state: received, applied or set aside with its reason; null when unknown. */
    public record Status(String eventId, String source, String kind, int items, String via, Instant occurredAt,
                         Instant receivedAt, Instant appliedAt, String applyError, int applyAttempts, int appliedItems) {
    }

    public Status status(String eventId) {
        List<Status> s = jdbc.query("select event_id, source, kind, items, via, occurred_at, received_at, applied_at, "
                + "apply_error, apply_attempts, applied_items from stock_event where event_id = :id",
                new MapSqlParameterSource("id", eventId),
                (rs, i) -> new Status(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                        instant(rs, 6), instant(rs, 7), instant(rs, 8), rs.getString(9), rs.getInt(10), rs.getInt(11)));
        return s.isEmpty() ? null : s.get(0);
    }

    /** Puts a set-aside event back in line; false when it is not set aside. */
    public boolean reapply(String eventId) {
        return jdbc.update("update stock_event set apply_error = null, apply_attempts = 0 where event_id = :id "
                + "and applied_at is null and apply_error is not null", new MapSqlParameterSource("id", eventId)) > 0;
    }

    /** How many events wait to be applied (set-aside ones not counted). */
    public long backlog() {
        Long n = jdbc.queryForObject("select count(*) from stock_event where applied_at is null and apply_error is null",
                new MapSqlParameterSource(), Long.class);
        return n == null ? 0 : n;
    }

    public Instant receivedAt(String eventId) {
        List<Instant> t = jdbc.query("select received_at from stock_event where event_id = :id",
                new MapSqlParameterSource("id", eventId), (rs, i) -> instant(rs, 1));
        return t.isEmpty() ? null : t.get(0);
    }
}
