package io.railhead.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.railhead.shared.TokenBucket;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One seller account's connection to the Selling Partner API: Login with Amazon token refresh
 * (renewed a minute before it expires, and again if a call is refused as unauthorized), the
 * Orders v0 calls with their paging ({@code NextToken}, URL-encoded), and pacing: one token
 * bucket per operation at its documented quota; a 429 empties the bucket for the wait the
 * reported {@code x-amzn-RateLimit-Limit} implies before the same call is tried again.
 */
class SpApiClient {

    private static final Logger LOG = LoggerFactory.getLogger(SpApiClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofSeconds(60);
    private static final int MAX_THROTTLED_ATTEMPTS = 6;

    private final AmazonProperties.ResolvedAccount account;
    private final HttpClient http;
    private final TokenBucket getOrders;
    private final TokenBucket getOrderItems;
    private String accessToken;
    private Instant accessTokenExpiry = Instant.EPOCH;

    SpApiClient(AmazonProperties.ResolvedAccount account, AmazonProperties.Rates rates, HttpClient http) {
        this.account = account;
        this.http = http;
        this.getOrders = new TokenBucket(rates.getOrders(), rates.getOrdersBurst());
        this.getOrderItems = new TokenBucket(rates.getOrderItems(), rates.getOrderItemsBurst());
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
        JsonNode payload = call(getOrders, "/orders/v0/orders?" + query).path("payload");
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
            JsonNode payload = call(getOrderItems, path).path("payload");
            payload.path("OrderItems").forEach(items::add);
            next = text(payload.get("NextToken"));
        } while (next != null);
        return items;
    }

    private JsonNode call(TokenBucket bucket, String pathAndQuery) throws IOException, InterruptedException {
        boolean refreshed = false;
        for (int attempt = 1; ; attempt++) {
            bucket.acquire();
            HttpRequest request = HttpRequest.newBuilder(URI.create(stripSlash(account.endpoint()) + pathAndQuery))
                    .timeout(Duration.ofSeconds(30))
                    .header("x-amz-access-token", accessToken())
                    .header("Accept", "application/json")
                    .GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            limitHeader(response).ifPresent(bucket::setRate);
            int status = response.statusCode();
            if (status == 200) {
                return JSON.readTree(response.body());
            }
            if ((status == 401 || status == 403) && !refreshed) {
                // The access token expired or was revoked mid-run: get a new one and repeat the call once.
                invalidateToken();
                refreshed = true;
                continue;
            }
            if ((status == 429 || status >= 500) && attempt < MAX_THROTTLED_ATTEMPTS) {
                Duration wait = waitAfterThrottle(bucket, attempt);
                LOG.warn("SP-API {} answered {} for {}; next call in {} ms", pathOnly(pathAndQuery), status, account,
                        wait.toMillis());
                bucket.pauseFor(wait);
                continue;
            }
            throw new IOException("SP-API " + pathOnly(pathAndQuery) + " answered " + status + " for " + account);
        }
    }

    /** The wait one request takes at the current rate, doubled for each repeated refusal. */
    private static Duration waitAfterThrottle(TokenBucket bucket, int attempt) {
        double seconds = (1.0 / bucket.rate()) * Math.pow(2, attempt - 1);
        return Duration.ofMillis((long) Math.ceil(Math.min(seconds, 300) * 1000));
    }

    private static Optional<Double> limitHeader(HttpResponse<?> response) {
        return response.headers().firstValue("x-amzn-RateLimit-Limit").flatMap(v -> {
            try {
                return Optional.of(Double.parseDouble(v.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private synchronized String accessToken() throws IOException, InterruptedException {
        if (accessToken == null || Instant.now().isAfter(accessTokenExpiry.minus(REFRESH_BEFORE_EXPIRY))) {
            String form = "grant_type=refresh_token&refresh_token=" + enc(account.refreshToken()) + "&client_id="
                    + enc(account.clientId()) + "&client_secret=" + enc(account.clientSecret());
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(account.tokenUrl()))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("Login with Amazon refused the token refresh for " + account + ": HTTP "
                        + response.statusCode());
            }
            JsonNode token = JSON.readTree(response.body());
            accessToken = token.path("access_token").asText(null);
            if (accessToken == null) {
                throw new IOException("Login with Amazon answered without an access_token for " + account);
            }
            accessTokenExpiry = Instant.now().plusSeconds(token.path("expires_in").asLong(3600));
            LOG.info("Access token renewed for {}", account);
        }
        return accessToken;
    }

    private synchronized void invalidateToken() {
        accessToken = null;
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

    private static String pathOnly(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    /** A page of getOrders. */
    record Page(List<JsonNode> orders, String nextToken) {
    }
}
