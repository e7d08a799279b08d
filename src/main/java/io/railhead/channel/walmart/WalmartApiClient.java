package io.railhead.channel.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.railhead.channel.http.AccessToken;
import io.railhead.channel.http.ChannelAnswer;
import io.railhead.channel.http.ChannelHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * One seller account's connection to the Walmart Marketplace API, through {@link ChannelHttp}:
 * the OAuth client-credentials token ({@code POST /v3/token} with Basic auth, renewed shortly
 * before its 15 minutes are up and at once when a call answers 401), the headers every call needs
 * ({@code WM_SEC.ACCESS_TOKEN}, a fresh {@code WM_QOS.CORRELATION_ID}, {@code WM_SVC.NAME}), paging
 * URLs built from {@code nextCursor} exactly as Walmart sent it, and one pace per account that
 * Walmart's throttle headers steer ({@link WalmartThrottle}). Shared by the poller, the
 * acknowledgement route, the stock push and the shipment relay through {@link WalmartClients}; the
 * inventory and shipping calls have their own paces, as Walmart meters them apart from the order calls.
 */
class WalmartApiClient {

    static final String TOKEN_PATH = "/v3/token";
    private static final String LIST = "orders";
    private static final String ACKNOWLEDGE = "acknowledge";
    private static final String TOKEN = "token";
    static final String INVENTORY = "inventory";
    static final String FEEDS = "feeds";
    static final String FEED_STATUS = "feedStatus";
    static final String SHIPPING = "shipping";
    static final String CANCEL = "cancel";
    /** Walmart takes about 10 inventory feeds an hour (../shared/specs/README.md). */
    private static final double FEEDS_PER_SECOND = 10.0 / 3600;
    private static final int FEED_BURST = 10;
    private static final String CORRELATION = "WM_QOS.CORRELATION_ID";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final WalmartProperties.ResolvedAccount account;
    private final String serviceName;
    private final String consumerChannelType;
    private final AccessToken token;
    private final ChannelHttp http;

    WalmartApiClient(WalmartProperties.ResolvedAccount account, WalmartProperties properties, MeterRegistry metrics) {
        this.account = account;
        this.serviceName = properties.serviceName();
        this.consumerChannelType = properties.consumerChannelType();
        double rate = properties.requestsPerSecond();
        this.token = new AccessToken("WM_SEC.ACCESS_TOKEN", "", "Walmart " + account, this::newToken);
        this.http = ChannelHttp.builder("walmart", account.name(), metrics).auth(token)
                .throttle(WalmartThrottle.RULES).timeout(CALL_TIMEOUT)
                .operations(rate, (int) Math.max(1, Math.ceil(rate)), LIST, ACKNOWLEDGE, TOKEN)
                .operations(rate, (int) Math.max(1, Math.ceil(rate)), INVENTORY)
                .operations(rate, (int) Math.max(1, Math.ceil(rate)), FEED_STATUS)
                .operations(rate, (int) Math.max(1, Math.ceil(rate)), SHIPPING)
                .operations(rate, (int) Math.max(1, Math.ceil(rate)), CANCEL)
                .operations(FEEDS_PER_SECOND, FEED_BURST, FEEDS).build();
    }

    WalmartProperties.ResolvedAccount account() {
        return account;
    }

    /**
     * GET of a list resource ({@code pathAndQuery} starts with {@code /v3/}), paced and repeated as
     * {@link ChannelHttp} does. Walmart answers 404 when nothing matches: an empty result.
     */
    JsonNode getList(String pathAndQuery) throws IOException, InterruptedException {
        URI uri = uri(account.endpoint(), pathAndQuery);
        ChannelAnswer answer = http.send(LIST, () -> headers(HttpRequest.newBuilder(uri)).GET());
        if (answer.status() == 404) {
            return WalmartOrders.JSON.createObjectNode();
        }
        if (!answer.ok()) {
            throw new IOException("Walmart GET " + uri.getPath() + " answered " + answer.status() + " for " + account
                    + " (" + CORRELATION + " " + answer.requestHeader(CORRELATION).orElse("?") + ")");
        }
        return answer.json();
    }

    /**
     * One {@code POST /v3/orders/{purchaseOrderId}/acknowledge}, no retry here: the queue retries.
     * A 401 drops the token so the retry gets a new one.
     */
    Answer acknowledge(String purchaseOrderId) throws IOException, InterruptedException {
        URI uri = uri(account.endpoint(), "/v3/orders/" + URLEncoder.encode(purchaseOrderId, StandardCharsets.UTF_8)
                .replace("+", "%20") + "/acknowledge");
        ChannelAnswer answer = http.sendOnce(ACKNOWLEDGE, () -> headers(HttpRequest.newBuilder(uri))
                .POST(HttpRequest.BodyPublishers.noBody()));
        return new Answer(answer.status(), answer.body(), http.requestedWait(answer).orElse(null),
                answer.requestHeader(CORRELATION).orElse(null));
    }

