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

    public Instant receivedAt(String eventId) {
        List<Instant> t = jdbc.query("select received_at from stock_event where event_id = :id",
                new MapSqlParameterSource("id", eventId), (rs, i) -> instant(rs, 1));
        return t.isEmpty() ? null : t.get(0);
    }
}
