package io.railhead.channel.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.support.HubIT;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Signed Shopify webhooks as a hostile sender would shape them: every one gets a clear answer, one
 * channel order stays one hub order, and nothing reaches the ERP that it must not. (No shop is
 * configured in this context: see {@link ShopifyReconcileIT} for a configured one.)
 */
class ShopifyHostileInputIT extends HubIT {

    @Autowired
    JdbcTemplate jdbc;

    private static byte[] bytes(ObjectNode order) {
        return order.toString().getBytes(StandardCharsets.UTF_8);
    }

    private int post(byte[] body, String webhookId) {
        return postShopify(body, SECRET, Map.of("X-Shopify-Webhook-Id", webhookId)).statusCode();
    }

    @Test
    void orderIdSentAsAFloat_isHeldUnparseable_notASecondOrder() {
        ObjectNode order = shopifyOrder();
        String id = id(order);
        assertThat(post(bytes(order), "wh-int-" + id)).isEqualTo(200);
        awaitStatus(id, "RELEASED");
        byte[] floatId = order.toString().replace("\"id\":" + id + ",", "\"id\":" + id + ".0,")
                .getBytes(StandardCharsets.UTF_8);
        byte[] exponent = order.toString().replace("\"id\":" + id + ",", "\"id\":" + new BigDecimal(id).toString()
                .replaceFirst("^(\\d)(\\d+)$", "$1.$2E" + (id.length() - 1)) + ",").getBytes(StandardCharsets.UTF_8);
        assertThat(new String(floatId, StandardCharsets.UTF_8)).contains(id + ".0");

        assertThat(post(floatId, "wh-float-" + id)).isEqualTo(200);
        assertThat(post(exponent, "wh-exp-" + id)).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> heldFor("UNPARSEABLE", id).size() == 2);
        assertThat(heldFor("UNPARSEABLE", id)).allSatisfy(h -> assertThat(h.get("holdDetail").asText())
                .contains("is not a whole number"));
        assertThat(json(ops("GET", "/api/orders?channel=shopify&channelOrderId=" + id)).get("orders")).hasSize(1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> acceptedErpCalls(id).size() == 1);
    }

    @Test
    void fractionalQuantity_isHeldUnderItsOrder_notTruncated() {
        ObjectNode order = shopifyOrder();
        ((ObjectNode) order.withArray("line_items").get(0)).put("quantity", new BigDecimal("2.5"));
        assertThat(post(bytes(order), "wh-qty-" + id(order))).isEqualTo(200);

        JsonNode held = awaitStatus(id(order), "ON_HOLD");
        assertThat(held.get("holdReasons").toString()).contains("INVALID_QUANTITY");
        assertThat(held.get("holdDetail").asText()).contains("quantity '2.5' is not a whole number");
        assertThat(erpCalls(id(order))).isEmpty();
    }

    @Test
    void negativeOrAbsurdPrices_areHeld() {
        ObjectNode negative = shopifyOrder();
        ((ObjectNode) negative.withArray("line_items").get(0)).put("price", "-12.00");
        ObjectNode absurd = shopifyOrder();
        ((ObjectNode) absurd.withArray("line_items").get(0)).put("price", "1E+400");
        ObjectNode huge = shopifyOrder();
        huge.put("total_price", new BigDecimal("1e308"));
        for (ObjectNode o : new ObjectNode[] {negative, absurd, huge}) {
            assertThat(post(bytes(o), "wh-price-" + id(o))).isEqualTo(200);
        }
        for (ObjectNode o : new ObjectNode[] {negative, absurd, huge}) {
            assertThat(awaitStatus(id(o), "ON_HOLD").get("holdReasons").toString()).contains("INVALID_AMOUNT");
            assertThat(erpCalls(id(o))).isEmpty();
        }
    }

    @Test
    void reusedWebhookIdCarryingAnotherOrder_isHeldAsAConflict_notDropped() {
        ObjectNode first = shopifyOrder();
        ObjectNode second = shopifyOrder();
        String webhookId = "wh-reused-" + id(first);
        assertThat(post(bytes(first), webhookId)).isEqualTo(200);
        awaitStatus(id(first), "RELEASED");

        assertThat(post(bytes(second), webhookId)).isEqualTo(200);
        assertThat(post(bytes(second), webhookId)).as("the conflicting delivery again").isEqualTo(200);
        assertThat(post(bytes(first), webhookId)).as("a true repeat").isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> heldFor("EVENT_CONFLICT", webhookId).size() == 1);
        JsonNode conflict = heldFor("EVENT_CONFLICT", webhookId).get(0);
        assertThat(conflict.get("holdDetail").asText()).contains("delivered before with a different payload");
        String raw = jdbc.queryForObject("select payload from raw_message where id = ?", String.class,
                conflict.get("rawMessageId").asText());
        assertThat(raw).contains(id(second));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> heldFor("EVENT_CONFLICT", webhookId).size() == 1 && acceptedErpCalls(id(first)).size() == 1);
        assertThat(erpCalls(id(second))).isEmpty();
    }

    @Test
    void signedBodyReplayedWithAnotherShopHeader_isTheSameOrder() {
        ObjectNode order = shopifyOrder();
        assertThat(post(bytes(order), "wh-shop-a-" + id(order))).isEqualTo(200);
        awaitStatus(id(order), "RELEASED");
        assertThat(postShopify(bytes(order), SECRET, Map.of("X-Shopify-Webhook-Id", "wh-shop-b-" + id(order),
                "X-Shopify-Shop-Domain", "someone-else.myshopify.com")).statusCode()).isEqualTo(200);

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> acceptedErpCalls(id(order)).size() == 1);
        JsonNode orders = json(ops("GET", "/api/orders?channel=shopify&channelOrderId=" + id(order))).get("orders");
        assertThat(orders).hasSize(1);
        assertThat(orders.get(0).get("sourceAccount").asText()).isEqualTo("default");
    }

    @Test
    void overLongHeaderIds_areRefusedAtTheDoor_nothingQueued() {
        ObjectNode order = shopifyOrder();
        long before = messagesAdded("order.received.v1");
        String longShop = "a".repeat(5000) + ".myshopify.com";
        assertThat(postShopify(bytes(order), SECRET, Map.of("X-Shopify-Webhook-Id", "wh-1",
                "X-Shopify-Shop-Domain", longShop)).statusCode()).isEqualTo(400);
        assertThat(postShopify(bytes(order), SECRET, Map.of("X-Shopify-Webhook-Id", "w".repeat(7000))).statusCode())
                .isEqualTo(400);
        assertThat(postShopify(bytes(order), SECRET, Map.of("X-Shopify-Webhook-Id", "wh-2",
                "X-Shopify-Event-Id", "e".repeat(7000))).statusCode()).isEqualTo(400);
        assertThat(postShopify(bytes(order), SECRET, Map.of("X-Shopify-Webhook-Id", "wh-3",
                "X-Correlation-Id", "c".repeat(5000))).body()).contains("X-Correlation-Id is 5000 characters long");
        assertThat(messagesAdded("order.received.v1")).isEqualTo(before);
    }

    @Test
    void orderIdsTooLongToStore_areHeldUnparseable_notDeadLetteredInALoop() {
        String marker = "long-id-" + id(shopifyOrder());
        for (int digits : new int[] {500, 10_000}) {
            ObjectNode order = shopifyOrder();
            order.put("id", new BigInteger("9".repeat(digits))).put("note", marker + "-" + digits);
            assertThat(post(bytes(order), "wh-" + marker + "-" + digits)).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForList("select o.status || ' ' || o.hold_reasons "
                + "from orders o join raw_message r on o.raw_message_id = r.id where r.payload like ?", String.class,
                "%" + marker + "%"), held -> held.size() == 2 && held.stream().allMatch("ON_HOLD UNPARSEABLE"::equals));
        assertThat(heldFor("UNPARSEABLE", "channel order id is 500 characters long (at most 128)")).hasSize(1);
        assertThat(json(ops("GET", "/api/dead-letters")).get("deadLetters").toString()).doesNotContain(marker);
    }
}
