package io.railhead.badinput;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.railhead.channel.WebhookSignature;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Square cases: a signed order notification (a fetch hint) for a fresh order id ({@code ${id}}), the
 * notification changed by {@code set}/{@code setJson}/{@code remove} or replaced by {@code body}; the
 * Square simulator then serves {@code bad-input/square-order.json} for that id, changed by the case's
 * {@code order} edits ({@code order: {status: 404}} serves an error instead). {@code signature}: valid,
 * wrong, missing.
 */
final class SquareDeliveries implements Deliveries {

    static final String KEY = "corpus-square-signature-key";
    static final String TOKEN = "EAAA-corpus-token";
    static final String LOCATION = "LCORPUS1";
    private static final String URL = "https://hub.example.com/webhooks/square";

    private final WireMockServer square;

    SquareDeliveries(WireMockServer square) {
        this.square = square;
    }

    static void configure(DynamicPropertyRegistry registry, WireMockServer square) {
        registry.add("railhead.channels.square.enabled", () -> "true");
        registry.add("railhead.channels.square.endpoint", square::baseUrl);
        registry.add("railhead.channels.square.access-token", () -> TOKEN);
        registry.add("railhead.channels.square.location-ids", () -> LOCATION);
        registry.add("railhead.channels.square.webhook-signature-key", () -> KEY);
        registry.add("railhead.channels.square.webhook-url", () -> URL);
        registry.add("railhead.channels.square.poll-interval", () -> "1h");
    }

    @Override
    public Hub.Answer deliver(BadInputCase c, Hub hub) {
        String id = "sqc" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        JsonNode spec = c.spec();
        square.stubFor(post(urlPathEqualTo("/v2/orders/search")).atPriority(10).willReturn(okJson("{}")));
        square.stubFor(get(urlPathEqualTo("/v2/catalog/object/VAR-CORPUS")).willReturn(okJson(
                "{\"object\":{\"type\":\"ITEM_VARIATION\",\"id\":\"VAR-CORPUS\",\"item_variation_data\":{\"sku\":\"SOAP-OAT\"}}}")));
        square.stubFor(get(urlPathEqualTo("/v2/catalog/object/VAR-NO-SKU")).willReturn(okJson(
                "{\"object\":{\"type\":\"ITEM_VARIATION\",\"id\":\"VAR-NO-SKU\",\"item_variation_data\":{}}}")));
        JsonNode orderSpec = spec.path("order");
        String path = "/v2/orders/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        if (orderSpec.has("status")) {
            square.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(orderSpec.get("status").asInt())
                    .withBody("{\"errors\":[{\"category\":\"INVALID_REQUEST_ERROR\",\"code\":\"NOT_FOUND\"}]}")));
        } else {
            ObjectNode order = Json.read(BadInputCase.CORPUS.resolve("square-order.json"));
            order.put("id", id).put("location_id", LOCATION);
            Json.edit(order, orderSpec, s -> BadInputCase.text(s, "id", id));
            square.stubFor(get(urlPathEqualTo(path)).willReturn(okJson("{\"order\":" + order + "}")));
        }
        String body;
        if (spec.hasNonNull("body")) {
            body = BadInputCase.text(spec.get("body").asText(), "id", id);
        } else {
            ObjectNode event = (ObjectNode) Json.parse("{\"merchant_id\":\"MCORPUS\",\"type\":\"order.updated\","
                    + "\"event_id\":\"" + UUID.randomUUID() + "\",\"created_at\":\"2026-11-28T10:00:00Z\",\"data\":{"
                    + "\"type\":\"order_updated\",\"id\":\"" + id + "\",\"object\":{\"order_updated\":{\"order_id\":\""
                    + id + "\",\"location_id\":\"" + LOCATION + "\",\"state\":\"COMPLETED\",\"version\":3}}}}");
            Json.edit(event, spec, s -> BadInputCase.text(s, "id", id));
            body = event.toString();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri("/webhooks/square"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        String signature = switch (c.string("signature", "valid")) {
            case "valid" -> sign(URL, bytes, KEY);
            case "wrong" -> sign(URL, bytes, "another-key");
            case "other-url" -> sign("https://elsewhere.example/webhooks/square", bytes, KEY);
            default -> null;
        };
        if (signature != null) {
            request.header("x-square-hmacsha256-signature", signature);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            request.header(h.getKey(), BadInputCase.text(h.getValue().asText(), "id", id));
        }
        return Hub.Answer.of(hub.http(request.build()), id);
    }

    private static String sign(String url, byte[] body, String key) {
        byte[] signed = new byte[url.length() + body.length];
        System.arraycopy(url.getBytes(StandardCharsets.UTF_8), 0, signed, 0, url.length());
        System.arraycopy(body, 0, signed, url.length(), body.length);
        return Base64.getEncoder().encodeToString(WebhookSignature.sign(signed, key));
    }

    @Override
    public List<Hub.Record> records(BadInputCase c, Hub.Answer answer, Hub hub) {
        return hub.jdbc().query("select channel_order_id, status, hold_reasons, hold_detail from orders "
                        + "where channel = 'pos' and channel_order_id = ?",
                (rs, i) -> new Hub.Record(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), answer.key());
    }
}
