package io.railhead.badinput;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.channel.WebhookSignature;
import io.railhead.support.BrowserSession;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ops API cases: {@code method} and {@code path} (with {@code ${released}}, {@code ${held}} — a released and
 * a held order made for the corpus once — and {@code ${repeat:X:N}}), {@code body}, {@code contentType},
 * {@code headers}, and {@code auth}: basic (the operator, default), none, wrong (a bad password), session
 * (a browser session logged in through the form, without its CSRF token).
 */
final class OpsDeliveries implements Deliveries {

    private String released;
    private String held;

    @Override
    public Hub.Answer deliver(BadInputCase c, Hub hub) {
        JsonNode spec = c.spec();
        prepare(hub);
        String path = BadInputCase.text(spec.path("path").asText(), "released", released, "held", held);
        String body = BadInputCase.text(spec.path("body").asText(""), "released", released, "held", held);
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri(path)).method(c.string("method", "GET"),
                body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        request.header("Accept", "application/json");
        if (spec.hasNonNull("contentType")) {
            request.header("Content-Type", spec.get("contentType").asText());
        }
        switch (c.string("auth", "basic")) {
            case "basic" -> request.header("Authorization", hub.opsAuthorization());
            case "wrong" -> request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString("ops:not-the-password".getBytes(StandardCharsets.UTF_8)));
            case "session" -> {
                BrowserSession browser = new BrowserSession(hub::uri);
                browser.login("ops", "test-ops-pw");
                request.header("Cookie", "JSESSIONID=" + browser.cookie("JSESSIONID"));
            }
            default -> { }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            request.header(h.getKey(), BadInputCase.text(h.getValue().asText()));
        }
        return Hub.Answer.of(hub.http(request.build()), path);
    }

    /** The two orders the cases may name, made once through the Shopify webhook. */
    private void prepare(Hub hub) {
        if (released != null) {
            return;
        }
        released = order(hub, "paid", "RELEASED");
        held = order(hub, "pending", "ON_HOLD");
    }

    private static String order(Hub hub, String financialStatus, String status) {
        String id = Long.toString(6_200_000_000_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L));
        String body = Json.read(BadInputCase.CORPUS.resolve("shopify-order.json")).put("id", Long.parseLong(id))
                .put("financial_status", financialStatus).toString();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        hub.http(HttpRequest.newBuilder(hub.uri("/webhooks/shopify/orders")).header("Content-Type", "application/json")
                .header("X-Shopify-Topic", "orders/create").header("X-Shopify-Webhook-Id", "ops-corpus-" + id)
                .header("X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(
                        WebhookSignature.sign(bytes, ShopifyDeliveries.SECRET)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
        return await().atMost(Duration.ofSeconds(30)).until(() -> hub.jdbc().queryForList(
                "select order_id from orders where channel = 'shopify' and channel_order_id = ? and status = ?",
                String.class, id, status).stream().findFirst().orElse(null), o -> o != null);
    }

    @Override
    public List<Hub.Record> records(BadInputCase c, Hub.Answer answer, Hub hub) {
        // An ops call makes no order; a refused one must not have changed the corpus orders either.
        if (!"refused".equals(c.expect()) || released == null) {
            return List.of();
        }
        List<String> changed = hub.jdbc().queryForList("select order_id || ' ' || status from orders where "
                + "(order_id = ? and status <> 'RELEASED') or (order_id = ? and status <> 'ON_HOLD')", String.class,
                released, held);
        return changed.stream().map(s -> new Hub.Record(null, s, null, "changed by a refused call")).toList();
    }

    @Override
    public boolean makesOrders() {
        return false;
    }
}
