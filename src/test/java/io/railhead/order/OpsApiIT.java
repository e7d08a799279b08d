package io.railhead.order;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.support.HubIT;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** The operator's side: login, order lookup with timeline, exception queue, release, cancel, console, health. */
class OpsApiIT extends HubIT {

    @Value("${railhead.broker.name}")
    String brokerName;

    @Test
    void everythingButWebhooksAndHealthNeedsLogin() {
        assertThat(anonymous("GET", "/api/exceptions").statusCode()).isEqualTo(401);
        assertThat(anonymous("GET", "/api/orders/ord-x").statusCode()).isEqualTo(401);
        assertThat(anonymous("GET", "/api/dead-letters").statusCode()).isEqualTo(401);
        // A POST without credentials meets the CSRF check first: refused, and told to use Basic auth.
        HttpResponse<String> replay = anonymous("POST", "/api/dead-letters/ID:1/replay");
        assertThat(replay.statusCode()).isEqualTo(403);
        assertThat(json(replay).get("reason").asText()).contains("Basic auth");
        assertThat(anonymous("GET", "/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(anonymous("GET", "/actuator/jolokia/version").statusCode()).isEqualTo(401);
        assertThat(anonymous("GET", "/actuator/hawtio/").statusCode()).isIn(401, 302);
    }

    @Test
    void healthIsOpenAndCoversBrokerAndDatabase() {
        HttpResponse<String> open = anonymous("GET", "/actuator/health");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(json(open).get("status").asText()).isEqualTo("UP");
        JsonNode details = json(ops("GET", "/actuator/health")).get("components");
        assertThat(details.get("db").get("status").asText()).isEqualTo("UP");
        assertThat(details.get("jms").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void prometheusMetricsWithLogin() {
        HttpResponse<String> metrics = ops("GET", "/actuator/prometheus", "text/plain");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("camel_exchanges");
    }

    @Test
    void hawtioConsoleShowsCamelRoutesAndBrokerQueues() {
        HttpResponse<String> console = ops("GET", "/actuator/hawtio/index.html", "text/html");
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).containsIgnoringCase("hawtio");

        HttpResponse<String> routes = ops("GET", "/actuator/jolokia/search/org.apache.camel:type=routes,*");
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.body()).contains("order-intake").contains("order-send-erp");

        HttpResponse<String> queues = ops("GET", "/actuator/jolokia/search/org.apache.activemq.artemis:broker=%22"
                + brokerName + "%22,*,subcomponent=queues");
        assertThat(queues.statusCode()).isEqualTo(200);
        assertThat(queues.body()).contains("order.received.v1").contains("DLQ.erp.orders.v1");
    }

    @Test
    void orderLookupByIdAndByChannelId_withTimeline() {
        ObjectNode order = shopifyOrder();
        postShopify(order, "orders/create");
        JsonNode found = awaitStatus(id(order), "RELEASED");

        JsonNode byId = json(ops("GET", "/api/orders/" + found.get("orderId").asText()));
        assertThat(byId.get("channelOrderId").asText()).isEqualTo(id(order));
        assertThat(byId.at("/canonical/totals/grandTotal").asText()).isEqualTo("116.62");
        JsonNode first = byId.get("timeline").get(0);
        assertThat(first.get("at").asText()).isNotBlank();
        assertThat(first.get("stage").asText()).isEqualTo("intake");
        assertThat(first.get("correlationId").asText()).isEqualTo(byId.get("correlationId").asText());

        HttpResponse<String> missing = ops("GET", "/api/orders/ord-does-not-exist");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("reason").asText()).contains("ord-does-not-exist");
    }

    @Test
    void exceptionsFilterByReason() {
        ObjectNode noSku = shopifyOrder();
        ((ObjectNode) noSku.withArray("line_items").get(0)).remove("sku");
        ObjectNode risky = shopifyOrder();
        risky.put("tags", "fraud-review");
        postShopify(noSku, "orders/create");
        postShopify(risky, "orders/create");
        String noSkuId = awaitStatus(id(noSku), "ON_HOLD").get("orderId").asText();
        String riskyId = awaitStatus(id(risky), "ON_HOLD").get("orderId").asText();

        JsonNode missingSku = json(ops("GET", "/api/exceptions?reason=MISSING_SKU")).get("orders");
        assertThat(missingSku.findValuesAsText("orderId")).contains(noSkuId).doesNotContain(riskyId);
        JsonNode highRisk = json(ops("GET", "/api/exceptions?reason=HIGH_RISK")).get("orders");
        assertThat(highRisk.findValuesAsText("orderId")).contains(riskyId).doesNotContain(noSkuId);
        assertThat(ops("GET", "/api/exceptions?reason=NOT_A_REASON").statusCode()).isEqualTo(400);
    }

    @Test
    void releaseRevalidates_stillInvalidStaysHeldWith409() {
        ObjectNode noSku = shopifyOrder();
        ((ObjectNode) noSku.withArray("line_items").get(0)).remove("sku");
        postShopify(noSku, "orders/create");
        String orderId = awaitStatus(id(noSku), "ON_HOLD").get("orderId").asText();

        HttpResponse<String> release = ops("POST", "/api/orders/" + orderId + "/release");
        assertThat(release.statusCode()).isEqualTo(200);
        assertThat(json(release).get("status").asText()).isEqualTo("ON_HOLD");
        assertThat(json(release).get("holdReasons").toString()).contains("MISSING_SKU");
        assertThat(erpCalls(id(noSku))).isEmpty();
    }

    @Test
    void releaseAfterTheCauseIsFixed_sendsTheOrderOnce() {
        ObjectNode order = shopifyOrder();
        ERP.stubFor(post(urlEqualTo("/erp/orders")).atPriority(1).withRequestBody(containing(id(order)))
                .willReturn(aResponse().withStatus(409).withBody("{\"error\":\"customer blocked\"}")));
        postShopify(order, "orders/create");
        String orderId = awaitStatus(id(order), "ON_HOLD").get("orderId").asText();

        ERP.stubFor(post(urlEqualTo("/erp/orders")).atPriority(1).withRequestBody(containing(id(order)))
                .willReturn(aResponse().withStatus(201)));
        HttpResponse<String> release = ops("POST", "/api/orders/" + orderId + "/release");
        assertThat(release.statusCode()).isEqualTo(200);

        JsonNode released = awaitStatus(id(order), "RELEASED");
        assertThat(acceptedErpCalls(id(order))).hasSize(1);
        assertThat(released.get("timeline").toString()).contains("released by operator");
        assertThat(ops("POST", "/api/orders/" + orderId + "/release").statusCode())
                .as("a released order cannot be released again").isEqualTo(409);
    }

    @Test
    void cancelBeforeReleaseIsLocal_afterReleaseGoesToErp() {
        ObjectNode held = shopifyOrder();
        held.put("financial_status", "pending");
        postShopify(held, "orders/create");
        String heldId = awaitStatus(id(held), "ON_HOLD").get("orderId").asText();
        assertThat(json(ops("POST", "/api/orders/" + heldId + "/cancel")).get("status").asText()).isEqualTo("CANCELLED");

        ObjectNode released = shopifyOrder();
        postShopify(released, "orders/create");
        String releasedId = awaitStatus(id(released), "RELEASED").get("orderId").asText();
        assertThat(ops("POST", "/api/orders/" + releasedId + "/cancel").statusCode()).isEqualTo(200);
        awaitStatus(id(released), "CANCELLED");
        assertThat(erpCalls("/erp/orders/" + releasedId + "/cancel")).hasSize(1);
        assertThat(erpCalls("/erp/orders/" + releasedId + "/cancel").get(0).getRequest().getHeader("Idempotency-Key"))
                .isEqualTo(releasedId + ":cancel");
    }
}
