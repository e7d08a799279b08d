package io.railhead.inventory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/**
 * The ledger's tables (Flyway V9): the per-SKU lock and reserved total ({@code stock_sku}), the quantity per
 * SKU, location and state ({@code stock_level}) and the journal ({@code stock_journal}). Callers own the
 * transaction and lock the SKUs they change first ({@link #lock}), in one order, so concurrent changes of
 * the same SKU queue up instead of deadlocking.
 */
@Repository
public class LedgerStore {

    private static final int IN_LIST = 500;

    private final NamedParameterJdbcTemplate jdbc;

    public LedgerStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One state's value at a location and the source time of the snapshot it rests on. */
    public record Level(String sku, String location, StockEvent.State state, long quantity, Instant snapshotAt) {
    }

    /** A journal row: what changed, why, and from what to what. */
    public record Entry(long seq, String sku, String location, String state, String kind, String reason, String eventId,
                        String source, String orderId, Long delta, Long before, Long after, boolean applied,
                        Instant occurredAt, Instant recordedAt, String correlationId, String note) {
    }

    /** Creates the SKUs' rows if new and locks them until the transaction ends; returns their reserved totals. */
    public Map<String, Long> lock(Collection<String> skus) {
        TreeSet<String> sorted = new TreeSet<>(skus);
        OffsetDateTime now = utc(Instant.now());
        List<SqlParameterSource> rows = new ArrayList<>();
        for (String sku : sorted) {
            rows.add(new MapSqlParameterSource("sku", sku).addValue("now", now));
        }
        jdbc.batchUpdate("insert into stock_sku (sku, reserved, updated_at) values (:sku, 0, :now) on conflict do nothing",
                rows.toArray(SqlParameterSource[]::new));
        Map<String, Long> reserved = new HashMap<>();
        for (List<String> part : parts(sorted)) {
            jdbc.query("select sku, reserved from stock_sku where sku in (:skus) order by sku for update",
                    new MapSqlParameterSource("skus", part), rs -> {
                        reserved.put(rs.getString(1), rs.getLong(2));
                    });
        }
        return reserved;
    }

    /** The reserved totals of SKUs (without locking). */
    public Map<String, Long> reserved(Collection<String> skus) {
        Map<String, Long> reserved = new HashMap<>();
        for (List<String> part : parts(new TreeSet<>(skus))) {
            jdbc.query("select sku, reserved from stock_sku where sku in (:skus)", new MapSqlParameterSource("skus", part),
                    rs -> {
                        reserved.put(rs.getString(1), rs.getLong(2));
                    });
        }
        return reserved;
    }

    public void addReserved(String sku, long delta) {
        jdbc.update("update stock_sku set reserved = reserved + :d, updated_at = :now where sku = :sku",
                new MapSqlParameterSource("d", delta).addValue("sku", sku).addValue("now", utc(Instant.now())));
    }

    /** Every level of the SKUs, by SKU. */
    public Map<String, List<Level>> levels(Collection<String> skus) {
        Map<String, List<Level>> out = new HashMap<>();
        for (List<String> part : parts(new TreeSet<>(skus))) {
            jdbc.query("select sku, location, state, quantity, snapshot_at from stock_level where sku in (:skus)",
                    new MapSqlParameterSource("skus", part), rs -> {
                        Level l = new Level(rs.getString(1), rs.getString(2), StockEvent.State.valueOf(rs.getString(3)),
                                rs.getLong(4), instant(rs, 5));
                        out.computeIfAbsent(l.sku(), k -> new ArrayList<>()).add(l);
                    });
        }
        return out;
    }

    /** Every SKU the ledger knows, in order, after {@code after} (null: from the start). */
    public List<String> skus(String after, int limit) {
        return jdbc.queryForList("select sku from stock_sku where sku > :after order by sku limit :limit",
                new MapSqlParameterSource("after", after == null ? "" : after).addValue("limit", limit), String.class);
    }

