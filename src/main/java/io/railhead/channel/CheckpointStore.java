package io.railhead.channel;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Durable positions of the channel pollers (one value per channel, account and name), so a
 * restarted hub resumes where the last complete window ended: nothing skipped, nothing lost.
 */
@Repository
public class CheckpointStore {

    private final NamedParameterJdbcTemplate jdbc;

    public CheckpointStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> get(String channel, String account, String name) {
        return jdbc.query("select checkpoint_value from channel_checkpoint where channel = :channel and account = :account "
                        + "and name = :name", key(channel, account, name), (rs, i) -> rs.getString(1))
                .stream().findFirst();
    }

    @Transactional
    public void put(String channel, String account, String name, String value) {
        MapSqlParameterSource p = key(channel, account, name).addValue("value", value)
                .addValue("now", Instant.now().atOffset(ZoneOffset.UTC));
        int updated = jdbc.update("update channel_checkpoint set checkpoint_value = :value, updated_at = :now "
                + "where channel = :channel and account = :account and name = :name", p);
        if (updated == 0) {
            jdbc.update("insert into channel_checkpoint (channel, account, name, checkpoint_value, updated_at) "
                    + "values (:channel, :account, :name, :value, :now)", p);
        }
    }

    private static MapSqlParameterSource key(String channel, String account, String name) {
        return new MapSqlParameterSource("channel", channel).addValue("account", account).addValue("name", name);
    }
}
