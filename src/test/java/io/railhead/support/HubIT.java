package io.railhead.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.railhead.channel.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Base of the integration tests: the whole hub in one Spring context (embedded Artemis with its
 * TCP acceptor, the real database, the routes from {@code routes/}), with the ERP simulated by
 * WireMock. Helpers post signed Shopify webhooks and read the ops API as an operator would.
 * Tests share the context, so each uses its own order ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
@ActiveProfiles("test")
@ContextConfiguration(initializers = TestEnvironment.class)
public abstract class HubIT {

    protected static final String SECRET = "test-secret-new";
    protected static final String OPS_USER = "ops";
    protected static final String OPS_PASSWORD = "test-ops-pw";
    protected static final WireMockServer ERP = TestEnvironment.ERP;
    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    /** The embedded broker; null when a test points the hub at an external one. */
    @Autowired(required = false)
    protected EmbeddedActiveMQ broker;

    /** A fresh Shopify order (paid, totals adding up) with a unique 64-bit id. */
    protected static ObjectNode shopifyOrder() {
        try {
            ObjectNode order = (ObjectNode) JSON.readTree(Files.readString(
                    Path.of("src/test/resources/mappings/shopify/paid-taxes-excluded/input.json")));
            long id = 6_000_000_000_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L);
            order.put("id", id);
            order.put("name", "#T" + (id % 100000));
            return order;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String id(ObjectNode order) {
        return order.get("id").asText();
    }

    protected HttpResponse<String> postShopify(byte[] body, String topic, String webhookId, String secret) {
        return postShopify(body, secret, Map.of("X-Shopify-Topic", topic, "X-Shopify-Webhook-Id", webhookId));
    }

    /** A webhook with these headers over the usual ones (shop, API version); signed with {@code secret} unless null. */
    protected HttpResponse<String> postShopify(byte[] body, String secret, Map<String, String> headers) {
        Map<String, String> all = new java.util.LinkedHashMap<>(Map.of("Content-Type", "application/json",
                "X-Shopify-Topic", "orders/create", "X-Shopify-Shop-Domain", "test-shop.myshopify.com",
                "X-Shopify-API-Version", "2025-10"));
        all.putAll(headers);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/webhooks/shopify/orders"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        all.forEach(request::header);
        if (secret != null) {
            request.header("X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(WebhookSignature.sign(body, secret)));
        }
        return send(request.build());
    }

    /** Held orders for a reason whose hold detail mentions {@code marker}. */
    protected List<JsonNode> heldFor(String reason, String marker) {
        List<JsonNode> found = new java.util.ArrayList<>();
        json(ops("GET", "/api/exceptions?reason=" + reason + "&limit=1000")).get("orders").forEach(o -> {
            if (o.path("holdDetail").asText().contains(marker)) {
                found.add(o);
            }
        });
        return found;
    }

    protected HttpResponse<String> postShopify(ObjectNode order, String topic) {
        return postShopify(order.toString().getBytes(StandardCharsets.UTF_8), topic,
                "wh-" + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), SECRET);
    }

    protected HttpResponse<String> ops(String method, String path) {
        return ops(method, path, "application/json");
    }

    protected HttpResponse<String> ops(String method, String path, String accept) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (OPS_USER + ":" + OPS_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Accept", accept)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    /** An operator's request with a body (e.g. a partner's sample file to check). */
    protected HttpResponse<String> ops(String method, String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (OPS_USER + ":" + OPS_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json").header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    protected HttpResponse<String> anonymous(String method, String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    protected static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** The order as the ops API shows it, found by its Shopify id; null while unknown. */
    protected JsonNode shopifyOrderView(String channelOrderId) {
        HttpResponse<String> r = ops("GET", "/api/orders?channel=shopify&channelOrderId=" + channelOrderId);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode orders = json(r).get("orders");
        return orders.isEmpty() ? null : orders.get(0);
    }

    protected JsonNode awaitStatus(String channelOrderId, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode o = shopifyOrderView(channelOrderId);
            return o != null && status.equals(o.get("status").asText());
        });
        return shopifyOrderView(channelOrderId);
    }

    /** ERP requests whose body or URL mentions the given id, oldest first. */
    protected static List<ServeEvent> erpCalls(String marker) {
        return ERP.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getBodyAsString().contains(marker) || e.getRequest().getUrl().contains(marker))
                .sorted((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()))
                .toList();
    }

    protected static List<ServeEvent> acceptedErpCalls(String marker) {
        return erpCalls(marker).stream().filter(e -> e.getResponse().getStatus() / 100 == 2).toList();
    }

    protected long messagesAdded(String queue) {
        Queue q = broker.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getMessagesAdded();
    }

    protected static String later(Instant base, int seconds) {
        return base.plusSeconds(seconds).toString();
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Any request to the hub, as built by the test (headers of its choosing, no cookies). */
    protected static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static Map<String, String> headersOf(ServeEvent e) {
        return Map.of("Idempotency-Key", e.getRequest().getHeader("Idempotency-Key"),
                "Authorization", e.getRequest().getHeader("Authorization"));
    }
}
