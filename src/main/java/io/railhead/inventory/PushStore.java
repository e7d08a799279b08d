package io.railhead.inventory;

import static io.railhead.inventory.LedgerStore.instant;
import static io.railhead.inventory.LedgerStore.utc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/**
 * The desired-state table ({@code stock_push}, Flyway V9): per (channel, SKU) the quantity the channel should
 * list, what it last accepted, and the one push in flight. Not a queue of every change: a new value
 * overwrites the old, so a burst of changes collapses into the next push, and a value equal to what the
 * channel last accepted is never sent. Pushers claim dirty rows with a lease (rows another pusher holds are
 * skipped) and settle each with the channel's answer.
 */
@Repository
public class PushStore {

    private final NamedParameterJdbcTemplate jdbc;

    public PushStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One row as a pusher claimed it: the value being sent and when its oldest change was accepted. */
    public record Claimed(String sku, long sending, Long lastPushed, String channelItemId, Instant changedAt) {
    }

    /** One row as the ops API shows it. */
    public record Row(String channel, String sku, long desired, boolean dirty, Long sending, Long lastPushed,
                      Instant lastPushedAt, String lastResult, String lastError, int attempts, Instant nextAttemptAt) {
    }

    /** Per-channel figures: rows waiting to be pushed, units listed above what is available, the latest error. */
    public record Totals(long pending, long exposureUnits, String lastError) {
    }

