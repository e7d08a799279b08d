package io.railhead.channel.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.support.HubIT;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Shopify order webhooks from the wire to the ERP: signature, size, dedupe, updates, cancels, bad payloads. */
class ShopifyWebhookIT extends HubIT {

    private static final String INTAKE = "order.received.v1";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void wrongOrMissingSignature_401_andNothingEnqueuedOrStored() {
        ObjectNode order = shopifyOrder();
        byte[] body = order.toString().getBytes(StandardCharsets.UTF_8);
        long before = messagesAdded(INTAKE);
        int rawBefore = jdbc.queryForObject("select count(*) from raw_message", Integer.class);

        assertThat(postShopify(body, "orders/create", "wh-bad-1", "not-the-secret").statusCode()).isEqualTo(401);
        assertThat(postShopify(body, "orders/create", "wh-bad-2", null).statusCode()).isEqualTo(401);

        assertThat(messagesAdded(INTAKE)).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from raw_message", Integer.class)).isEqualTo(rawBefore);
        assertThat(shopifyOrderView(id(order))).isNull();
    }

    @Test
    void previousSecretStillAcceptedDuringRotation() {
        ObjectNode order = shopifyOrder();
        HttpResponse<String> r = postShopify(order.toString().getBytes(StandardCharsets.UTF_8), "orders/create",
                "wh-rot-" + id(order), "test-secret-old");
        assertThat(r.statusCode()).isEqualTo(200);
        awaitStatus(id(order), "RELEASED");
    }

    @Test
    void bodyOverOneMebibyte_413() {
        byte[] big = new byte[1024 * 1024 + 1];
        Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        long before = messagesAdded(INTAKE);
        assertThat(postShopify(big, "orders/create", "wh-big", SECRET).statusCode()).isEqualTo(413);
        assertThat(messagesAdded(INTAKE)).isEqualTo(before);
    }

    @Test
    void acceptedWebhookIsOnTheDurableQueueBeforeTheAnswer() {
        long before = messagesAdded(INTAKE);
        HttpResponse<String> r = postShopify(shopifyOrder(), "orders/create");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(messagesAdded(INTAKE)).isEqualTo(before + 1);
        assertThat(json(r).get("correlationId").asText()).isNotBlank();
    }

