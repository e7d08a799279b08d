package io.railhead.channel.edi;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The EDI tables of Flyway V3: the archive of every received file, the interchange control numbers
 * seen per partner, the outbound documents and the exception list of rejected input.
 */
@Repository
public class EdiStore {

    private final NamedParameterJdbcTemplate jdbc;

    public EdiStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** An archived inbound file. */
    public record Archived(String id, String transport, String partnerId, String fileName, Instant receivedAt,
                           int sizeBytes, String status, String detail, String correlationId) {
    }

    /** A rejected or unprocessable input, pointing at its archived file. */
    public record ExceptionEntry(long id, String archiveId, String partnerId, String reason, String detail,
                                 Instant createdAt, String fileName, String transport) {
    }

    /** A generated outbound document. */
    public record Outbound(String id, String partnerId, String document, String eventKey, String orderId,
                           String interchangeNumber, String groupNumber, String setNumber, String status,
                           String detail, String payload, String correlationId, Instant createdAt, Instant sentAt,
                           String ackStatus, String ackDetail, Instant ackedAt) {

        public Outbound(String id, String partnerId, String document, String eventKey, String orderId,
                        String interchangeNumber, String groupNumber, String setNumber, String status, String detail,
                        String payload, String correlationId, Instant createdAt, Instant sentAt) {
            this(id, partnerId, document, eventKey, orderId, interchangeNumber, groupNumber, setNumber, status, detail,
                    payload, correlationId, createdAt, sentAt, null, null, null);
        }
    }

    public void archive(String id, String transport, String partnerId, String fileName, byte[] payload,
                        String correlationId) {
        jdbc.update("""
                insert into edi_archive (id, transport, partner_id, file_name, received_at, size_bytes, payload, status,
                                         correlation_id)
                values (:id, :transport, :partner, :file, :at, :size, :payload, 'RECEIVED', :cid)""",
                new MapSqlParameterSource().addValue("id", id).addValue("transport", transport)
                        .addValue("partner", partnerId).addValue("file", fileName)
                        .addValue("at", Timestamp.from(Instant.now())).addValue("size", payload.length)
                        .addValue("payload", payload).addValue("cid", correlationId));
    }

    /**
     * Records a file a transport refused before storing it (too large, empty, unreadable): its name,
     * its size and the reason, with no content (or the empty content of a 0-byte file), so that its
     * exception entry points at something; the file itself stays where the transport left it.
     */
    public void archiveRefused(String id, String transport, String partnerId, String fileName, long size, String status,
                               String detail, String correlationId) {
        jdbc.update("""
                insert into edi_archive (id, transport, partner_id, file_name, received_at, size_bytes, payload, status,
                                         detail, correlation_id)
                values (:id, :transport, :partner, :file, :at, :size, :payload, :status, :detail, :cid)""",
                new MapSqlParameterSource().addValue("id", id).addValue("transport", transport)
                        .addValue("partner", partnerId).addValue("file", fileName)
                        .addValue("at", Timestamp.from(Instant.now()))
                        .addValue("size", (int) Math.min(size, Integer.MAX_VALUE)).addValue("payload", new byte[0])
                        .addValue("status", status).addValue("detail", truncate(detail)).addValue("cid", correlationId));
    }

    public void markArchive(String id, String partnerId, String status, String detail) {
        jdbc.update("update edi_archive set status = :status, detail = :detail, "
                        + "partner_id = coalesce(:partner, partner_id) where id = :id",
                new MapSqlParameterSource().addValue("id", id).addValue("status", status)
                        .addValue("detail", truncate(detail)).addValue("partner", partnerId));
    }

    public Optional<byte[]> archivedPayload(String id) {
        return jdbc.query("select payload from edi_archive where id = :id", Map.of("id", id),
                (rs, n) -> rs.getBytes(1)).stream().findFirst();
    }

    public Optional<Archived> findArchive(String id) {
        return jdbc.query("""
                select id, transport, partner_id, file_name, received_at, size_bytes, status, detail, correlation_id
                from edi_archive where id = :id""", Map.of("id", id), (rs, n) -> new Archived(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getInt(6),
                rs.getString(7), rs.getString(8), rs.getString(9))).stream().findFirst();
    }

    /**
     * Claims an inbound interchange control number for a partner. True when it is new, or was
     * claimed by this same archived file before (a redelivery of it); false for a duplicate.
     */
    public boolean claimInterchange(String partnerId, String controlNumber, String archiveId) {
        MapSqlParameterSource params = new MapSqlParameterSource().addValue("partner", partnerId)
                .addValue("number", controlNumber).addValue("archive", archiveId)
                .addValue("at", Timestamp.from(Instant.now()));
        int inserted = jdbc.update("""
                insert into edi_interchange_in (partner_id, control_number, archive_id, received_at)
                values (:partner, :number, :archive, :at) on conflict do nothing""", params);
        return inserted == 1 || jdbc.queryForList("select archive_id from edi_interchange_in where "
                + "partner_id = :partner and control_number = :number", params, String.class).contains(archiveId);
    }

