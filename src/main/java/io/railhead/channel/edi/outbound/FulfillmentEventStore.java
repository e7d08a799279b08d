package io.railhead.channel.edi.outbound;

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
 * The {@code fulfillment_event} table of Flyway V4: every shipment and invoice accepted for an
 * order, as JSON, by its id. {@link FulfillmentEvents} reads it to recognise a repeated report and
 * to add up the quantities shipped and invoiced so far. Callers own the transaction.
 */
@Repository
public class FulfillmentEventStore {

    /** What was reported. */
    public enum Kind { SHIPMENT, INVOICE }

    /** One accepted report. */
    public record Event(Kind kind, String eventId, String orderId, String payload, Instant createdAt) {
    }

    private static final RowMapper<Event> EVENT = (rs, i) -> new Event(Kind.valueOf(rs.getString(1)),
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant());

    private final NamedParameterJdbcTemplate jdbc;

    public FulfillmentEventStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Event> find(Kind kind, String eventId) {
        return jdbc.query("select kind, event_id, order_id, payload, created_at from fulfillment_event "
                        + "where kind = :kind and event_id = :id",
                new MapSqlParameterSource("kind", kind.name()).addValue("id", eventId), EVENT).stream().findFirst();
    }

    public List<Event> forOrder(String orderId, Kind kind) {
        return jdbc.query("select kind, event_id, order_id, payload, created_at from fulfillment_event "
                        + "where order_id = :order and kind = :kind order by created_at, event_id",
                new MapSqlParameterSource("order", orderId).addValue("kind", kind.name()), EVENT);
    }

    public void insert(Event event, String correlationId) {
        jdbc.update("insert into fulfillment_event (kind, event_id, order_id, payload, correlation_id, created_at) "
                        + "values (:kind, :id, :order, :payload, :cid, :at)",
                new MapSqlParameterSource("kind", event.kind().name()).addValue("id", event.eventId())
                        .addValue("order", event.orderId()).addValue("payload", event.payload())
                        .addValue("cid", correlationId)
                        .addValue("at", event.createdAt().atOffset(ZoneOffset.UTC)));
    }
}