    /** Sets the desired quantities of a channel's SKUs; returns how many rows changed. */
    public int setDesired(String channel, Map<String, Long> desired, Instant changedAt) {
        List<SqlParameterSource> rows = new ArrayList<>();
        desired.forEach((sku, d) -> rows.add(new MapSqlParameterSource("c", channel).addValue("sku", sku).addValue("d", d)
                .addValue("at", utc(changedAt))));
        SqlParameterSource[] batch = rows.toArray(SqlParameterSource[]::new);
        int[] updated = jdbc.batchUpdate("update stock_push set desired = :d, "
                + "dirty = (last_pushed is null or last_pushed <> :d), "
                + "changed_at = case when last_pushed is null or last_pushed <> :d or sending is not null "
                + "then coalesce(changed_at, :at) else null end "
                + "where channel = :c and sku = :sku and desired <> :d", batch);
        int changed = 0;
        List<SqlParameterSource> inserts = new ArrayList<>();
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] > 0) {
                changed++;
            } else {
                inserts.add(batch[i]);
            }
        }
        if (!inserts.isEmpty()) {
            int[] inserted = jdbc.batchUpdate("insert into stock_push (channel, sku, desired, changed_at, dirty) "
                    + "values (:c, :sku, :d, :at, true) on conflict do nothing", inserts.toArray(SqlParameterSource[]::new));
            for (int n : inserted) {
                changed += Math.max(0, n);
            }
        }
        return changed;
    }

    /** Claims up to {@code limit} dirty rows of a channel that are due and not in flight, oldest change first. */
    public List<Claimed> claim(String channel, int limit, Duration lease) {
        return claim(channel, limit, lease, Duration.ZERO);
    }

    /**
     * As {@link #claim(String, int, Duration)}, leaving out rows the channel accepted less than {@code gap} ago:
     * the changes of a burst on one SKU wait that long and go in one push.
     */
    public List<Claimed> claim(String channel, int limit, Duration lease, Duration gap) {
        Instant now = Instant.now();
        MapSqlParameterSource p = new MapSqlParameterSource("c", channel).addValue("now", utc(now)).addValue("limit", limit)
                .addValue("lease", utc(now.plus(lease))).addValue("gap", utc(now.minus(gap)));
        // Candidates first, without locks, read in the order of ix_stock_push_due (a locking read would lock every
        // dirty row before the limit); then each is leased by an update that only takes a row still due, so a
        // claimer on another instance that read the same candidates gets none of them twice.
        List<String> candidates = jdbc.queryForList("select sku from stock_push where channel = :c and dirty = true "
                + "and (lease_until is null or lease_until < :now) and (next_attempt_at is null or next_attempt_at <= :now) "
                + "and (last_pushed_at is null or last_pushed_at <= :gap) order by channel, dirty, changed_at limit :limit",
                p, String.class);
        if (candidates.isEmpty()) {
            return List.of();
        }
        int[] leased = jdbc.batchUpdate("update stock_push set sending = desired, sending_changed_at = coalesce(changed_at, "
                + "sending_changed_at), changed_at = null, lease_until = :lease where channel = :c and sku = :sku "
                + "and dirty = true and (lease_until is null or lease_until < :now)", candidates.stream().map(sku ->
                (SqlParameterSource) new MapSqlParameterSource(p.getValues()).addValue("sku", sku))
                .toArray(SqlParameterSource[]::new));
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < leased.length; i++) {
            if (leased[i] > 0) {
                mine.add(candidates.get(i));
            }
        }
        if (mine.isEmpty()) {
            return List.of();
        }
        // One key lookup per row: H2 answers "channel = ? and sku in (…)" by scanning every row of the channel
        // (seen at 100,000 SKUs: the claims, one at a time, were the push side's bound).
        List<Claimed> rows = new ArrayList<>(mine.size());
        for (String sku : mine) {
            rows.addAll(jdbc.query("select sku, sending, last_pushed, channel_item_id, sending_changed_at from stock_push "
                    + "where channel = :c and sku = :sku", key(channel, sku), (rs, i) -> new Claimed(rs.getString(1),
                    rs.getLong(2), (Long) rs.getObject(3, Long.class), rs.getString(4), instant(rs, 5))));
        }
        return rows;
    }

    /** The channel now lists what was sent. */
    public void accepted(String channel, String sku, String channelItemId) {
        jdbc.update("update stock_push set last_pushed = sending, last_pushed_at = :now, last_result = 'OK', last_error = null, "
                + "attempts = 0, next_attempt_at = null, dirty = (desired <> sending), "
                + "changed_at = case when desired <> sending then coalesce(changed_at, sending_changed_at) else null end, "
                + "channel_item_id = coalesce(:item, channel_item_id), sending = null, sending_changed_at = null, "
                + "lease_until = null where channel = :c and sku = :sku", key(channel, sku).addValue("item", channelItemId)
                .addValue("now", utc(Instant.now())));
    }

    /** The channel refused the value for good: shown, not sent again until the value changes. */
    public void refused(String channel, String sku, String message) {
        jdbc.update("update stock_push set last_result = 'REFUSED', last_error = :msg, attempts = 0, next_attempt_at = null, "
                + "dirty = (desired <> sending), "
                + "changed_at = case when desired <> sending then coalesce(changed_at, sending_changed_at) else null end, "
                + "sending = null, sending_changed_at = null, lease_until = null where channel = :c and sku = :sku",
                key(channel, sku).addValue("msg", cut(message)));
    }

    /** Not taken this time: sent again, with the latest value, from {@code next}. */
    public void retry(String channel, String sku, String message, Instant next) {
        jdbc.update("update stock_push set last_result = 'RETRY', last_error = :msg, attempts = attempts + 1, "
                + "next_attempt_at = :next, dirty = true, changed_at = coalesce(sending_changed_at, changed_at), "
                + "sending = null, sending_changed_at = null, lease_until = null where channel = :c and sku = :sku",
                key(channel, sku).addValue("msg", cut(message)).addValue("next", utc(next)));
    }

    public int attempts(String channel, String sku) {
        List<Integer> a = jdbc.queryForList("select attempts from stock_push where channel = :c and sku = :sku",
                key(channel, sku), Integer.class);
        return a.isEmpty() ? 0 : a.get(0);
    }

    /** When the channel's next dirty row comes due (a retry, a lease running out, the gap after a push), if any. */
    public Instant nextDue(String channel, Duration gap) {
        List<Instant> t = jdbc.query("select min(next_attempt_at), min(lease_until), min(last_pushed_at) from stock_push "
                + "where channel = :c and dirty = true", new MapSqlParameterSource("c", channel), (rs, i) -> {
                    Instant due = null;
                    for (Instant x : new Instant[] {instant(rs, 1), instant(rs, 2),
                            instant(rs, 3) == null ? null : instant(rs, 3).plus(gap)}) {
                        due = x == null ? due : due == null || x.isBefore(due) ? x : due;
                    }
                    return due;
                });
        return t.isEmpty() ? null : t.get(0);
    }

    /** Whether a channel has rows it could push now. */
    public boolean hasDue(String channel) {
        Instant now = Instant.now();
        return !jdbc.queryForList("select sku from stock_push where channel = :c and dirty = true "
                + "and (lease_until is null or lease_until < :now) and (next_attempt_at is null or next_attempt_at <= :now) "
                + "limit 1", new MapSqlParameterSource("c", channel).addValue("now", utc(now)), String.class).isEmpty();
    }

    public Totals totals(String channel) {
        MapSqlParameterSource p = new MapSqlParameterSource("c", channel);
        Map<String, Object> t = jdbc.queryForMap("select coalesce(sum(case when dirty then 1 else 0 end), 0) as pending, "
                + "coalesce(sum(case when last_pushed > desired then last_pushed - desired else 0 end), 0) as exposure "
                + "from stock_push where channel = :c", p);
        List<String> err = jdbc.queryForList("select last_error from stock_push where channel = :c and last_error is not null "
                + "and last_result <> 'OK' order by last_pushed_at desc nulls last limit 1", p, String.class);
        return new Totals(((Number) t.get("pending")).longValue(), ((Number) t.get("exposure")).longValue(),
                err.isEmpty() ? null : err.get(0));
    }

    public List<Row> rowsOf(String sku) {
        return jdbc.query("select channel, sku, desired, dirty, sending, last_pushed, last_pushed_at, last_result, last_error, "
                + "attempts, next_attempt_at from stock_push where sku = :sku order by channel", new MapSqlParameterSource("sku", sku),
                (rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4),
                        (Long) rs.getObject(5, Long.class), (Long) rs.getObject(6, Long.class), instant(rs, 7), rs.getString(8),
                        rs.getString(9), rs.getInt(10), instant(rs, 11)));
    }

    /** Marks every row of a channel to be sent again (a full resync); returns how many. */
    public int markAll(String channel) {
        return jdbc.update("update stock_push set dirty = true, last_pushed = null, attempts = 0, next_attempt_at = null, "
                + "changed_at = coalesce(changed_at, :now) where channel = :c", new MapSqlParameterSource("c", channel)
                .addValue("now", utc(Instant.now())));
    }

    private static MapSqlParameterSource key(String channel, String sku) {
        return new MapSqlParameterSource("c", channel).addValue("sku", sku);
    }

    private static String cut(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
