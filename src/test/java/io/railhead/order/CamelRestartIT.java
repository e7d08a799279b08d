package io.railhead.order;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.railhead.RailheadApplication;
import io.railhead.channel.WebhookSignature;
import io.railhead.support.TestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The hub is shut down while orders are queued and in flight, and started again on the same data
 * directory (broker journal and database): every order still reaches the ERP exactly once. This
 * restarts the Camel context with everything under it, as an operator's restart does.
 */
class CamelRestartIT {

    private static final int ORDERS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WireMockServer ERP = TestEnvironment.ERP;
    private final HttpClient http = HttpClient.newHttpClient();

    private ConfigurableApplicationContext startHub(Path dataDir, TestEnvironment.ErpAndDatabase environment) {
        Map<String, Object> props = new HashMap<>();
        props.put("server.port", "0");
        props.put("railhead.data-dir", dataDir.toString());
        props.put("railhead.broker.name", "railhead-restart-" + dataDir.getFileName());
        return new SpringApplicationBuilder(RailheadApplication.class).profiles("test")
                .initializers(environment).properties(props).run();
    }

    private static int port(ConfigurableApplicationContext hub) {
        return Integer.parseInt(hub.getEnvironment().getProperty("local.server.port"));
    }

    private HttpResponse<String> postWebhook(int port, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/shopify/orders"))
                .header("X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(WebhookSignature.sign(body, "test-secret-new")))
                .header("X-Shopify-Topic", "orders/create").header("X-Shopify-Shop-Domain", "restart.myshopify.com")
                .header("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<ServeEvent> accepted(String marker) {
        return ERP.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() / 100 == 2)
                .filter(e -> e.getRequest().getBodyAsString().contains(marker)).toList();
    }

    @Test
    void hubRestartWithMessagesInFlight_everyOrderDeliveredExactlyOnce() throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target/test-data")), "restart-")
                .toAbsolutePath();
        String batch = "restart-" + UUID.randomUUID();
        // A slow ERP keeps most of the batch queued or in flight when the hub stops.
        ERP.stubFor(post(urlEqualTo("/erp/orders")).atPriority(1).withRequestBody(containing(batch))
                .willReturn(aResponse().withStatus(201).withFixedDelay(300)));
        ObjectNode template = (ObjectNode) JSON.readTree(Files.readString(
                Path.of("src/test/resources/mappings/shopify/paid-taxes-excluded/input.json")));
        List<String> ids = new ArrayList<>();

        TestEnvironment.ErpAndDatabase environment = new TestEnvironment.ErpAndDatabase(dataDir, false);
        ConfigurableApplicationContext hub = startHub(dataDir, environment);
        try {
            for (int i = 0; i < ORDERS; i++) {
                ObjectNode order = template.deepCopy();
                long id = 7_000_000_000_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L);
                order.put("id", id).put("note", batch);
                ids.add(Long.toString(id));
                assertThat(postWebhook(port(hub), order.toString().getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !accepted(batch).isEmpty());
            assertThat(hub.getBean(CamelContext.class).getStatus().isStarted()).isTrue();
        } finally {
            hub.close();
        }
        long deliveredBeforeRestart = ids.stream().filter(id -> !accepted(id).isEmpty()).count();
        assertThat(deliveredBeforeRestart).as("the restart happened with work left").isLessThan(ORDERS);

        ConfigurableApplicationContext again = startHub(dataDir, environment.last());
        try {
            OrderStore store = again.getBean(OrderStore.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id ->
                    store.findByChannelOrder("shopify", id).stream().anyMatch(o -> o.status() == OrderStatus.RELEASED)));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> ids.stream().allMatch(id -> accepted(id).size() == 1));
            for (String id : ids) {
                assertThat(accepted(id)).as("ERP deliveries of order " + id).hasSize(1);
                JsonNode erpOrder = JSON.readTree(accepted(id).get(0).getRequest().getBodyAsString());
                assertThat(erpOrder.get("channelOrderId").asText()).isEqualTo(id);
            }
        } finally {
            again.close();
        }
    }
}
