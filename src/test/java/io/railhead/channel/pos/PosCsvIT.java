package io.railhead.channel.pos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.support.HubIT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** CSV drops from store systems: partial success with a per-row report, rejected files, sales as fulfilled orders. */
class PosCsvIT extends HubIT {

    @Value("${railhead.channels.pos.csv-dir}")
    Path inbox;

    private JsonNode posOrder(String saleId) {
        JsonNode orders = json(ops("GET", "/api/orders?channel=pos&channelOrderId=" + saleId)).get("orders");
        return orders.isEmpty() ? null : orders.get(0);
    }

    private void drop(String name, String content) throws Exception {
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve(name + ".part");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, inbox.resolve(name));
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
