package io.railhead.channel.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.shared.TokenBucket;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One seller account's connection to the Walmart Marketplace API: the OAuth client-credentials
 * token ({@code POST /v3/token} with Basic auth, kept until shortly before its 15 minutes are up,
 * renewed at once when a call answers 401), the headers every call needs
 * ({@code WM_SEC.ACCESS_TOKEN}, a fresh {@code WM_QOS.CORRELATION_ID}, {@code WM_SVC.NAME}), paging
 * URLs built from {@code nextCursor} exactly as Walmart sent it, and pacing: a token bucket per
 * account that a 429 empties for as long as Walmart's headers ask. Shared by the poller and the
 * acknowledgement route through {@link WalmartClients}.
 */
class WalmartApiClient {

    private static final Logger LOG = LoggerFactory.getLogger(WalmartApiClient.class);
    static final String TOKEN_PATH = "/v3/token";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MAX_REFRESH_MARGIN = Duration.ofSeconds(60);
    private static final int MAX_ATTEMPTS = 6;

    private final WalmartProperties.ResolvedAccount account;
    private final HttpClient http;
    private final TokenBucket bucket;
    private final String serviceName;
    private final String consumerChannelType;
    private String accessToken;
    private Instant renewAt = Instant.EPOCH;

    WalmartApiClient(WalmartProperties.ResolvedAccount account, WalmartProperties properties, HttpClient http) {
        this.account = account;
        this.http = http;
        this.serviceName = properties.serviceName();
        this.consumerChannelType = properties.consumerChannelType();
        double rate = properties.requestsPerSecond();
        this.bucket = new TokenBucket(rate, (int) Math.max(1, Math.ceil(rate)));
    }

    WalmartProperties.ResolvedAccount account() {
        return account;
    }

    /**
     * GET of a list resource ({@code pathAndQuery} starts with {@code /v3/}); paced, repeated after a
     * 429/5xx once the wait Walmart asks for has passed (at most {@value #MAX_ATTEMPTS} tries), and
     * once with a new token after a 401. Walmart answers 404 when nothing matches: an empty result.
     */
    JsonNode getList(String pathAndQuery) throws IOException, InterruptedException {
        boolean renewed = false;
        for (int attempt = 1; ; attempt++) {
            bucket.acquire();
            String wmCorrelationId = UUID.randomUUID().toString();
            HttpResponse<String> response = http.send(request(pathAndQuery, wmCorrelationId).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == 200) {
                WalmartThrottle.exhaustedWindow(headers(response.headers()), Instant.now()).ifPresent(bucket::pauseFor);
                return WalmartOrders.JSON.readTree(response.body());
            }
            if (status == 404) {
                return WalmartOrders.JSON.createObjectNode();
            }
            if (status == 401 && !renewed) {
                // The token expired or was revoked mid-run: get a new one and repeat the call once.
                invalidateToken();
                renewed = true;
                continue;
            }
            if ((status == 429 || status >= 500) && attempt < MAX_ATTEMPTS) {
                Duration wait = WalmartThrottle.waitAfter(headers(response.headers()), attempt, Instant.now());
                LOG.warn("Walmart GET {} answered {} for {} (WM_QOS.CORRELATION_ID {}); next call in {} ms",
                        pathOnly(pathAndQuery), status, account, wmCorrelationId, wait.toMillis());
                bucket.pauseFor(wait);
                continue;
            }
            throw new IOException("Walmart GET " + pathOnly(pathAndQuery) + " answered " + status + " for " + account
                    + " (WM_QOS.CORRELATION_ID " + wmCorrelationId + ")");
        }
    }

    /**
     * One {@code POST /v3/orders/{purchaseOrderId}/acknowledge}, no retry here: the queue retries.
     * A 401 drops the token so the retry gets a new one.
     */
    Answer acknowledge(String purchaseOrderId) throws IOException, InterruptedException {
        String wmCorrelationId = UUID.randomUUID().toString();
        HttpResponse<String> response = http.send(request("/v3/orders/" + URLEncoder.encode(purchaseOrderId,
                        StandardCharsets.UTF_8).replace("+", "%20") + "/acknowledge", wmCorrelationId)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401) {
            invalidateToken();
        }
        Function<String, Optional<String>> headers = headers(response.headers());
        return new Answer(response.statusCode(), response.body(), WalmartThrottle.requestedWait(headers, Instant.now())
                .orElse(null), wmCorrelationId);
    }

    /** What Walmart answered to a call the caller classifies itself. */
    record Answer(int status, String body, Duration retryAfter, String wmCorrelationId) {
    }

    private HttpRequest.Builder request(String pathAndQuery, String wmCorrelationId)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(account.endpoint(), pathAndQuery))
                .timeout(CALL_TIMEOUT)
                .header("WM_SEC.ACCESS_TOKEN", accessToken())
                .header("WM_QOS.CORRELATION_ID", wmCorrelationId)
                .header("WM_SVC.NAME", serviceName)
                .header("Accept", "application/json");
        if (consumerChannelType != null && !consumerChannelType.isBlank()) {
            b.header("WM_CONSUMER.CHANNEL.TYPE", consumerChannelType);
        }
        return b;
    }

    /** The access token, fetched when there is none or it is about to expire. */
    synchronized String accessToken() throws IOException, InterruptedException {
        if (accessToken != null && Instant.now().isBefore(renewAt)) {
            return accessToken;
        }
        String basic = Base64.getEncoder().encodeToString((account.clientId() + ":" + account.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(account.endpoint(), TOKEN_PATH))
                .timeout(CALL_TIMEOUT)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("WM_SVC.NAME", serviceName)
                .header("WM_QOS.CORRELATION_ID", UUID.randomUUID().toString());
        if (consumerChannelType != null && !consumerChannelType.isBlank()) {
            b.header("WM_CONSUMER.CHANNEL.TYPE", consumerChannelType);
        }
        HttpResponse<String> response = http.send(b.POST(HttpRequest.BodyPublishers.ofString(
                "grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 429) {
            bucket.pauseFor(WalmartThrottle.waitAfter(headers(response.headers()), 1, Instant.now()));
        }
        if (response.statusCode() != 200) {
            throw new IOException("Walmart refused the token request for " + account + ": HTTP " + response.statusCode());
        }
        JsonNode token = WalmartOrders.JSON.readTree(response.body());
        String value = token.path("access_token").asText(null);
        if (value == null || value.isBlank()) {
            throw new IOException("Walmart answered the token request for " + account + " without an access_token");
        }
        Duration lifetime = Duration.ofSeconds(token.path("expires_in").asLong(900));
        // Renewed a minute before it expires (sooner for short-lived tokens), never used to the last second.
        Duration margin = lifetime.dividedBy(4).compareTo(MAX_REFRESH_MARGIN) < 0 ? lifetime.dividedBy(4) : MAX_REFRESH_MARGIN;
        accessToken = value;
        renewAt = Instant.now().plus(lifetime).minus(margin);
        LOG.info("Walmart access token renewed for {} (valid {} s)", account, lifetime.toSeconds());
        return accessToken;
    }

    synchronized void invalidateToken() {
        accessToken = null;
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

    private static Function<String, Optional<String>> headers(HttpHeaders headers) {
        return headers::firstValue;
    }

    private static String pathOnly(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }
}