    @Test
    void sameWebhookTwice_oneOrderOneErpCall() {
        ObjectNode order = shopifyOrder();
        byte[] body = order.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(postShopify(body, "orders/create", "wh-dup-" + id(order), SECRET).statusCode()).isEqualTo(200);
        assertThat(postShopify(body, "orders/create", "wh-dup-" + id(order), SECRET).statusCode()).isEqualTo(200);

        awaitStatus(id(order), "RELEASED");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> erpCalls(id(order)).size() == 1);
        assertThat(jdbc.queryForObject("select count(*) from raw_message where event_key = ?", Integer.class,
                "wh-dup-" + id(order) + "|orders/create")).as("the duplicate is not stored twice").isEqualTo(1);
    }

    @Test
    void sameOrderUnderTwoWebhookIds_oneErpCall() {
        ObjectNode order = shopifyOrder();
        byte[] body = order.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(postShopify(body, "orders/create", "wh-a-" + id(order), SECRET).statusCode()).isEqualTo(200);
        assertThat(postShopify(body, "orders/create", "wh-b-" + id(order), SECRET).statusCode()).isEqualTo(200);

        awaitStatus(id(order), "RELEASED");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> erpCalls(id(order)).size() == 1);
        JsonNode erpOrder = json(erpCalls(id(order)).get(0).getRequest().getBodyAsString());
        assertThat(erpOrder.get("channelOrderId").asText()).isEqualTo(id(order));
        assertThat(erpCalls(id(order)).get(0).getRequest().getHeader("Idempotency-Key"))
                .isEqualTo(erpOrder.get("orderId").asText());
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void updateBeforeReleaseReplacesTheOrder() {
        ObjectNode order = shopifyOrder();
        order.put("financial_status", "pending");
        assertThat(postShopify(order, "orders/create").statusCode()).isEqualTo(200);
        JsonNode held = awaitStatus(id(order), "ON_HOLD");
        assertThat(held.get("holdReasons").toString()).contains("PAYMENT_PENDING");

        order.put("financial_status", "paid");
        order.put("updated_at", "2026-11-20T10:00:00-05:00");
        assertThat(postShopify(order, "orders/updated").statusCode()).isEqualTo(200);

        JsonNode released = awaitStatus(id(order), "RELEASED");
        assertThat(released.get("orderId").asText()).isEqualTo(held.get("orderId").asText());
        assertThat(erpCalls(id(order))).hasSize(1);
        assertThat(json(erpCalls(id(order)).get(0).getRequest().getBodyAsString()).at("/payment/status").asText())
                .isEqualTo("PAID");
    }

    @Test
    void olderUpdateArrivingLateChangesNothing() {
        ObjectNode order = shopifyOrder();
        order.put("financial_status", "pending");
        order.put("updated_at", "2026-11-20T12:00:00-05:00");
        postShopify(order, "orders/create");
        awaitStatus(id(order), "ON_HOLD");

        ObjectNode stale = order.deepCopy();
        stale.put("financial_status", "paid");
        stale.put("updated_at", "2026-11-20T09:00:00-05:00");
        postShopify(stale, "orders/updated");

        await().atMost(Duration.ofSeconds(20)).until(() ->
                shopifyOrderView(id(order)).get("timeline").toString().contains("not newer"));
        assertThat(shopifyOrderView(id(order)).get("status").asText()).isEqualTo("ON_HOLD");
        assertThat(erpCalls(id(order))).isEmpty();
    }

    @Test
    void cancelledAfterRelease_cancelCallToErp() {
        ObjectNode order = shopifyOrder();
        postShopify(order, "orders/create");
        JsonNode released = awaitStatus(id(order), "RELEASED");
        String orderId = released.get("orderId").asText();

        order.put("cancelled_at", "2026-11-20T11:00:00-05:00");
        order.put("updated_at", "2026-11-20T11:00:00-05:00");
        assertThat(postShopify(order, "orders/cancelled").statusCode()).isEqualTo(200);

        awaitStatus(id(order), "CANCELLED");
        assertThat(ERP.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/erp/orders/" + orderId + "/cancel")).count()).isEqualTo(1);
    }

    @Test
    void cancelledBeforeRelease_neverReachesErp() {
        ObjectNode order = shopifyOrder();
        order.put("financial_status", "pending");
        postShopify(order, "orders/create");
        awaitStatus(id(order), "ON_HOLD");

        order.put("cancelled_at", "2026-11-20T11:00:00-05:00");
        order.put("updated_at", "2026-11-20T11:00:00-05:00");
        postShopify(order, "orders/cancelled");

        awaitStatus(id(order), "CANCELLED");
        assertThat(erpCalls(id(order))).isEmpty();
    }

    @Test
    void authenticButUnparseablePayload_200_keptRaw_onHoldUnparseable() {
        String garbage = "{\"id\": 12, \"line_items\": [ this is not json";
        String webhookId = "wh-garbage-" + System.nanoTime();
        HttpResponse<String> r = postShopify(garbage.getBytes(StandardCharsets.UTF_8), "orders/create", webhookId, SECRET);
        assertThat(r.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> json(ops("GET", "/api/exceptions?reason=UNPARSEABLE"))
                .get("orders").toString().contains("UNPARSEABLE") && rawFor(webhookId) != null);
        assertThat(rawFor(webhookId)).isEqualTo(garbage);
        JsonNode held = json(ops("GET", "/api/exceptions?reason=UNPARSEABLE")).get("orders");
        String rawId = jdbc.queryForObject("select id from raw_message where event_key = ?", String.class, webhookId + "|orders/create");
        assertThat(held.findValuesAsText("rawMessageId")).contains(rawId);
    }

    @Test
    void orderWithAllFieldsMissingIsHeldNotLost() {
        String webhookId = "wh-empty-" + System.nanoTime();
        assertThat(postShopify("{}".getBytes(StandardCharsets.UTF_8), "orders/create", webhookId, SECRET).statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> rawFor(webhookId) != null);
        String orderId = jdbc.queryForObject("select o.order_id from orders o join raw_message r on r.id = o.raw_message_id "
                + "where r.event_key = ?", String.class, webhookId + "|orders/create");
        JsonNode view = json(ops("GET", "/api/orders/" + orderId));
        assertThat(view.get("status").asText()).isEqualTo("ON_HOLD");
        assertThat(view.get("holdReasons").toString()).contains("MAPPING_FAILED");
    }

    private String rawFor(String webhookId) {
        return jdbc.query("select payload from raw_message where event_key = ?", (rs, i) -> rs.getString(1), webhookId + "|orders/create")
                .stream().findFirst().orElse(null);
    }
}
