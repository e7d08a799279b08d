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
import java.util.Base64;
import java.util.UUID;

/**
 * One seller account's connection to the Walmart Marketplace API, through {@link ChannelHttp}:
 * the OAuth client-credentials token ({@code POST /v3/token} with Basic auth, renewed shortly
 * before its 15 minutes are up and at once when a call answers 401), the headers every call needs
 * ({@code WM_SEC.ACCESS_TOKEN}, a fresh {@code WM_QOS.CORRELATION_ID}, {@code WM_SVC.NAME}), paging
 * URLs built from {@code nextCursor} exactly as Walmart sent it, and one pace per account that
 * Walmart's throttle headers steer ({@link WalmartThrottle}). Shared by the poller and the
 * acknowledgement route through {@link WalmartClients}.
 */
class WalmartApiClient {

    static final String TOKEN_PATH = "/v3/token";
    private static final String LIST = "orders";
    private static final String ACKNOWLEDGE = "acknowledge";
    private static final String TOKEN = "token";
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
                .operations(rate, (int) Math.max(1, Math.ceil(rate)), LIST, ACKNOWLEDGE, TOKEN).build();
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
