package io.railhead.order;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.railhead.RailheadApplication;
import io.railhead.channel.ChannelIntake;
import io.railhead.support.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The state a crash leaves between the database commit and the broker commit: orders that owe the
 * ERP a command with no message for it on the ERP queue. On start-up the hub queues those commands
 * again; a copy that did survive is superseded and skipped, so each order reaches the ERP once; an
 * order whose command is dead-lettered stays in the dead-letter queue for the operator.
 */
class DispatchRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WireMockServer ERP = TestEnvironment.ERP;
    private static final String ERP_QUEUE = "erp.orders.v1";

    private static ConfigurableApplicationContext startHub(Path dataDir, TestEnvironment.ErpAndDatabase environment) {
        Map<String, Object> props = new HashMap<>();
        props.put("server.port", "0");
        props.put("railhead.data-dir", dataDir.toString());
        props.put("railhead.broker.name", "railhead-recovery-" + dataDir.getFileName());
        return new SpringApplicationBuilder(RailheadApplication.class).profiles("test")
                .initializers(environment).properties(props).run();
    }

    private static String newId() {
        return Long.toString(7_100_000_000_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L));
    }

    private static String send(ConfigurableApplicationContext hub, String batch, String tag) throws Exception {
        return send(hub, newId(), batch, tag);
    }

    private static String send(ConfigurableApplicationContext hub, String id, String batch, String tag) throws Exception {
        ObjectNode order = (ObjectNode) JSON.readTree(Files.readString(
                Path.of("src/test/resources/mappings/shopify/paid-taxes-excluded/input.json")));
        order.put("id", Long.parseLong(id)).put("note", batch + " " + tag);
        hub.getBean(ChannelIntake.class).enqueue("shopify", "recovery.myshopify.com", "wh-" + id, "orders/create",
                order.toString(), "recovery-" + id);
        return id;
    }

    private static Optional<StoredOrder> order(ConfigurableApplicationContext hub, String channelOrderId) {
        return hub.getBean(OrderStore.class).findByChannelOrder("shopify", channelOrderId).stream().findFirst();
    }

    private static OrderStatus awaitStatus(ConfigurableApplicationContext hub, String id, OrderStatus status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> order(hub, id).map(StoredOrder::status).orElse(null) == status);
        return status;
    }

    private static List<ServeEvent> accepted(String marker) {
        return ERP.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() / 100 == 2)
                .filter(e -> e.getRequest().getBodyAsString().contains(marker)).toList();
    }

    private static Queue queue(ConfigurableApplicationContext hub, String name) {
        return hub.getBean(EmbeddedActiveMQ.class).getActiveMQServer().locateQueue(SimpleString.of(name));
    }

    @Test
    void commandsLostBetweenTheTwoCommits_areQueuedAgainAtStartUp_eachOrderReachesTheErpOnce() throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target/test-data")), "recovery-")
                .toAbsolutePath();
        String batch = "recovery-" + UUID.randomUUID();
        TestEnvironment.ErpAndDatabase environment = new TestEnvironment.ErpAndDatabase(dataDir, false);
        String lost;
        String kept;
        String deadLettered;
        String lostOrderId;
        ConfigurableApplicationContext hub = startHub(dataDir, environment);
        try {
            deadLettered = newId();
            ERP.stubFor(post(urlEqualTo("/erp/orders")).atPriority(1).withRequestBody(containing(deadLettered))
                    .willReturn(aResponse().withStatus(503)));
            send(hub, deadLettered, batch, "dead");
            await().atMost(Duration.ofSeconds(30)).until(() -> queue(hub, "DLQ." + ERP_QUEUE).getMessageCount() == 1);

            // The ERP stage stops; two orders are validated and queued for it.
            hub.getBean(CamelContext.class).getRouteController().stopRoute("order-send-erp");
            lost = send(hub, batch, "lost");
            awaitStatus(hub, lost, OrderStatus.VALIDATED);
            await().atMost(Duration.ofSeconds(10)).until(() -> queue(hub, ERP_QUEUE).getMessageCount() == 1);
            // Its command's message is lost, as when the process died after the database commit.
            assertThat(queue(hub, ERP_QUEUE).deleteAllReferences()).isEqualTo(1);
            lostOrderId = order(hub, lost).orElseThrow().orderId();
            kept = send(hub, batch, "kept");
            awaitStatus(hub, kept, OrderStatus.VALIDATED);
            await().atMost(Duration.ofSeconds(10)).until(() -> queue(hub, ERP_QUEUE).getMessageCount() == 1);
        } finally {
            hub.close();
        }
        assertThat(accepted(lost)).isEmpty();
        assertThat(accepted(kept)).isEmpty();

        ConfigurableApplicationContext again = startHub(dataDir, environment.last());
        try {
            awaitStatus(again, lost, OrderStatus.RELEASED);
            awaitStatus(again, kept, OrderStatus.RELEASED);
            // The surviving copy of the kept order's command was superseded by the one queued at start-up.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> accepted(lost).size() == 1 && accepted(kept).size() == 1);
            assertThat(again.getBean(OrderStore.class).timeline(lostOrderId)).extracting(TimelineEntry::cause)
                    .anyMatch(c -> c.contains("queued for the ERP again (owed at start-up)"));
            // A dead-lettered command is the operator's to replay, not the restart's.
            assertThat(order(again, deadLettered).orElseThrow().status()).isEqualTo(OrderStatus.VALIDATED);
            assertThat(queue(again, "DLQ." + ERP_QUEUE).getMessageCount()).isEqualTo(1);
            assertThat(ERP.getAllServeEvents().stream().filter(e -> e.getRequest().getBodyAsString().contains(deadLettered))
                    .count()).as("calls for the dead-lettered order").isEqualTo(3);
        } finally {
            again.close();
        }
    }
}
