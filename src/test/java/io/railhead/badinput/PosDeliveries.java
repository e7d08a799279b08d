package io.railhead.badinput;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * POS CSV cases: a file dropped in the POS folder. {@code csv} is its text (with {@code ${sale}} a fresh
 * sale id and {@code ${store}} the store), default one good sale; {@code latin1} writes it as ISO-8859-1
 * (not UTF-8), {@code size} makes a sparse file of that many bytes, {@code empty} a 0-byte one. What the
 * store system is told is the report beside the file in done/ or error/.
 */
final class PosDeliveries implements Deliveries {

    static final String HEADER = "store_id,sale_id,sold_at,line_no,sku,description,quantity,unit_price,discount,tax,"
            + "currency,payment_status\n";
    private static final String GOOD = HEADER + "${store},${sale},2026-11-28T10:00:00Z,1,SOAP-OAT,Oat soap,2,4.50,0.00,"
            + "0.72,USD,PAID\n";

    @Override
    public Hub.Answer deliver(BadInputCase c, Hub hub) throws IOException {
        JsonNode spec = c.spec();
        String sale = "S" + UUID.randomUUID().toString().substring(0, 8);
        String file = "corpus-" + c.name() + "-" + sale + ".csv";
        Path inbox = hub.dataDir().resolve("pos/inbox");
        Files.createDirectories(inbox);
        Path tmp = hub.dataDir().resolve(file + ".part");
        Deliveries.writeFile(tmp, spec, () -> BadInputCase.text(c.string("csv", GOOD), "sale", sale, "store",
                "ST-CORPUS", "header", HEADER).getBytes(spec.path("latin1").asBoolean() ? StandardCharsets.ISO_8859_1
                : StandardCharsets.UTF_8));
        Files.move(tmp, inbox.resolve(file));
        return Hub.Answer.file("", sale + " " + file);
    }

    @Override
    public List<Hub.Record> records(BadInputCase c, Hub.Answer answer, Hub hub) {
        return hub.recordsByPayload("pos", "%\"saleId\":\"%" + answer.key().split(" ")[0] + "%");
    }

    /** Waits for the file's report (it is written once the whole file is handled) and gives it as the answer. */
    @Override
    public Hub.Answer settle(BadInputCase c, Hub.Answer answer, Hub hub) {
        String file = answer.key().split(" ")[1];
        Path inbox = hub.dataDir().resolve("pos/inbox");
        return answer.withText(await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (String folder : List.of("done", "error")) {
                Path report = inbox.resolve(folder).resolve(file + ".report.txt");
                if (Files.exists(report) && !Files.exists(inbox.resolve(file))) {
                    return folder + "/: " + Files.readString(report, StandardCharsets.UTF_8);
                }
            }
            return "";
        }, t -> !t.isBlank()));
    }
}