    public void saveLevels(Collection<Level> levels) {
        OffsetDateTime now = utc(Instant.now());
        List<SqlParameterSource> rows = new ArrayList<>();
        for (Level l : levels) {
            rows.add(new MapSqlParameterSource("sku", l.sku()).addValue("loc", l.location()).addValue("state", l.state().name())
                    .addValue("q", l.quantity()).addValue("snap", utc(l.snapshotAt())).addValue("now", now));
        }
        SqlParameterSource[] batch = rows.toArray(SqlParameterSource[]::new);
        int[] updated = jdbc.batchUpdate("update stock_level set quantity = :q, snapshot_at = :snap, updated_at = :now "
                + "where sku = :sku and location = :loc and state = :state", batch);
        List<SqlParameterSource> inserts = new ArrayList<>();
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                inserts.add(batch[i]);
            }
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("insert into stock_level (sku, location, state, quantity, snapshot_at, updated_at) "
                    + "values (:sku, :loc, :state, :q, :snap, :now)", inserts.toArray(SqlParameterSource[]::new));
        }
    }

    /**
     * The sums of the deltas journaled for the SKUs' states after {@code after} (source time), one level per SKU,
     * location and state that has any (its snapshot time unset).
     */
    public List<Level> deltasAfter(Collection<String> skus, Instant after) {
        List<Level> out = new ArrayList<>();
        for (List<String> part : parts(new TreeSet<>(skus))) {
            jdbc.query("select sku, location, state, coalesce(sum(delta), 0) from stock_journal where sku in (:skus) "
                    + "and kind = 'DELTA' and applied = true and occurred_at > :after group by sku, location, state",
                    new MapSqlParameterSource("skus", part).addValue("after", utc(after)), rs -> {
                        out.add(new Level(rs.getString(1), rs.getString(2), StockEvent.State.valueOf(rs.getString(3)),
                                rs.getLong(4), null));
                    });
        }
        return out;
    }

    public void journal(List<Entry> entries) {
        OffsetDateTime now = utc(Instant.now());
        List<SqlParameterSource> rows = new ArrayList<>();
        for (Entry e : entries) {
            rows.add(new MapSqlParameterSource("sku", e.sku()).addValue("loc", e.location()).addValue("state", e.state())
                    .addValue("kind", e.kind()).addValue("reason", e.reason()).addValue("event", e.eventId())
                    .addValue("source", e.source()).addValue("order", e.orderId()).addValue("delta", e.delta())
                    .addValue("before", e.before()).addValue("after", e.after()).addValue("applied", e.applied())
                    .addValue("at", utc(e.occurredAt())).addValue("now", now).addValue("cid", e.correlationId())
                    .addValue("note", e.note() == null || e.note().length() <= 255 ? e.note() : e.note().substring(0, 255)));
        }
        jdbc.batchUpdate("insert into stock_journal (sku, location, state, kind, reason, event_id, source, order_id, delta, "
                + "before_qty, after_qty, applied, occurred_at, recorded_at, correlation_id, note) values (:sku, :loc, :state, "
                + ":kind, :reason, :event, :source, :order, :delta, :before, :after, :applied, :at, :now, :cid, :note)",
                rows.toArray(SqlParameterSource[]::new));
    }

    /** A SKU's journal, newest first, before {@code beforeSeq} (null: from the newest). */
    public List<Entry> journalOf(String sku, Long beforeSeq, int limit) {
        return jdbc.query("select seq, sku, location, state, kind, reason, event_id, source, order_id, delta, before_qty, "
                + "after_qty, applied, occurred_at, recorded_at, correlation_id, note from stock_journal where sku = :sku "
                + "and seq < :before order by seq desc limit :limit", new MapSqlParameterSource("sku", sku)
                .addValue("before", beforeSeq == null ? Long.MAX_VALUE : beforeSeq).addValue("limit", limit), (rs, i) ->
                new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getString(9), (Long) rs.getObject(10, Long.class),
                        (Long) rs.getObject(11, Long.class), (Long) rs.getObject(12, Long.class), rs.getBoolean(13),
                        instant(rs, 14), instant(rs, 15), rs.getString(16), rs.getString(17)));
    }

    public boolean known(String sku) {
        return !jdbc.queryForList("select sku from stock_sku where sku = :sku", new MapSqlParameterSource("sku", sku),
                String.class).isEmpty();
    }

    static List<List<String>> parts(Collection<String> all) {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        for (String s : all) {
            cur.add(s);
            if (cur.size() == IN_LIST) {
                out.add(cur);
                cur = new ArrayList<>();
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
