package io.railhead.channel.edi;

import io.railhead.shared.Headers;
import io.railhead.shared.HubProperties;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one door for EDI files from every transport (file drop, SFTP, AS2): stores the file exactly as
 * received in the archive, then puts it on the durable EDI queue, and only then returns, so the
 * transport may delete it at the partner's side, move it to {@code done/} or answer with an MDN.
 * Parsing happens on the queue's consumer; a file that cannot be parsed is still in the archive.
 */
@Component("ediInbound")
public class EdiInbound {

    private static final Logger log = LoggerFactory.getLogger(EdiInbound.class);

    private final EdiStore store;
    private final ProducerTemplate producer;
    private final HubProperties hub;

    public EdiInbound(EdiStore store, ProducerTemplate producer, HubProperties hub) {
        this.store = store;
        this.producer = producer;
        this.hub = hub;
    }

    /** Camel entry ({@code direct:edi-receive}): body = the file's bytes, headers as in {@link EdiHeaders}. */
    public String receive(Exchange exchange) throws org.apache.camel.InvalidPayloadException {
        byte[] payload = exchange.getMessage().getMandatoryBody(byte[].class);
        String transport = exchange.getMessage().getHeader(EdiHeaders.TRANSPORT, "file", String.class);
        String partner = exchange.getMessage().getHeader(EdiHeaders.PARTNER, String.class);
        String fileName = exchange.getMessage().getHeader(EdiHeaders.FILE_NAME, String.class);
        String correlationId = exchange.getMessage().getHeader(Headers.CORRELATION_ID, String.class);
        String archiveId = receive(transport, partner, fileName, payload, correlationId);
        exchange.getMessage().setHeader(EdiHeaders.ARCHIVE_ID, archiveId);
        return archiveId;
    }

    public String receive(String transport, String partnerHint, String fileName, byte[] payload, String correlationId) {
        String archiveId = "edi-" + UUID.randomUUID();
        String cid = correlationId == null || correlationId.isBlank() ? UUID.randomUUID().toString() : correlationId;
        store.archive(archiveId, transport, partnerHint, fileName, payload, cid);
        queue(archiveId, transport, partnerHint, payload, cid);
        log.info("EDI file archived as {} ({} bytes, transport {}, partner {})", archiveId, payload.length,
                transport, partnerHint == null ? "?" : partnerHint);
        return archiveId;
    }

    /** Queues an archived file again (after its cause was fixed), under its archive id. */
    public void requeue(EdiStore.Archived file, byte[] payload) {
        queue(file.id(), file.transport(), file.partnerId(), payload, UUID.randomUUID().toString());
        log.info("EDI file {} queued again for processing", file.id());
    }

    private void queue(String archiveId, String transport, String partnerHint, byte[] payload, String cid) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(EdiHeaders.ARCHIVE_ID, archiveId);
        headers.put(EdiHeaders.TRANSPORT, transport);
        if (partnerHint != null) {
            headers.put(EdiHeaders.PARTNER, partnerHint);
        }
        headers.put(Headers.CORRELATION_ID, cid);
        producer.sendBodyAndHeaders("jms:queue:" + hub.queues().ediReceived(), payload, headers);
    }
}
