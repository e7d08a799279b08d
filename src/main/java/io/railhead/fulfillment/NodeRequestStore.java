package io.railhead.fulfillment;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.railhead.order.OrderJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The fulfillment requests' table ({@code fulfillment_request}, Flyway V11): the outbox {@link NodeRequestRelay}
 * drains and the record of each request's outcome. Only {@link NodeRequests} changes a status; callers own the
 * transaction.
 */
@Repository
public class NodeRequestStore {

    private static final String COLUMNS = "payload, node_day, status, attempts, last_error, correlation_id, "
            + "created_at, updated_at, cancel_status, cancel_answer";
    private static final RowMapper<NodeRequest> ROW = (rs, i) -> new NodeRequest(read(rs.getString(1)),
            rs.getObject(2, LocalDate.class), NodeRequestStatus.valueOf(rs.getString(3)), rs.getInt(4), rs.getString(5),
            rs.getString(6), instant(rs, 7), instant(rs, 8),
            rs.getString(9) == null ? null : NodeRequest.CancelStatus.valueOf(rs.getString(9)), rs.getString(10));

    private final NamedParameterJdbcTemplate jdbc;

    public NodeRequestStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void add(FulfillmentRequest r, LocalDate nodeDay, String correlationId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("insert into fulfillment_request (fulfillment_id, order_id, node_id, node_day, payload, status, "
                + "attempts, correlation_id, created_at, updated_at, promised_ship_date) values (:id, :order, :node, :day, "
                + ":payload, 'PENDING', 0, :cid, :now, :now, :promised)", new MapSqlParameterSource("id", r.fulfillmentId())
                .addValue("order", r.orderId()).addValue("node", r.nodeId()).addValue("day", nodeDay)
                .addValue("payload", write(r)).addValue("cid", correlationId).addValue("now", now)
                .addValue("promised", r.promisedShipDate()));
    }

    Optional<NodeRequest> find(String fulfillmentId) {
        return jdbc.query("select " + COLUMNS + " from fulfillment_request where fulfillment_id = :id",
                new MapSqlParameterSource("id", fulfillmentId), ROW).stream().findFirst();
    }

    List<NodeRequest> byOrder(String orderId) {
        return jdbc.query("select " + COLUMNS + " from fulfillment_request where order_id = :order order by created_at",
                new MapSqlParameterSource("order", orderId), ROW);
    }

    List<NodeRequest> withStatus(String nodeId, NodeRequestStatus status) {
        return jdbc.query("select " + COLUMNS + " from fulfillment_request where node_id = :node and status = :status "
                + "order by created_at", new MapSqlParameterSource("node", nodeId).addValue("status", status.name()), ROW);
    }

    int countNotIn(String nodeId, LocalDate nodeDay, Collection<NodeRequestStatus> excluded) {
        Integer n = jdbc.queryForObject("select count(*) from fulfillment_request where node_id = :node "
                + "and node_day = :day and status not in (:excluded)", new MapSqlParameterSource("node", nodeId)
                .addValue("day", nodeDay).addValue("excluded", excluded.stream().map(Enum::name).toList()), Integer.class);
        return n == null ? 0 : n;
    }

    /** Moves a request from one of {@code from} to {@code to}; false when it was in none of them (or is unknown). */
    boolean transition(String fulfillmentId, Collection<NodeRequestStatus> from, NodeRequestStatus to, String lastError) {
        return jdbc.update("update fulfillment_request set status = :to, last_error = coalesce(:error, last_error), "
                + "updated_at = :now where fulfillment_id = :id and status in (:from)",
                new MapSqlParameterSource("id", fulfillmentId).addValue("to", to.name()).addValue("error", fit(lastError))
                        .addValue("from", from.stream().map(Enum::name).toList())
                        .addValue("now", OffsetDateTime.now(ZoneOffset.UTC))) == 1;
    }