    public void addException(String archiveId, String partnerId, String reason, String detail) {
        jdbc.update("""
                insert into edi_exception (archive_id, partner_id, reason, detail, created_at)
                values (:archive, :partner, :reason, :detail, :at)""",
                new MapSqlParameterSource().addValue("archive", archiveId).addValue("partner", partnerId)
                        .addValue("reason", reason).addValue("detail", truncate(detail))
                        .addValue("at", Timestamp.from(Instant.now())));
    }

    public List<ExceptionEntry> exceptions(String partnerId, int limit) {
        return jdbc.query("""
                select e.id, e.archive_id, e.partner_id, e.reason, e.detail, e.created_at, a.file_name, a.transport
                from edi_exception e join edi_archive a on a.id = e.archive_id
                where (cast(:partner as varchar) is null or e.partner_id = :partner)
                order by e.id desc limit :limit""",
                new MapSqlParameterSource().addValue("partner", partnerId).addValue("limit", limit),
                (rs, n) -> new ExceptionEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getString(8)));
    }

    /** Inserts an outbound document; false when one already exists for the partner and event. */
    public boolean insertOutbound(Outbound o) {
        return jdbc.update("""
                    insert into edi_outbound (id, partner_id, document, event_key, order_id, interchange_number,
                        group_number, set_number, status, detail, payload, correlation_id, created_at)
                    values (:id, :partner, :doc, :key, :order, :isa, :gs, :st, :status, :detail, :payload, :cid, :at)
                    on conflict do nothing""",
                    new MapSqlParameterSource().addValue("id", o.id()).addValue("partner", o.partnerId())
                            .addValue("doc", o.document()).addValue("key", o.eventKey()).addValue("order", o.orderId())
                            .addValue("isa", o.interchangeNumber()).addValue("gs", o.groupNumber())
                            .addValue("st", o.setNumber()).addValue("status", o.status())
                            .addValue("detail", truncate(o.detail())).addValue("payload", o.payload())
                            .addValue("cid", o.correlationId()).addValue("at", Timestamp.from(o.createdAt()))) == 1;
    }

    public void markOutboundSent(String id) {
        jdbc.update("update edi_outbound set status = 'SENT', sent_at = :at where id = :id and status <> 'SENT'",
                new MapSqlParameterSource().addValue("id", id).addValue("at", Timestamp.from(Instant.now())));
    }

    public Optional<Outbound> findOutbound(String partnerId, String eventKey) {
        return queryOutbound("where partner_id = :partner and event_key = :key",
                new MapSqlParameterSource().addValue("partner", partnerId).addValue("key", eventKey), 1)
                .stream().findFirst();
    }

    /**
     * Records the partner's 997 verdict on the documents we sent in one group (our GS06).
     *
     * @return how many documents it applied to
     */
    public int acknowledgeOutbound(String partnerId, String groupNumber, String ackStatus, String detail) {
        return jdbc.update("""
                update edi_outbound set ack_status = :status, ack_detail = :detail, acked_at = :at
                where partner_id = :partner and group_number = :group and document <> 'TA1'""",
                new MapSqlParameterSource().addValue("partner", partnerId).addValue("group", groupNumber)
                        .addValue("status", ackStatus).addValue("detail", truncate(detail))
                        .addValue("at", Timestamp.from(Instant.now())));
    }

    /** Documents sent before the cut-off that the partner has not acknowledged with a 997. */
    public List<Outbound> unacknowledged(String partnerId, Instant sentBefore, int limit) {
        return queryOutbound("where status = 'SENT' and ack_status is null and document not in ('997', 'TA1') "
                        + "and sent_at < :before and (cast(:partner as varchar) is null or partner_id = :partner)",
                new MapSqlParameterSource().addValue("partner", partnerId)
                        .addValue("before", Timestamp.from(sentBefore)), limit);
    }

    public Optional<Outbound> findOutboundById(String id) {
        return queryOutbound("where id = :id", new MapSqlParameterSource().addValue("id", id), 1).stream().findFirst();
    }

    public List<Outbound> outboundForOrder(String orderId) {
        return queryOutbound("where order_id = :order", new MapSqlParameterSource().addValue("order", orderId), 100);
    }

    public List<Outbound> outbound(String partnerId, String document, int limit) {
        return queryOutbound("where (cast(:partner as varchar) is null or partner_id = :partner) "
                        + "and (cast(:doc as varchar) is null or document = :doc)",
                new MapSqlParameterSource().addValue("partner", partnerId).addValue("doc", document), limit);
    }

    private List<Outbound> queryOutbound(String where, MapSqlParameterSource params, int limit) {
        params.addValue("limit", limit);
        return jdbc.query("""
                select id, partner_id, document, event_key, order_id, interchange_number, group_number, set_number,
                       status, detail, payload, correlation_id, created_at, sent_at, ack_status, ack_detail, acked_at
                from edi_outbound
                """ + where + " order by created_at desc, id desc limit :limit", params,
                (rs, n) -> new Outbound(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), rs.getString(11), rs.getString(12), rs.getTimestamp(13).toInstant(),
                        rs.getTimestamp(14) == null ? null : rs.getTimestamp(14).toInstant(), rs.getString(15),
                        rs.getString(16), rs.getTimestamp(17) == null ? null : rs.getTimestamp(17).toInstant()));
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
    }
}
