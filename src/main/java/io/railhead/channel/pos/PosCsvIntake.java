package io.railhead.channel.pos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.channel.ChannelIntake;
import io.railhead.channel.FileExceptions;
import io.railhead.channel.FileRejection;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Store sales from POS systems without an API, dropped as CSV files (route {@code channel-pos-csv}).
 * The file's length is checked before it is read (over {@code max-file-size}: refused unread), then
 * it is streamed through {@link PosCsvParser} as strict UTF-8. Every well-formed sale goes on the
 * intake queue as one payload ({@code channel=pos}, {@code sourceAccount=<store id>}, event key
 * store + sale id, so a file dropped twice changes nothing), in batched broker transactions.
 * A report is written next to the file, which then moves to {@code done/} (or {@code error/} when
 * nothing in it could be used); a file not used in full also gets a file exception entry.
 */
@Component("posCsvIntake")
public class PosCsvIntake {

    private static final Logger LOG = LoggerFactory.getLogger(PosCsvIntake.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Header the route's move option reads: the folder the file goes to. */
    public static final String OUTCOME = "RailheadPosOutcome";

    private final ChannelIntake intake;
    private final FileExceptions exceptions;
    private final PosProperties properties;

    public PosCsvIntake(ChannelIntake intake, FileExceptions exceptions, PosProperties properties) {
        this.intake = intake;
        this.exceptions = exceptions;
        this.properties = properties;
    }

    public void process(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        String fileName = message.getHeader(Exchange.FILE_NAME, String.class);
        long size = message.getHeader(Exchange.FILE_LENGTH, -1L, Long.class);
        long started = System.nanoTime();
        PosCsvParser.Result result = read(message, size);
        String outcome = result.fileFailed() ? "error" : "done";
        int sent = 0;
        if (!result.fileFailed()) {
            try {
                sent = send(result, fileName, "pos-csv-" + UUID.randomUUID());
            } catch (RuntimeException e) {
                LOG.error("POS file {}: its sales could not be queued", fileName, e);
                result = PosCsvParser.Result.failed(FileRejection.INTAKE_FAILED, "the sales could not be put on the "
                        + "intake queue (" + e.getClass().getSimpleName() + "); drop the file again once the hub is "
                        + "healthy: sales already queued are not processed twice");
                outcome = "error";
            }
        }
        message.setHeader(OUTCOME, outcome);
        Path report = writeReport(outcome, fileName, size, result, sent);
        if (result.rejection() != null) {
            exceptions.add("pos", properties.csvDir().toString(), fileName, result.rejection(), summary(result),
                    Math.max(size, 0), report.toString());
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        if (result.fileFailed()) {
            LOG.warn("POS file {} rejected ({}): {}", fileName, result.rejection(), summary(result));
        } else {
            LOG.info("POS file {}: {} sale(s) sent, {} malformed row(s), {} sale(s) held back, in {} ms", fileName, sent,
                    result.errorCount(), result.rejectedSales().size(), millis);
        }
    }

    /** The file's content as sales, or why it cannot be used: decided from its length before reading it. */
    private PosCsvParser.Result read(Message message, long size) {
        long max = properties.maxFileSize().toBytes();
        if (size > max) {
            return PosCsvParser.Result.failed(FileRejection.TOO_LARGE, "the file has " + size + " bytes, over "
                    + "railhead.channels.pos.max-file-size (" + max + " bytes); it was not read");
        }
        if (size == 0) {
            return PosCsvParser.Result.failed(FileRejection.EMPTY_FILE, "the file is empty (0 bytes)");
        }
        try (InputStream in = open(message);
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            return PosCsvParser.parse(reader, properties.reportRowErrors());
        } catch (IOException | RuntimeException e) {
            return PosCsvParser.Result.failed(FileRejection.UNREADABLE, "the file could not be read: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    /** The bytes as they are on disk: no charset conversion by camel-file, so bad UTF-8 is seen, not replaced. */
    private static InputStream open(Message message) throws IOException {
        if (message.getBody() instanceof GenericFile<?> file && file.getFile() instanceof File f) {
            return Files.newInputStream(f.toPath());
        }
        try {
            return message.getMandatoryBody(InputStream.class);
        } catch (org.apache.camel.InvalidPayloadException e) {
            throw new IOException("the file's content is not available: " + e.getMessage(), e);
        }
    }

    private int send(PosCsvParser.Result result, String fileName, String correlationId) {
        Iterable<ChannelIntake.Item> items = () -> result.sales().stream().map(sale -> new ChannelIntake.Item(
                sale.storeId(), "csv:" + sale.storeId() + ":" + sale.saleId(), payload(sale, fileName))).iterator();
        return intake.enqueueAll("pos", "sales/csv", correlationId, items, properties.enqueueBatchSize());
    }

    private static String payload(PosCsvParser.Sale sale, String fileName) {
        ObjectNode p = JSON.createObjectNode();
        p.put("storeId", sale.storeId()).put("saleId", sale.saleId()).put("soldAt", sale.soldAt().toString())
                .put("currency", sale.currency()).put("paymentStatus", sale.paymentStatus())
                .put("customerEmail", sale.customerEmail())
                .put("source", "csv").put("file", fileName);
        ArrayNode lines = p.putArray("lines");
        for (PosCsvParser.Line l : sale.lines()) {
            lines.addObject().put("lineNo", l.lineNo()).put("sku", l.sku()).put("description", l.description())
                    .put("quantity", l.quantity()).put("unitPrice", l.unitPrice().toPlainString())
                    .put("discount", l.discount().toPlainString()).put("tax", l.tax().toPlainString()).put("row", l.row());
        }
        return p.toString();
    }

    private static String summary(PosCsvParser.Result result) {
        if (result.fileError() != null) {
            return result.fileError();
        }
        return result.errorCount() + " malformed row(s), " + result.rejectedSales().size() + " sale(s) held back, "
                + result.sales().size() + " sale(s) sent"
                + (result.errors().isEmpty() ? "" : "; first: row " + result.errors().get(0).row() + ": "
                + result.errors().get(0).reason());
    }

    /** The report beside the file: every count, and the first malformed rows and held-back sales by name. */
    private Path writeReport(String outcome, String fileName, long size, PosCsvParser.Result result, int sent)
            throws IOException {
        int listed = properties.reportRowErrors();
        StringBuilder r = new StringBuilder();
        r.append("file: ").append(fileName).append('\n');
        r.append("size: ").append(size).append(" bytes\n");
        r.append("processed: ").append(Instant.now()).append('\n');
        r.append("outcome: ").append(outcome).append('\n');
        if (result.fileError() != null) {
            r.append("file error: ").append(result.fileRejection()).append(": ").append(result.fileError()).append('\n');
        }
        r.append("sales sent: ").append(sent).append('\n');
        r.append("sales held back: ").append(result.rejectedSales().size());
        if (!result.rejectedSales().isEmpty()) {
            r.append(' ').append(result.rejectedSales().subList(0, Math.min(listed, result.rejectedSales().size())));
            if (result.rejectedSales().size() > listed) {
                r.append(" and ").append(result.rejectedSales().size() - listed).append(" more");
            }
        }
        r.append('\n');
        r.append("malformed rows: ").append(result.errorCount()).append('\n');
        for (PosCsvParser.RowError e : result.errors()) {
            r.append("  row ").append(e.row()).append(e.saleId() == null ? "" : " (sale " + e.saleId() + ")")
                    .append(": ").append(e.reason()).append('\n');
        }
        if (result.errorCount() > result.errors().size()) {
            r.append("  ... and ").append(result.errorCount() - result.errors().size())
                    .append(" more malformed rows, not listed\n");
        }
        Path target = properties.csvDir().resolve(outcome);
        Files.createDirectories(target);
        Path report = target.resolve(fileName + ".report.txt");
        Files.writeString(report, r.toString(), StandardCharsets.UTF_8);
        return report;
    }
}
