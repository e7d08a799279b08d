package io.railhead.order;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The order store: orders with their status and hold reasons, their timelines, the raw payloads
 * they came from, and idempotency keys. Plain SQL with named parameters that runs unchanged on
 * PostgreSQL and H2. Callers own the transaction.
 */
@Repository
public class OrderStore {

    private static final String ORDER_COLUMNS = "order_id, channel, source_account, channel_order_id, "
            + "channel_order_number, status, hold_reasons, hold_detail, canonical, raw_message_id, channel_updated_at, "
            + "correlation_id, endpoint_response, created_at, updated_at, version, dispatch_action, dispatch_seq";

    private final NamedParameterJdbcTemplate jdbc;

    public OrderStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What claiming an effect's key found: a new key, the same effect again, or the key taken by something else. */
    public enum Claim { NEW, REPEATED, CONFLICT }

    /** Records that an effect keyed {@code (scope, key)} happened; false when it already had. */
    public boolean claimKey(String scope, String key, String ref) {
        return claim(scope, key, null, ref) == Claim.NEW;
    }

    /**
     * Records that an effect keyed {@code (scope, key)} happened with content {@code digest}. The same key
     * again is {@link Claim#REPEATED} when its content is the same (or either digest is unknown), and
     * {@link Claim#CONFLICT} when it came with other content before.
     */
    public Claim claim(String scope, String key, String digest, String ref) {
        MapSqlParameterSource p = new MapSqlParameterSource("scope", scope).addValue("key", storedKey(key))
                .addValue("ref", ref).addValue("digest", digest).addValue("now", utc(Instant.now()));
        List<String> seen = jdbc.query("select coalesce(digest, '') from idempotency_key where scope = :scope "
                + "and key_value = :key", p, (rs, i) -> rs.getString(1));
        if (!seen.isEmpty()) {
            String before = seen.get(0);
            return digest == null || before.isEmpty() || before.equals(digest) ? Claim.REPEATED : Claim.CONFLICT;
        }
        // A concurrent claim of the same key fails on the primary key and rolls the caller back.
        jdbc.update("insert into idempotency_key (scope, key_value, created_at, ref, digest) "
                + "values (:scope, :key, :now, :ref, :digest)", p);
        return Claim.NEW;
    }

    /** Keys longer than the column are kept as their SHA-256: never a failed insert, never a cut that collides. */
    static String storedKey(String key) {
        return key.length() <= 255 && !StoredText.hasNul(key) ? key : "sha256:" + StoredText.sha256(key);
    }

    public long countKeys(String scope) {
        Long n = jdbc.queryForObject("select count(*) from idempotency_key where scope = :scope",
                new MapSqlParameterSource("scope", scope), Long.class);
        return n == null ? 0 : n;
    }

    public Optional<String> keyRef(String scope, String key) {
        return jdbc.query("select ref from idempotency_key where scope = :scope and key_value = :key",
                new MapSqlParameterSource("scope", scope).addValue("key", storedKey(key)),
                (rs, i) -> rs.getString(1)).stream().filter(Objects::nonNull).findFirst();
    }

    /** What a claimed key led to (the order an event created or changed). */
    public void setKeyRef(String scope, String key, String ref) {
        jdbc.update("update idempotency_key set ref = :ref where scope = :scope and key_value = :key",
                new MapSqlParameterSource("scope", scope).addValue("key", storedKey(key)).addValue("ref", ref));
    }