    /**
     * Cancels an open (PENDING or ACCEPTED) request; {@code owed}: the node may have it, so it is owed a cancel
     * call. False when the request was not open.
     */
    boolean cancel(String fulfillmentId, boolean owed) {
        return jdbc.update("update fulfillment_request set status = 'CANCELLED', cancel_status = :cancel, "
                + "updated_at = :now where fulfillment_id = :id and status in ('PENDING', 'ACCEPTED')",
                new MapSqlParameterSource("id", fulfillmentId).addValue("cancel", owed ? "OWED" : null)
                        .addValue("now", OffsetDateTime.now(ZoneOffset.UTC))) == 1;
    }

    /** Records the node's answer to the cancel call it was owed; false when none was owed. */
    boolean cancelAnswered(String fulfillmentId, NodeRequest.CancelStatus status, String answer) {
        return jdbc.update("update fulfillment_request set cancel_status = :status, cancel_answer = :answer, "
                + "updated_at = :now where fulfillment_id = :id and cancel_status = 'OWED'",
                new MapSqlParameterSource("id", fulfillmentId).addValue("status", status.name())
                        .addValue("answer", fit(answer)).addValue("now", OffsetDateTime.now(ZoneOffset.UTC))) == 1;
    }

    /**
     * Owes the cancel of a cancelled request again when the node had answered it 404 (it did not have the
     * request yet): the request reached the node after its cancel. False when that is not the case.
     */
    boolean cancelOwedAgain(String fulfillmentId) {
        return jdbc.update("update fulfillment_request set cancel_status = 'OWED', updated_at = :now "
                + "where fulfillment_id = :id and status = 'CANCELLED' and cancel_status = 'SENT' "
                + "and cancel_answer like 'HTTP 404%'", new MapSqlParameterSource("id", fulfillmentId)
                .addValue("now", OffsetDateTime.now(ZoneOffset.UTC))) == 1;
    }

    /** Counts one more sending of a PENDING request; false when it is no longer PENDING. */
    boolean countAttempt(String fulfillmentId) {
        return jdbc.update("update fulfillment_request set attempts = attempts + 1, updated_at = :now "
                + "where fulfillment_id = :id and status = 'PENDING'", new MapSqlParameterSource("id", fulfillmentId)
                .addValue("now", OffsetDateTime.now(ZoneOffset.UTC))) == 1;
    }

    void noteError(String fulfillmentId, String error) {
        jdbc.update("update fulfillment_request set last_error = :error, updated_at = :now where fulfillment_id = :id",
                new MapSqlParameterSource("id", fulfillmentId).addValue("error", fit(error))
                        .addValue("now", OffsetDateTime.now(ZoneOffset.UTC)));
    }

    /** Ids of PENDING requests not yet queued, oldest first, read without locking (candidates for {@link #claim}). */
    List<String> unqueued(int limit) {
        return jdbc.queryForList("select fulfillment_id from fulfillment_request where queued_at is null "
                + "and status = 'PENDING' order by created_at limit :limit", new MapSqlParameterSource("limit", limit),
                String.class);
    }

    /**
     * Marks a candidate queued, guarded so only one relay wins it; the row stays locked until the caller's
     * transaction ends, which commits after the message is sent.
     */
    boolean claim(String fulfillmentId) {
        return jdbc.update("update fulfillment_request set queued_at = :now where fulfillment_id = :id "
                + "and queued_at is null and status = 'PENDING'", new MapSqlParameterSource("id", fulfillmentId)
                .addValue("now", OffsetDateTime.now(ZoneOffset.UTC))) == 1;
    }

    static String write(FulfillmentRequest r) {
        try {
            return OrderJson.MAPPER.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("fulfillment request " + r.fulfillmentId() + " cannot be written", e);
        }
    }

    static FulfillmentRequest read(String json) {
        try {
            return OrderJson.MAPPER.readValue(json, FulfillmentRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored fulfillment request cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static String fit(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
