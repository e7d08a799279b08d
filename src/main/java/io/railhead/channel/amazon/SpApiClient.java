package io.railhead.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.railhead.channel.http.AccessToken;
import io.railhead.channel.http.ChannelAnswer;
import io.railhead.channel.http.ChannelHttp;
import io.railhead.channel.http.ChannelThrottle;
import io.railhead.channel.http.TokenBucket;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One seller account's connection to the Selling Partner API: the Orders v0 calls (orders and their
 * items with their paging, {@code NextToken} URL-encoded; shipment confirmations) through
 * {@link ChannelHttp}, with a Login with Amazon access token (renewed before it expires, and at once
 * when a call is refused) and one token bucket per operation at its documented quota, which follows
 * the rate Amazon reports in {@code x-amzn-RateLimit-Limit}; after a 429 the next call waits what
 * that rate implies.
 */
class SpApiClient {

    static final String GET_ORDERS = "getOrders";
    static final String GET_ORDER_ITEMS = "getOrderItems";
    static final String CONFIRM_SHIPMENT = "confirmShipment";
    /** Orders v0 usage plan of confirmShipment: 2 requests per second, burst 10, per seller. */
    private static final double CONFIRM_SHIPMENT_RATE = 2;
    private static final int CONFIRM_SHIPMENT_BURST = 10;
    private static final String TOKEN = "token";

    /** Amazon reports each operation's current rate on every answer. */
    static final ChannelThrottle THROTTLE = new ChannelThrottle() {
        @Override
        public void observe(ChannelAnswer answer, TokenBucket bucket, Instant now) {
            answer.header("x-amzn-RateLimit-Limit").flatMap(SpApiClient::rate).ifPresent(bucket::setRate);
        }
    };

    private final AmazonProperties.ResolvedAccount account;
    private final ChannelHttp http;

    SpApiClient(AmazonProperties.ResolvedAccount account, AmazonProperties.Rates rates, MeterRegistry metrics) {
        this.account = account;
        AccessToken token = new AccessToken("x-amz-access-token", "", account.toString(), this::refreshToken);
        this.http = ChannelHttp.builder("amazon", account.name(), metrics).auth(token).throttle(THROTTLE)
                .operations(rates.getOrders(), rates.getOrdersBurst(), GET_ORDERS)
                .operations(rates.getOrderItems(), rates.getOrderItemsBurst(), GET_ORDER_ITEMS)
                .operations(CONFIRM_SHIPMENT_RATE, CONFIRM_SHIPMENT_BURST, CONFIRM_SHIPMENT)
                .operations(1, 1, TOKEN).build();
    }

    /** One page of orders: the first page of a window, or the page a NextToken points at. */
    Page getOrders(Instant lastUpdatedAfter, Instant lastUpdatedBefore, String nextToken)
            throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder("MarketplaceIds=").append(enc(String.join(",", account.marketplaceIds())));
        if (nextToken != null) {
            query.append("&NextToken=").append(enc(nextToken));
        } else {
            query.append("&LastUpdatedAfter=").append(enc(lastUpdatedAfter.toString()))
                    .append("&LastUpdatedBefore=").append(enc(lastUpdatedBefore.toString()));
        }
        JsonNode payload = call(GET_ORDERS, "/orders/v0/orders?" + query).path("payload");
        List<JsonNode> orders = new ArrayList<>();
        payload.path("Orders").forEach(orders::add);
        return new Page(orders, text(payload.get("NextToken")));
    }

    /** Every item of an order, all pages. */
    List<JsonNode> getOrderItems(String amazonOrderId) throws IOException, InterruptedException {
        List<JsonNode> items = new ArrayList<>();
        String next = null;
        do {
            String path = "/orders/v0/orders/" + enc(amazonOrderId) + "/orderItems"
                    + (next == null ? "" : "?NextToken=" + enc(next));
            JsonNode payload = call(GET_ORDER_ITEMS, path).path("payload");
            payload.path("OrderItems").forEach(items::add);
            next = text(payload.get("NextToken"));
        } while (next != null);
        return items;
    }

    /**
     * One {@code POST /orders/v0/orders/{orderId}/shipmentConfirmation} (a {@code ConfirmShipmentRequest}), sent
     * once whatever it answers (204 when confirmed): the shipment relay's caller repeats it.
     */
    ChannelAnswer confirmShipment(String amazonOrderId, String requestJson) throws IOException, InterruptedException {
        URI uri = URI.create(stripSlash(account.endpoint()) + "/orders/v0/orders/" + enc(amazonOrderId)
                + "/shipmentConfirmation");
        return http.sendOnce(CONFIRM_SHIPMENT, () -> HttpRequest.newBuilder(uri).header("Accept", "application/json")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(requestJson)));
    }

    /** The wait an answer asks for ({@code Retry-After}), or null. */
    Duration requestedWait(ChannelAnswer answer) {
        return http.requestedWait(answer).orElse(null);
    }

    AmazonProperties.ResolvedAccount account() {
        return account;
    }

    private JsonNode call(String operation, String pathAndQuery) throws IOException, InterruptedException {
        URI uri = URI.create(stripSlash(account.endpoint()) + pathAndQuery);
        return http.requireOk(operation, http.send(operation, () -> HttpRequest.newBuilder(uri)
                .header("Accept", "application/json").GET())).json();
    }

    private static Optional<Double> rate(String value) {
        try {
            return Optional.of(Double.parseDouble(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private AccessToken.Token refreshToken() throws IOException, InterruptedException {
        return refreshToken(http, TOKEN, account);
    }

    /**
     * Login with Amazon: the account's refresh token exchanged for an access token of about an hour, through
     * {@code http}'s {@code operation} (the poller's and the stock push's clients each keep their own token).
     */
    static AccessToken.Token refreshToken(ChannelHttp http, String operation, AmazonProperties.ResolvedAccount account)
            throws IOException, InterruptedException {
        String form = "grant_type=refresh_token&refresh_token=" + enc(account.refreshToken()) + "&client_id="
                + enc(account.clientId()) + "&client_secret=" + enc(account.clientSecret());
        ChannelAnswer answer = http.sendUnsigned(operation, () -> HttpRequest.newBuilder(URI.create(account.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (!answer.ok()) {
            throw new IOException("Login with Amazon refused the token refresh for " + account + ": HTTP "
                    + answer.status());
        }
        String value = answer.json().path("access_token").asText(null);
        if (value == null) {
            throw new IOException("Login with Amazon answered without an access_token for " + account);
        }
        return new AccessToken.Token(value, Duration.ofSeconds(answer.json().path("expires_in").asLong(3600)));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.asText().isBlank() ? null : node.asText();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** A page of getOrders. */
    record Page(List<JsonNode> orders, String nextToken) {
    }
}
