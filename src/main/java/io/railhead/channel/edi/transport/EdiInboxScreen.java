package io.railhead.channel.edi.transport;

import io.railhead.channel.FileRejection;
import io.railhead.channel.edi.EdiHeaders;
import io.railhead.channel.edi.EdiProperties;
import io.railhead.channel.edi.EdiStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The first step of the file-drop and SFTP inbox routes ({@code edi-file-inbox}, {@code edi-sftp-inbox}):
 * decides from a file's length, before reading it, whether it may be received. A file over
 * {@code railhead.edi.max-file-size} is refused unread (SFTP downloads it as a stream, so it is not
 * fetched either), a 0-byte file is refused, and so is one that cannot be read; each gets an entry in
 * the EDI exception list (with an archive record of its name and size, no content) and is moved to
 * {@code error/} beside the inbox (for a file drop with a {@code .report.txt} next to it). Any other
 * file becomes the body as bytes, read with the same bound, for {@code direct:edi-receive}.
 */
@Component("ediInboxScreen")
public class EdiInboxScreen {

    /** Exchange property: the file was refused and must not be received. */
    public static final String REFUSED = "railheadEdiRefused";
    /** Header the inbox routes' move option reads: the folder (under the inbox) the file goes to. */
    public static final String MOVE_TO = "RailheadEdiMoveTo";
    /** Archive status of a file that was refused before its content was stored. */
    public static final String NOT_STORED = "NOT_STORED";

    private static final Logger log = LoggerFactory.getLogger(EdiInboxScreen.class);

    private final EdiStore store;
    private final EdiProperties properties;

    public EdiInboxScreen(EdiStore store, EdiProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    public void screen(Exchange exchange) {
        Message m = exchange.getMessage();
        long max = properties.maxFileSize().toBytes();
        long length = m.getHeader(Exchange.FILE_LENGTH, -1L, Long.class);
        if (length > max) {
            refuse(exchange, FileRejection.TOO_LARGE, length, tooLarge(length + " bytes", max));
            return;
        }
        if (length == 0) {
            refuse(exchange, FileRejection.EMPTY_FILE, 0, "the file is empty (0 bytes)");
            return;
        }
        byte[] bytes;
        try (InputStream in = m.getMandatoryBody(InputStream.class)) {
            bytes = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
        } catch (IOException | org.apache.camel.InvalidPayloadException | RuntimeException e) {
            refuse(exchange, FileRejection.UNREADABLE, Math.max(length, 0), "the file could not be read: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
            return;
        }
        if (bytes.length > max) {
            refuse(exchange, FileRejection.TOO_LARGE, bytes.length, tooLarge("more than " + max + " bytes", max));
        } else if (bytes.length == 0) {
            refuse(exchange, FileRejection.EMPTY_FILE, 0, "the file is empty (0 bytes)");
        } else {
            m.setBody(bytes);
        }
    }

    private static String tooLarge(String size, long max) {
        return "the file has " + size + ", over the limit railhead.edi.max-file-size (" + max + " bytes); "
                + "it was not read";
    }

    private void refuse(Exchange exchange, FileRejection reason, long size, String detail) {
        Message m = exchange.getMessage();
        String transport = m.getHeader(EdiHeaders.TRANSPORT, String.class);
        String partner = m.getHeader(EdiHeaders.PARTNER, String.class);
        String fileName = m.getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String archiveId = "edi-" + UUID.randomUUID();
        String where = "error/ of the partner's " + ("sftp".equals(transport) ? "inbox on its SFTP server" : "inbox");
        store.archiveRefused(archiveId, transport, partner, fileName, size, NOT_STORED,
                reason + ": " + detail + "; the file is in " + where, UUID.randomUUID().toString());
        store.addException(archiveId, partner, reason.name(), "file " + fileName + ": " + detail + "; moved to "
                + where);
        exchange.setProperty(REFUSED, true);
        m.setHeader(MOVE_TO, "error");
        if ("file".equals(transport)) {
            writeReport(m, fileName, reason, size, detail, archiveId);
        }
        log.warn("EDI file {} from partner {} ({}) refused, {}: {}", fileName, partner, transport, reason, detail);
    }

    /** A file drop gets the reason beside the file in error/, for whoever looks at the folder. */
    private static void writeReport(Message m, String fileName, FileRejection reason, long size, String detail,
                                    String archiveId) {
        String parent = m.getHeader(Exchange.FILE_PARENT, String.class);
        if (parent == null) {
            return;
        }
        String report = "file: " + fileName + "\nsize: " + size + " bytes\nprocessed: " + Instant.now()
                + "\noutcome: error\nreason: " + reason + "\ndetail: " + detail + "\nexception entry: archive " + archiveId
                + " (GET /api/edi/exceptions)\n";
        try {
            Path dir = Files.createDirectories(Path.of(parent).resolve("error"));
            Files.writeString(dir.resolve(fileName + ".report.txt"), report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("EDI file {}: the report could not be written to {}/error: {}", fileName, parent, e.getMessage());
        }
    }
}
