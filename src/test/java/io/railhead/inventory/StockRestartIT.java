package io.railhead.inventory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.railhead.support.HubProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pending stock pushes survive the hardest stop: the built jar runs as a child process with a Square
 * channel that is slow and failing, takes a snapshot of many SKUs, and is killed with SIGKILL while their
 * pushes are pending or in flight; started again on the same data directory with Square answering, every
 * SKU reaches Square with its final quantity and the channel ends with nothing pending.
 */
class StockRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPS_PASSWORD = "stock-restart-ops-pw";
    private static final int SKUS = 250;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final WireMockServer square = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .usingFilesUnderDirectory("src/test/resources/wiremock").dynamicPort());
    private HubProcess hub;

    @AfterEach
    void tearDown() {
        if (hub != null) {
            hub.close();
        }
        square.stop();
    }

    @Test
    void killedWithPendingPushes_everySkuReachesTheChannelAfterTheRestart() throws Exception {
        square.start();
        // down at first: slow 503s, so the pushes are pending (backing off) or in flight when the hub is killed
        square.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503).withFixedDelay(1500)
                .withHeader("Content-Type", "application/json").withBody("{\"errors\":[{\"category\":\"API_ERROR\"}]}")));
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target/test-data")), "stock-restart-")
                .toAbsolutePath();
        StringBuilder xref = new StringBuilder("sku,channel,channelSku,channelItemId\n");
        for (int i = 0; i < SKUS; i++) {
            xref.append(sku(i)).append(",square,,SQV-").append(i).append('\n');
        }
        Files.writeString(dir.resolve("xref.csv"), xref.toString());
        Path rules = dir.resolve("stock.yml");
        Files.writeString(rules, """
                locations:
                  DC-R: {}
                channels:
                  square: {locations: [DC-R], locationId: SQ-LOC-R}
                crossReference: xref.csv
                """);
        hub = new HubProcess(List.of("-Xmx512m"), List.of("--railhead.data-dir=" + dir,
                "--railhead.broker.name=railhead-stock-restart", "--spring.security.user.name=ops",
                "--railhead.stock.rules-file=" + rules, "--railhead.stock.push-lease=5s",
                "--railhead.stock.retry-initial-delay=200ms", "--railhead.stock.retry-max-delay=2s",
                "--railhead.stock.push-sweep=1s", "--railhead.channels.square.endpoint=" + square.baseUrl()),
                Map.of("SPRING_SECURITY_USER_PASSWORD", OPS_PASSWORD, "RAILHEAD_CHANNELS_SQUARE_ACCESS_TOKEN", "EAAA-restart"),
                dir.resolve("hub.log")).start().awaitHealthy(Duration.ofSeconds(120));

        ObjectNode event = JSON.createObjectNode().put("eventId", "restart-snapshot").put("source", "wms")
                .put("occurredAt", Instant.now().minusSeconds(5).toString()).put("kind", "SNAPSHOT");
        ArrayNode items = event.putArray("items");
        for (int i = 0; i < SKUS; i++) {
            items.addObject().put("sku", sku(i)).put("location", "DC-R").put("onHand", 10 + i);
        }
        HttpResponse<String> accepted = ops("POST", "/api/stock/events", event.toString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> pending() == SKUS && square.getAllServeEvents().size() >= 1);

        hub.kill();
        square.resetAll();
        square.stubFor(post(urlPathEqualTo("/v2/inventory/changes/batch-create")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"counts\":[]}")));
        hub.start().awaitHealthy(Duration.ofSeconds(120));

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> pending() == 0);
        Map<String, Integer> sent = squareCounts();
        for (int i = 0; i < SKUS; i++) {
            assertThat(sent.get("SQV-" + i)).as("quantity Square got for " + sku(i)).isEqualTo(10 + i);
        }
        JsonNode view = JSON.readTree(ops("GET", "/api/stock/" + sku(7), null).body());
        assertThat(view.at("/channels/square/lastPushed").asLong()).isEqualTo(17);
        assertThat(view.at("/channels/square/lastResult").asText()).isEqualTo("OK");
    }

    private static String sku(int i) {
        return "RST-" + i;
    }

    private long pending() throws IOException, InterruptedException {
        HttpResponse<String> r = ops("GET", "/api/stock/channels", null);
        return r.statusCode() == 200 ? JSON.readTree(r.body()).at("/channels/square/pending").asLong(-1) : -1;
    }

    /** The last quantity Square was sent per catalog object id. */
    private Map<String, Integer> squareCounts() throws IOException {
        List<ServeEvent> events = new java.util.ArrayList<>(square.getAllServeEvents());
        events.sort((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()));
        Map<String, Integer> last = new HashMap<>();
        for (ServeEvent e : events) {
            for (JsonNode change : JSON.readTree(e.getRequest().getBodyAsString()).path("changes")) {
                JsonNode count = change.path("physical_count");
                last.put(count.path("catalog_object_id").asText(), Integer.parseInt(count.path("quantity").asText()));
            }
        }
        return last;
    }

    private HttpResponse<String> ops(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(hub.uri(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("ops:" + OPS_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