    /**
     * One {@code POST /v3/orders/{purchaseOrderId}/shipping} (an {@code OrderShipment}), sent once whatever it
     * answers: the shipment relay's caller repeats it. A 401 drops the token so the repeat gets a new one.
     */
    ChannelAnswer shipLines(String purchaseOrderId, String orderShipmentJson) throws IOException, InterruptedException {
        URI uri = uri(account.endpoint(), "/v3/orders/" + queryValue(purchaseOrderId) + "/shipping");
        return http.sendOnce(SHIPPING, () -> headers(HttpRequest.newBuilder(uri))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(orderShipmentJson)));
    }

    /** {@code GET /v3/orders/{purchaseOrderId}}: the order as Walmart has it now (its lines' statuses), repeated as reads are. */
    ChannelAnswer order(String purchaseOrderId) throws IOException, InterruptedException {
        URI uri = uri(account.endpoint(), "/v3/orders/" + queryValue(purchaseOrderId));
        return http.send(LIST, () -> headers(HttpRequest.newBuilder(uri)).GET());
    }

    /** {@code POST /v3/orders/{purchaseOrderId}/cancel} with the {@code OrderCancellation}, sent once. */
    ChannelAnswer cancelLines(String purchaseOrderId, String orderCancellationJson) throws IOException, InterruptedException {
        URI uri = uri(account.endpoint(), "/v3/orders/" + queryValue(purchaseOrderId) + "/cancel");
        return http.sendOnce(CANCEL, () -> headers(HttpRequest.newBuilder(uri))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(orderCancellationJson)));
    }

    /**
     * {@code PUT /v3/inventory?sku=} of one SKU ({@code Inventory}: sku, quantity EACH), repeated as
     * {@link ChannelHttp} does while it fails transiently; any other answer is the caller's to read.
     */
    ChannelAnswer putInventory(String sku, String shipNode, String inventoryJson) throws IOException, InterruptedException {
        URI uri = uri(account.endpoint(), "/v3/inventory?sku=" + queryValue(sku) + shipNodeParam(shipNode));
        return http.send(INVENTORY, () -> headers(HttpRequest.newBuilder(uri))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(inventoryJson)));
    }

    /** {@code POST /v3/feeds?feedType=} with the feed file as the multipart part {@code file}. */
    ChannelAnswer submitFeed(String feedType, String shipNode, String fileName, String feedJson)
            throws IOException, InterruptedException {
        URI uri = uri(account.endpoint(), "/v3/feeds?feedType=" + queryValue(feedType) + shipNodeParam(shipNode));
        String boundary = "railhead-" + UUID.randomUUID();
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + feedJson + "\r\n--" + boundary + "--\r\n";
        return http.send(FEEDS, () -> headers(HttpRequest.newBuilder(uri))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** {@code GET /v3/feeds/{feedId}?includeDetails=true} from {@code offset}, {@code limit} items (at most 50). */
    ChannelAnswer feedStatus(String feedId, int offset, int limit) throws IOException, InterruptedException {
        URI uri = uri(account.endpoint(), "/v3/feeds/" + queryValue(feedId) + "?includeDetails=true&offset=" + offset
                + "&limit=" + limit);
        return http.send(FEED_STATUS, () -> headers(HttpRequest.newBuilder(uri)).GET());
    }

    /** The wait an answer asks for (Retry-After, Walmart's replenish headers). */
    Duration requestedWait(ChannelAnswer answer) {
        return http.requestedWait(answer).orElse(null);
    }

    /** Walmart's error answer ({@code errors.error[]} or {@code errors[]}) as "code: description". */
    static String errors(ChannelAnswer answer) {
        List<String> texts = new ArrayList<>();
        answer.jsonIfAny().ifPresent(json -> {
            JsonNode errors = json.path("errors");
            JsonNode list = errors.isArray() ? errors : errors.path("error");
            for (JsonNode e : list) {
                String text = e.path("description").asText(e.path("info").asText(""));
                texts.add(e.path("code").asText("") + (text.isEmpty() ? "" : ": " + text));
            }
        });
        if (!texts.isEmpty()) {
            return String.join("; ", texts);
        }
        String body = answer.body().strip();
        return body.isEmpty() ? "(no body)" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    /**
     * A SKU or id as Walmart wants it in a URL: the reserved characters percent-encoded, a space as
     * {@code %20} (not '+'), '*' too (URLEncoder leaves it).
     */
    static String queryValue(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }

    private static String shipNodeParam(String shipNode) {
        return shipNode == null || shipNode.isBlank() ? "" : "&shipNode=" + queryValue(shipNode.trim());
    }

    /** What Walmart answered to a call the caller classifies itself. */
    record Answer(int status, String body, Duration retryAfter, String wmCorrelationId) {
    }

    private HttpRequest.Builder headers(HttpRequest.Builder b) {
        b.header(CORRELATION, UUID.randomUUID().toString())
                .header("WM_SVC.NAME", serviceName)
                .header("Accept", "application/json");
        if (consumerChannelType != null && !consumerChannelType.isBlank()) {
            b.header("WM_CONSUMER.CHANNEL.TYPE", consumerChannelType);
        }
        return b;
    }

    private AccessToken.Token newToken() throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((account.clientId() + ":" + account.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        ChannelAnswer answer = http.sendUnsigned(TOKEN, () -> headers(HttpRequest.newBuilder(
                        uri(account.endpoint(), TOKEN_PATH)))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        if (!answer.ok()) {
            throw new IOException("Walmart refused the token request for " + account + ": HTTP " + answer.status());
        }
        String value = answer.json().path("access_token").asText(null);
        if (value == null || value.isBlank()) {
            throw new IOException("Walmart answered the token request for " + account + " without an access_token");
        }
        return new AccessToken.Token(value, Duration.ofSeconds(answer.json().path("expires_in").asLong(900)));
    }

    /**
     * The endpoint plus a path and query taken over verbatim: Walmart's {@code nextCursor} must be
     * sent back exactly as received (decoding it breaks it). Only characters that cannot appear in
     * a URI at all are percent-encoded; everything else, including existing {@code %xx}, is kept.
     */
    static URI uri(String endpoint, String pathAndQuery) {
        StringBuilder safe = new StringBuilder(pathAndQuery.length());
        for (byte b : pathAndQuery.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@/?%".indexOf(c) >= 0)) {
                safe.append((char) c);
            } else {
                safe.append('%').append(String.format("%02X", c));
            }
        }
        return URI.create(endpoint + safe);
    }
}
