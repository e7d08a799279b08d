package io.railhead.channel.pos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.channel.ChannelIntake;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Store sales from POS systems without an API, dropped as CSV files (route {@code channel-pos-csv}).
 * Every well-formed sale goes on the intake queue as one payload ({@code channel=pos},
 * {@code sourceAccount=<store id>}, event key store + sale id, so a file dropped twice changes
 * nothing); malformed rows are reported with their row numbers in a report written next to the
 * file, which then moves to {@code done/} (or {@code error/} when nothing in it could be used).
 */
@Component("posCsvIntake")
public class PosCsvIntake {

    private static final Logger LOG = LoggerFactory.getLogger(PosCsvIntake.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Header the route's move option reads: the folder the file goes to. */
    public static final String OUTCOME = "RailheadPosOutcome";

    private final ChannelIntake intake;
    private final Path dir;

    public PosCsvIntake(ChannelIntake intake, @Value("${railhead.channels.pos.csv-dir}") Path dir) {
        this.intake = intake;
        this.dir = dir;
    }

    public void process(@Body String content, @Header("CamelFileName") String fileName, Message message)
            throws IOException {
        String correlationId = "pos-csv-" + UUID.randomUUID();
        PosCsvParser.Result result = PosCsvParser.parse(content);
        int sent = 0;
        for (PosCsvParser.Sale sale : result.sales()) {
            intake.enqueue("pos", sale.storeId(), "csv:" + sale.storeId() + ":" + sale.saleId(), "sales/csv",
                    JSON.writeValueAsString(payload(sale, fileName)), correlationId);
            sent++;
        }
        String outcome = result.fileFailed() ? "error" : "done";
        message.setHeader(OUTCOME, outcome);
        writeReport(outcome, fileName, result, sent);
        if (result.fileFailed()) {
            LOG.warn("POS file {} rejected: {}", fileName, result.fileError() != null ? result.fileError()
                    : result.errors().size() + " malformed row(s), no usable sale");
        } else {
            LOG.info("POS file {}: {} sale(s) sent, {} malformed row(s), {} sale(s) held back", fileName, sent,
                    result.errors().size(), result.rejectedSales().size());
        }
    }

    private static ObjectNode payload(PosCsvParser.Sale sale, String fileName) {
        ObjectNode p = JSON.createObjectNode();
        p.put("storeId", sale.storeId()).put("saleId", sale.saleId()).put("soldAt", sale.soldAt().toString())
                .put("currency", sale.currency()).put("paymentStatus", sale.paymentStatus())
                .put("customerEmail", sale.customerEmail()).put("total", sale.total().toPlainString())
                .put("source", "csv").put("file", fileName);
        ArrayNode lines = p.putArray("lines");
        for (PosCsvParser.Line l : sale.lines()) {
            lines.addObject().put("lineNo", l.lineNo()).put("sku", l.sku()).put("description", l.description())
                    .put("quantity", l.quantity()).put("unitPrice", l.unitPrice().toPlainString())
                    .put("discount", l.discount().toPlainString()).put("tax", l.tax().toPlainString()).put("row", l.row());
        }
        return p;
    }

    private void writeReport(String outcome, String fileName, PosCsvParser.Result result, int sent) throws IOException {
        StringBuilder r = new StringBuilder();
        r.append("file: ").append(fileName).append('\n');
        r.append("processed: ").append(Instant.now()).append('\n');
        r.append("outcome: ").append(outcome).append('\n');
        if (result.fileError() != null) {
            r.append("file error: ").append(result.fileError()).append('\n');
        }
        r.append("sales sent: ").append(sent).append('\n');
        r.append("sales held back: ").append(result.rejectedSales().size()).append(result.rejectedSales().isEmpty() ? ""
                : " " + result.rejectedSales()).append('\n');
        r.append("malformed rows: ").append(result.errors().size()).append('\n');
        for (PosCsvParser.RowError e : result.errors()) {
            r.append("  row ").append(e.row()).append(e.saleId() == null ? "" : " (sale " + e.saleId() + ")")
                    .append(": ").append(e.reason()).append('\n');
        }
        Path target = dir.resolve(outcome);
        Files.createDirectories(target);
        Files.writeString(target.resolve(fileName + ".report.txt"), r.toString(), StandardCharsets.UTF_8);
    }
}
