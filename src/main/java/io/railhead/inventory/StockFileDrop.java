package io.railhead.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Route {@code stock-file-drop}: stock event files dropped in {@code railhead.stock.drop-dir} by systems that
 * can only write files. A {@code .json} file holds one event or an array of events; a {@code .csv} file has the
 * header {@code eventId,source,occurredAt,kind,reason,orderId,sku,location,onHand,quarantined,damaged,inTransit}
 * (empty cells are states not given; consecutive rows with the same eventId are one event). Every event goes
 * through the same intake as the REST endpoint. A report beside the file lists, per event (and for CSV per
 * row), what became of it; the file moves to {@code done/} when every event was taken (queued or a duplicate),
 * else to {@code error/}.
 */
@Component("stockFileDrop")
public class StockFileDrop {

    public static final String OUTCOME = "RailheadStockFileOutcome";
    static final String HEADER = "eventId,source,occurredAt,kind,reason,orderId,sku,location,onHand,quarantined,damaged,inTransit";
    private static final Set<String> STATES = Set.of("onHand", "quarantined", "damaged", "inTransit");

    private final StockEventIntake intake;
    private final StockProperties properties;

    public StockFileDrop(StockEventIntake intake, StockProperties properties) {
        this.intake = intake;
        this.properties = properties;
    }

    /** One event of a file, where it came from (CSV rows) and its JSON, or why it could not be formed. */
    private record Part(String where, byte[] json, String problem) {
    }

    public void process(Exchange exchange) throws IOException {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        byte[] bytes = exchange.getIn().getBody(byte[].class);
        List<Part> parts = name.toLowerCase().endsWith(".csv") ? csv(new String(bytes, StandardCharsets.UTF_8)) : json(bytes);
        StringBuilder report = new StringBuilder("Stock event file ").append(name).append('\n');
        int taken = 0;
        int refused = 0;
        for (Part p : parts) {
            if (p.problem() != null) {
                refused++;
                report.append(p.where()).append(": refused: ").append(p.problem()).append('\n');
                continue;
            }
            StockEventIntake.Outcome o = intake.accept(p.json(), "file", "file:" + name);
            if (o.status() == StockEventIntake.Status.REFUSED) {
                refused++;
                report.append(p.where()).append(": refused: ").append(String.join("; ", o.reasons())).append('\n');
            } else {
                taken++;
                report.append(p.where()).append(": ").append(o.eventId()).append(' ')
                        .append(o.status() == StockEventIntake.Status.QUEUED ? "queued" : "duplicate, not applied again").append('\n');
            }
        }
        if (parts.isEmpty()) {
            report.append("no events in the file\n");
        }
        report.append(taken).append(" event(s) taken, ").append(refused).append(" refused\n");
        String outcome = refused == 0 && taken > 0 ? "done" : "error";
        exchange.getIn().setHeader(OUTCOME, outcome);
        Path dir = properties.dropDir().resolve(outcome);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".report.txt"), report.toString(), StandardCharsets.UTF_8);
    }

    private static List<Part> json(byte[] bytes) {
        List<Part> parts = new ArrayList<>();
        JsonNode doc;
        try {
            doc = StockEventReader.JSON.readTree(bytes);
        } catch (IOException e) {
            return List.of(new Part("file", null, "malformed JSON: " + e.getMessage()));
        }
        if (doc != null && doc.isArray()) {
            for (int i = 0; i < doc.size(); i++) {
                parts.add(new Part("event " + (i + 1), doc.get(i).toString().getBytes(StandardCharsets.UTF_8), null));
            }
        } else {
            parts.add(new Part("event 1", bytes, null));
        }
        return parts;
    }

    private static List<Part> csv(String text) {
        String[] lines = text.split("\r?\n");
        if (lines.length == 0 || !lines[0].trim().replace("\uFEFF", "").equals(HEADER)) {
            return List.of(new Part("row 1", null, "the header must be " + HEADER));
        }
        String[] columns = HEADER.split(",");
        List<Part> parts = new ArrayList<>();
        ObjectNode event = null;
        String from = null;
        int last = 0;
        List<String> problems = new ArrayList<>();
        for (int n = 1; n < lines.length; n++) {
            if (lines[n].isBlank()) {
                continue;
            }
            String[] f = lines[n].split(",", -1);
            if (f.length != columns.length) {
                problems.add("row " + (n + 1) + ": " + f.length + " columns, the header has " + columns.length);
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.length; i++) {
                row.put(columns[i], f[i].trim());
            }
            if (event == null || !row.get("eventId").equals(event.path("eventId").asText())) {
                if (event != null) {
                    parts.add(new Part(from + (last > 0 ? "–" + last : ""), event.toString().getBytes(StandardCharsets.UTF_8), null));
                }
                event = StockEventReader.JSON.createObjectNode();
                from = "rows " + (n + 1);
                for (String k : List.of("eventId", "source", "occurredAt", "kind", "reason", "orderId")) {
                    if (!row.get(k).isEmpty()) {
                        event.put(k, row.get(k));
                    }
                }
                event.putArray("items");
            }
            last = n + 1;
            ObjectNode item = ((ArrayNode) event.get("items")).addObject();
            item.put("sku", row.get("sku")).put("location", row.get("location"));
            for (String s : STATES) {
                String v = row.get(s);
                if (v.isEmpty()) {
                    continue;
                }
                try {
                    item.put(s, Long.parseLong(v));
                } catch (NumberFormatException e) {
                    item.put(s, v); // refused by the reader with its reason
                }
            }
        }
        if (event != null) {
            parts.add(new Part(from + "–" + last, event.toString().getBytes(StandardCharsets.UTF_8), null));
        }
        problems.forEach(p -> parts.add(new Part(p.substring(0, p.indexOf(':')), null, p.substring(p.indexOf(':') + 2))));
        return parts;
    }
}