    /**
     * Keeps a payload as received. One with NUL characters, which a text column cannot hold, is also kept
     * byte for byte in {@code payload_bytes}; {@link #findRaw} gives that back.
     */
    public void saveRaw(RawMessage m) {
        String payload = m.payload();
        jdbc.update("insert into raw_message (id, channel, source_account, event_key, topic, correlation_id, received_at, "
                        + "payload, payload_bytes) values (:id, :channel, :account, :eventKey, :topic, :cid, :at, :payload, "
                        + ":bytes)",
                new MapSqlParameterSource("id", m.id()).addValue("channel", StoredText.fit(m.channel(), 32))
                        .addValue("account", StoredText.fit(m.sourceAccount(), 255))
                        .addValue("eventKey", StoredText.fit(m.eventKey(), 255))
                        .addValue("topic", StoredText.fit(m.topic(), 64))
                        .addValue("cid", StoredText.fit(m.correlationId(), 64))
                        .addValue("at", utc(m.receivedAt())).addValue("payload", StoredText.clean(payload))
                        .addValue("bytes", StoredText.hasNul(payload) ? payload.getBytes(StandardCharsets.UTF_8) : null,
                                Types.BINARY));
    }

    public Optional<RawMessage> findRaw(String id) {
        return jdbc.query("select id, channel, source_account, event_key, topic, correlation_id, received_at, payload, "
                        + "payload_bytes from raw_message where id = :id", new MapSqlParameterSource("id", id),
                (rs, i) -> new RawMessage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), instant(rs, 7), rs.getBytes(9) != null
                        ? new String(rs.getBytes(9), StandardCharsets.UTF_8) : rs.getString(8))).stream().findFirst();
    }

    public Optional<StoredOrder> find(String orderId) {
        return jdbc.query("select " + ORDER_COLUMNS + " from orders where order_id = :id",
                new MapSqlParameterSource("id", orderId), ORDER).stream().findFirst();
    }

    /** Locks the order row for the rest of the caller's transaction. */
    public Optional<StoredOrder> findForUpdate(String orderId) {
        return jdbc.query("select " + ORDER_COLUMNS + " from orders where order_id = :id for update",
                new MapSqlParameterSource("id", orderId), ORDER).stream().findFirst();
    }

    public List<StoredOrder> findByChannelOrder(String channel, String channelOrderId) {
        return jdbc.query("select " + ORDER_COLUMNS + " from orders where channel = :channel "
                        + "and channel_order_id = :cid order by created_at",
                new MapSqlParameterSource("channel", channel).addValue("cid", channelOrderId), ORDER);
    }

    /** Ids of orders that owe the ERP a command (see {@link StoredOrder.Dispatch}), in id order after {@code after}. */
    public List<String> withPendingDispatch(String after, int limit) {
        return jdbc.query("select order_id from orders where dispatch_action is not null and order_id > :after "
                        + "order by order_id limit :limit",
                new MapSqlParameterSource("after", after == null ? "" : after).addValue("limit", limit),
                (rs, i) -> rs.getString(1));
    }

    /** Held orders, newest first; with a reason, only those held (also) for it. */
    public List<StoredOrder> findHeld(HoldReason reason, int limit) {
        return findHeld(reason, limit, "updated_at desc");
    }

    /** Held orders, oldest first (the order they came in; backorders are served so); with a reason, only those held for it. */
    public List<StoredOrder> findHeldOldestFirst(HoldReason reason, int limit) {
        return findHeld(reason, limit, "created_at, order_id");
    }

    private List<StoredOrder> findHeld(HoldReason reason, int limit, String orderBy) {
        String byReason = reason == null ? "" : " and (',' || hold_reasons || ',') like :reason";
        return jdbc.query("select " + ORDER_COLUMNS + " from orders where status = :status" + byReason
                        + " order by " + orderBy + " limit :limit",
                new MapSqlParameterSource("status", OrderStatus.ON_HOLD.name()).addValue("limit", limit)
                        .addValue("reason", reason == null ? null : "%," + reason.name() + ",%"), ORDER);
    }

    void insert(StoredOrder o) {
        jdbc.update("insert into orders (" + ORDER_COLUMNS + ") values (:orderId, :channel, :account, :cid, :number, "
                + ":status, :reasons, :detail, :canonical, :raw, :channelUpdatedAt, :correlationId, :response, :now, :now, 0, "
                + ":dispatchAction, :dispatchSeq)",
                params(o));
    }

    /** Optimistic update: false when someone else changed the order since it was read. */
    boolean update(StoredOrder o) {
        return jdbc.update("update orders set channel_order_number = :number, status = :status, hold_reasons = :reasons, "
                + "hold_detail = :detail, canonical = :canonical, raw_message_id = :raw, "
                + "channel_updated_at = :channelUpdatedAt, correlation_id = :correlationId, "
                + "endpoint_response = :response, dispatch_action = :dispatchAction, dispatch_seq = :dispatchSeq, "
                + "updated_at = :now, version = version + 1 "
                + "where order_id = :orderId and version = :version", params(o)) == 1;
    }

    public void addTimeline(String orderId, String stage, OrderStatus status, String cause, String correlationId) {
        jdbc.update("insert into order_timeline (order_id, at, stage, status, cause, correlation_id) "
                        + "values (:id, :at, :stage, :status, :cause, :cid)",
                new MapSqlParameterSource("id", orderId).addValue("at", utc(Instant.now()))
                        .addValue("stage", StoredText.fit(stage, 32)).addValue("status", status.name())
                        .addValue("cause", StoredText.fit(cause, 2000)).addValue("cid", StoredText.fit(correlationId, 64)));
    }

    public List<TimelineEntry> timeline(String orderId) {
        return jdbc.query("select at, stage, status, cause, correlation_id from order_timeline where order_id = :id "
                        + "order by id", new MapSqlParameterSource("id", orderId),
                (rs, i) -> new TimelineEntry(instant(rs, 1), rs.getString(2), OrderStatus.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getString(5)));
    }

    private static MapSqlParameterSource params(StoredOrder o) {
        return new MapSqlParameterSource("orderId", o.orderId()).addValue("channel", StoredText.fit(o.channel(), 32))
                .addValue("account", StoredText.fit(o.sourceAccount(), 255))
                .addValue("cid", StoredText.fit(o.channelOrderId(), 128))
                .addValue("number", StoredText.fit(o.channelOrderNumber(), 128)).addValue("status", o.status().name())
                .addValue("reasons", o.holdReasons() == null || o.holdReasons().isEmpty() ? null
                        : String.join(",", o.holdReasons()))
                .addValue("detail", StoredText.clean(o.holdDetail())).addValue("canonical", StoredText.clean(o.canonical()))
                .addValue("raw", o.rawMessageId()).addValue("channelUpdatedAt", utc(o.channelUpdatedAt()))
                .addValue("correlationId", StoredText.fit(o.correlationId(), 64))
                .addValue("response", StoredText.clean(o.endpointResponse()))
                .addValue("now", utc(Instant.now())).addValue("version", o.version())
                .addValue("dispatchAction", dispatch(o).pending() ? dispatch(o).action().name() : null)
                .addValue("dispatchSeq", dispatch(o).seq());
    }

    private static StoredOrder.Dispatch dispatch(StoredOrder o) {
        return o.dispatch() == null ? StoredOrder.Dispatch.NONE : o.dispatch();
    }

    private static final RowMapper<StoredOrder> ORDER = (rs, i) -> new StoredOrder(
            rs.getString("order_id"), rs.getString("channel"), rs.getString("source_account"),
            rs.getString("channel_order_id"), rs.getString("channel_order_number"),
            OrderStatus.valueOf(rs.getString("status")),
            rs.getString("hold_reasons") == null ? List.of() : Arrays.asList(rs.getString("hold_reasons").split(",")),
            rs.getString("hold_detail"), rs.getString("canonical"), rs.getString("raw_message_id"),
            instant(rs, "channel_updated_at"), rs.getString("correlation_id"), rs.getString("endpoint_response"),
            instant(rs, "created_at"), instant(rs, "updated_at"), rs.getInt("version"),
            new StoredOrder.Dispatch(rs.getString("dispatch_action") == null ? DispatchAction.NONE
                    : DispatchAction.valueOf(rs.getString("dispatch_action")), rs.getInt("dispatch_seq")));

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, String col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
