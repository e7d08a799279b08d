package io.railhead.badinput;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.channel.WebhookSignature;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Shopify cases: a signed webhook built from {@code bad-input/shopify-order.json} with a fresh order id
 * ({@code ${id}}) and webhook id ({@code ${wh}}), changed as the case says — {@code set}/{@code setJson}/
 * {@code remove} on the order, {@code replace} on its text, {@code body} instead of it, {@code headers}
 * over the usual ones (null removes one), {@code signature} (valid, wrong, missing, rotated, garbage),
 * {@code repeat} times; {@code prior: conflict} first sends another order under the same webhook id,
 * {@code prior: order} first sends the unchanged order under another webhook id.
 */
final class ShopifyDeliveries implements Deliveries {

    static final String SECRET = "test-secret-new";
    private static final String OLD_SECRET = "test-secret-old";

    @Override
    public Hub.Answer deliver(BadInputCase c, Hub hub) {
        String id = Long.toString(6_100_000_000_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L));
        String wh = "bad-" + c.name() + "-" + id;
        JsonNode spec = c.spec();
        String prior = spec.path("prior").asText("");
        if (prior.equals("conflict")) {
            String other = Long.toString(Long.parseLong(id) + 1);
            send(hub, order(other), wh, c, "orders/create", "valid");
            awaitReleased(hub, other);
        } else if (prior.equals("order")) {
            send(hub, order(id), "prior-" + wh, c, "orders/create", "valid");
            awaitReleased(hub, id);
        }
        String body;
        if (spec.hasNonNull("body")) {
            body = BadInputCase.text(spec.get("body").asText(), "id", id, "wh", wh);
        } else {
            ObjectNode order = (ObjectNode) Json.parse(order(id));
            Json.edit(order, spec, s -> BadInputCase.text(s, "id", id, "wh", wh));
            body = order.toString();
        }
        for (JsonNode r : spec.path("replace")) {
            body = body.replace(BadInputCase.text(r.get(0).asText(), "id", id), BadInputCase.text(r.get(1).asText(), "id", id));
        }
        Hub.Answer answer = null;
        for (int i = 0; i < spec.path("repeat").asInt(1); i++) {
            answer = send(hub, body, wh, c, BadInputCase.text(c.string("topic", "orders/create")),
                    c.string("signature", "valid"));
        }
        return new Hub.Answer(answer.status(), answer.text(), answer.headers(), id + " " + wh);
    }

    /** The corpus order with this id: valid, paid, its totals adding up. */
    private static String order(String id) {
        ObjectNode order = Json.read(BadInputCase.CORPUS.resolve("shopify-order.json"));
        order.put("id", Long.parseLong(id)).put("name", "#B" + id.substring(id.length() - 6));
        return order.toString();
    }

    private static Hub.Answer send(Hub hub, String body, String wh, BadInputCase c, String topic, String signature) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", "application/json",
                "X-Shopify-Topic", topic, "X-Shopify-Shop-Domain", "bad-input.myshopify.com",
                "X-Shopify-API-Version", "2025-10", "X-Shopify-Webhook-Id", wh));
        for (Iterator<Map.Entry<String, JsonNode>> it = c.spec().path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            if (h.getValue().isNull()) {
                headers.remove(h.getKey());
            } else {
                headers.put(h.getKey(), BadInputCase.text(h.getValue().asText(), "wh", wh));
            }
        }
        String hmac = switch (signature) {
            case "valid" -> Base64.getEncoder().encodeToString(WebhookSignature.sign(bytes, SECRET));
            case "rotated" -> Base64.getEncoder().encodeToString(WebhookSignature.sign(bytes, OLD_SECRET));
            case "wrong" -> Base64.getEncoder().encodeToString(WebhookSignature.sign(bytes, "not-the-secret"));
            case "garbage" -> "%%%not-base64%%%";
            default -> null;
        };
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri("/webhooks/shopify/orders"))
                .method(c.string("method", "POST"), HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach(request::header);
        if (hmac != null) {
            request.header("X-Shopify-Hmac-Sha256", hmac);
        }
        return Hub.Answer.of(hub.http(request.build()), wh);
    }

    private static void awaitReleased(Hub hub, String channelOrderId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.jdbc().queryForList(
                "select status from orders where channel = 'shopify' and channel_order_id = ?", String.class,
                channelOrderId).contains("RELEASED"));
    }

    @Override
    public List<Hub.Record> records(BadInputCase c, Hub.Answer answer, Hub hub) {
        String[] key = answer.key().split(" ", 2);
        return hub.jdbc().query("select o.channel_order_id, o.status, o.hold_reasons, o.hold_detail from orders o "
                        + "where o.channel = 'shopify' and (o.channel_order_id = ? or o.raw_message_id in "
                        + "(select r.id from raw_message r where r.channel = 'shopify' and r.event_key like ?))",
                (rs, i) -> new Hub.Record(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                key[0], eventIdOf(c, key[1]) + "|%");
    }

    /** The id the hub dedupes the delivery on: the case's Event-Id when it sends one, else the webhook id. */
    private static String eventIdOf(BadInputCase c, String wh) {
        JsonNode h = c.spec().path("headers");
        String eventId = h.path("X-Shopify-Event-Id").asText(h.path("Shopify-Event-Id").asText(""));
        return eventId.isEmpty() ? wh : BadInputCase.text(eventId, "wh", wh);
    }
}
