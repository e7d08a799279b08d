package io.railhead.channel.pos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.support.HubIT;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * CSV drops from store systems: partial success with a per-row report, rejected files (empty, not
 * UTF-8, over the size limit) in error/ with a report and a file exception entry, sales as fulfilled
 * orders, and a huge file full of bad rows that neither hangs the folder nor keeps the next file waiting.
 */
class PosCsvIT extends HubIT {

    @Value("${railhead.channels.pos.csv-dir}")
    Path inbox;

    private JsonNode posOrder(String saleId) {
        JsonNode orders = json(ops("GET", "/api/orders?channel=pos&channelOrderId=" + saleId)).get("orders");
        return orders.isEmpty() ? null : orders.get(0);
    }

    private void drop(String name, String content) throws Exception {
        drop(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private void drop(String name, byte[] content) throws Exception {
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve(name + ".part");
        Files.write(tmp, content);
        Files.move(tmp, inbox.resolve(name));
    }

    /** The file exception entry of a POS file, once the ops API lists it. */
    private Optional<JsonNode> fileException(String fileName) {
        var response = ops("GET", "/api/file-exceptions?channel=pos");
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        for (JsonNode e : json(response).get("exceptions")) {
            if (fileName.equals(e.path("fileName").asText())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private JsonNode awaitFileException(String fileName) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> fileException(fileName), Optional::isPresent)
                .orElseThrow();
    }

    private String awaitReport(String folder, String file) throws IOException {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(folder).resolve(file))
                && Files.exists(inbox.resolve(folder).resolve(file + ".report.txt")));
        return Files.readString(inbox.resolve(folder).resolve(file + ".report.txt"));
    }

    private boolean lockFilesLeft() {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".camelLock"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void emptyFile_movedToErrorWithReport_andListedAsFileException() throws Exception {
        String file = "empty-" + UUID.randomUUID() + ".csv";
        drop(file, new byte[0]);

        assertThat(awaitReport("error", file)).contains("outcome: error").contains("empty");
        assertThat(inbox.resolve(file)).doesNotExist();
        JsonNode entry = awaitFileException(file);
        assertThat(entry.get("reason").asText()).isEqualTo("EMPTY_FILE");
        assertThat(entry.get("channel").asText()).isEqualTo("pos");
        assertThat(entry.get("sizeBytes").asLong()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> !lockFilesLeft());
    }

    @Test
    void fileThatIsNotUtf8Text_movedToErrorWithReport_andListedAsFileException() throws Exception {
        String file = "latin1-" + UUID.randomUUID() + ".csv";
        byte[] content = ("store_id,sale_id,sold_at,line_no,sku,quantity,unit_price,currency\n"
                + "S-9,R-1,2026-11-23T11:00:00Z,1,CAF\u00c9-1,1,12.50,USD\n").getBytes(StandardCharsets.ISO_8859_1);
        drop(file, content);

        assertThat(awaitReport("error", file)).contains("outcome: error").contains("UTF-8").contains("sales sent: 0");
        assertThat(Files.readAllBytes(inbox.resolve("error").resolve(file))).as("kept as received").isEqualTo(content);
        assertThat(awaitFileException(file).get("reason").asText()).isEqualTo("UNREADABLE");
    }

    @Test
    void fileOverTheSizeLimit_refusedWithoutBeingRead_movedToErrorWithReport() throws Exception {
        String file = "huge-" + UUID.randomUUID() + ".csv";
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve(file + ".part");
        // Sparse: one byte over the default limit of 100 MB, without writing 100 MB.
        try (RandomAccessFile f = new RandomAccessFile(tmp.toFile(), "rw")) {
            f.setLength(100L * 1024 * 1024 + 1);
        }
        Files.move(tmp, inbox.resolve(file));

        assertThat(awaitReport("error", file)).contains("outcome: error")
                .contains("railhead.channels.pos.max-file-size");
        JsonNode entry = awaitFileException(file);
        assertThat(entry.get("reason").asText()).isEqualTo("TOO_LARGE");
        assertThat(entry.get("sizeBytes").asLong()).isEqualTo(100L * 1024 * 1024 + 1);
        assertThat(entry.get("detail").asText()).contains("104857600");
    }

    @Test
    void millionRowFileOfBadRows_isReportedInBoundedForm_andTheNextValidFileIsProcessed() throws Exception {
        String huge = "million-" + UUID.randomUUID() + ".csv";
        StringBuilder csv = new StringBuilder(80_000_000)
                .append("store_id,sale_id,sold_at,line_no,sku,quantity,unit_price,currency\n");
        for (int i = 0; i < 1_000_000; i++) {
            // every sale its own: a million sales held back, each with a malformed row
            csv.append("S-H,H-").append(i).append(",2026-11-23T11:00:00Z,1,MUG-1,").append(i % 2 == 0 ? "two" : "1")
                    .append(',').append(i % 2 == 0 ? "12.50" : "abc").append(",USD\n");
        }
        drop(huge, csv.toString());
        String sale = "R-" + UUID.randomUUID();
        String next = "next-" + sale + ".csv";
        drop(next, "store_id,sale_id,sold_at,line_no,sku,quantity,unit_price,currency\n"
                + "S-8," + sale + ",2026-11-23T11:00:00Z,1,MUG-1,1,12.50,USD\n");

        await().atMost(Duration.ofSeconds(60)).until(() -> posOrder(sale) != null
                && "RELEASED".equals(posOrder(sale).get("status").asText()));
        String report = awaitReport("error", huge);
        assertThat(report).contains("malformed rows: 1000000").contains("row 1001 (sale H-999)")
                .doesNotContain("(sale H-1000)").contains("999000 more");
        assertThat(report.length()).as("a bounded report").isLessThan(200_000);
        assertThat(awaitFileException(huge).get("reason").asText()).isEqualTo("NOTHING_USABLE");
    }

    @Test
    void badRowsReported_restOfTheFileProcessed_fileMovedToDone() throws Exception {
        String good = "R-" + UUID.randomUUID();
        String bad = "R-" + UUID.randomUUID();
        String file = "sales-" + UUID.randomUUID() + ".csv";
        drop(file, "store_id,sale_id,sold_at,line_no,sku,description,quantity,unit_price,discount,tax,currency\n"
                + "S-7," + good + ",2026-11-23T09:15:00Z,1,MUG-1,Mug,2,12.50,1.00,1.84,USD\n"
                + "S-7," + good + ",2026-11-23T09:15:00Z,2,TEA-9,Tea,1,4.99,0.00,0.40,USD\n"
                + "S-7," + bad + ",2026-11-23T09:20:00Z,1,TEA-9,Tea,many,4.99,0,0,USD\n");

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("done").resolve(file)));
        String report = Files.readString(inbox.resolve("done").resolve(file + ".report.txt"));
        assertThat(report).contains("sales sent: 1").contains("row 4 (sale " + bad + "): quantity 'many'");

        await().atMost(Duration.ofSeconds(30)).until(() -> posOrder(good) != null
                && "RELEASED".equals(posOrder(good).get("status").asText()));
        JsonNode order = posOrder(good);
        assertThat(order.get("sourceAccount").asText()).isEqualTo("S-7");
        assertThat(order.at("/canonical/fulfilledBy").asText()).isEqualTo("CHANNEL");
        assertThat(order.at("/canonical/totals/grandTotal").asText()).isEqualTo("31.23");
        assertThat(posOrder(bad)).isNull();
        assertThat(acceptedErpCalls(good)).hasSize(1);
    }

    @Test
    void fileWithNothingUsable_movedToErrorWithReport() throws Exception {
        String file = "broken-" + UUID.randomUUID() + ".csv";
        drop(file, "this is not,a sales export\n1,2\n");

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("error").resolve(file)));
        assertThat(Files.readString(inbox.resolve("error").resolve(file + ".report.txt")))
                .contains("outcome: error").contains("header lacks column(s)");
    }

    @Test
    void sameFileDroppedTwice_salesReachTheErpOnce() throws Exception {
        String sale = "R-" + UUID.randomUUID();
        String content = "store_id,sale_id,sold_at,line_no,sku,quantity,unit_price,currency\n"
                + "S-8," + sale + ",2026-11-23T11:00:00Z,1,MUG-1,1,12.50,USD\n";
        drop("a-" + sale + ".csv", content);
        await().atMost(Duration.ofSeconds(30)).until(() -> posOrder(sale) != null
                && "RELEASED".equals(posOrder(sale).get("status").asText()));
        drop("b-" + sale + ".csv", content);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("done").resolve("b-" + sale + ".csv")));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> erpCalls(sale).size() == 1);
    }
}
