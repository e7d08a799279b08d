package io.railhead.channel.edi;

import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Durable per-partner sequences for the control numbers of outbound documents (ISA13, GS06,
 * ST02). Each number is taken in its own committed database transaction with the row locked, so
 * it is never handed out twice: not after a restart, not to concurrent senders, not to another
 * hub instance on the same database. A number taken for a document that is then not sent is
 * skipped, never reused (gaps are allowed by X12; repeats are not).
 */
@Component
public class ControlNumbers {

    /** The three envelope levels with their own sequence. */
    public enum Kind { INTERCHANGE, GROUP, SET }

    /** ISA13 is nine digits; GS06 and ST02 are kept to nine digits as well. */
    static final long MAX = 999_999_999L;

    private final NamedParameterJdbcTemplate jdbc;

    public ControlNumbers(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public long next(String partnerId, Kind kind) {
        Map<String, Object> key = Map.of("partner", partnerId, "kind", kind.name());
        jdbc.update("insert into edi_control_number (partner_id, kind, last_value) values (:partner, :kind, 0) "
                + "on conflict do nothing", key);
        long last = jdbc.queryForObject("select last_value from edi_control_number where partner_id = :partner "
                + "and kind = :kind for update", key, Long.class);
        long next = last >= MAX ? 1 : last + 1;
        jdbc.update("update edi_control_number set last_value = :next where partner_id = :partner and kind = :kind",
                Map.of("partner", partnerId, "kind", kind.name(), "next", next));
        return next;
    }
}
