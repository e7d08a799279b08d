package io.railhead.channel;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The list of files a channel's drop folder could not use, or used only in part (Flyway V6, table
 * {@code file_exception}): what operators look at when a store says its sales did not arrive. The
 * file itself stays where the entry says ({@code error/} or {@code done/} of the folder, beside its
 * report), so nothing is lost; the POS CSV intake writes here, the ops API lists it.
 */
@Repository
public class FileExceptions {

    private final NamedParameterJdbcTemplate jdbc;

    public FileExceptions(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One file, why it was not (fully) used, and where it is now. */
    public record Entry(long id, String channel, String source, String fileName, FileRejection reason, String detail,
                        long sizeBytes, String keptAt, Instant createdAt) {
    }

    public void add(String channel, String source, String fileName, FileRejection reason, String detail,
                    long sizeBytes, String keptAt) {
        jdbc.update("""
                insert into file_exception (channel, source, file_name, reason, detail, size_bytes, kept_at, created_at)
                values (:channel, :source, :file, :reason, :detail, :size, :kept, :at)""",
                new MapSqlParameterSource().addValue("channel", channel).addValue("source", truncate(source, 1024))
                        .addValue("file", truncate(fileName, 512)).addValue("reason", reason.name())
                        .addValue("detail", truncate(detail, 4000)).addValue("size", sizeBytes)
                        .addValue("kept", truncate(keptAt, 1024)).addValue("at", Timestamp.from(Instant.now())));
    }

    /** Newest first; {@code channel} null for every channel. */
    public List<Entry> list(String channel, int limit) {
        return jdbc.query("""
                select id, channel, source, file_name, reason, detail, size_bytes, kept_at, created_at
                from file_exception where (cast(:channel as varchar) is null or channel = :channel)
                order by id desc limit :limit""",
                new MapSqlParameterSource().addValue("channel", channel).addValue("limit", limit),
                (rs, n) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        FileRejection.valueOf(rs.getString(5)), rs.getString(6), rs.getLong(7), rs.getString(8),
                        rs.getTimestamp(9).toInstant()));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
