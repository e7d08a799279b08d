package io.railhead.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.channel.http.ChannelAnswer;
import io.railhead.channel.http.ChannelCallException;
import io.railhead.channel.http.ChannelHttp;
import io.railhead.inventory.StockPushItem;
import io.railhead.inventory.StockPushResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many quantities for one Amazon seller at once: a {@code JSON_LISTINGS_FEED} (Feeds API 2021-06-30) of
 * {@code PATCH} messages on {@code /attributes/fulfillment_availability}, used when a push holds more SKUs
 * than {@code listings-feed-threshold} (a resync, a large snapshot), where one patch per SKU at 5 a second
 * would take minutes. The feed document is created, its content uploaded to the presigned URL, the feed
 * created, its status followed until DONE, FATAL or CANCELLED, and the processing report read: a message
 * with an ERROR issue is that SKU's refusal, the others are accepted. A feed that does not finish, or
 * whose report cannot be read, leaves its SKUs to be pushed again later.
 */
final class AmazonListingsFeed {

    static final String FEED_TYPE = "JSON_LISTINGS_FEED";
    static final String CONTENT_TYPE = "application/json; charset=UTF-8";
    static final String CREATE_FEED_DOCUMENT = "createFeedDocument";
    static final String CREATE_FEED = "createFeed";
    static final String GET_FEED = "getFeed";
    static final String GET_FEED_DOCUMENT = "getFeedDocument";
    static final String UPLOAD = "uploadFeedDocument";
    /** Messages a JSON_LISTINGS_FEED may hold. */
    static final int MAX_MESSAGES = 25_000;

    private static final Logger LOG = LoggerFactory.getLogger(AmazonListingsFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient DOWNLOADS = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    private final ChannelHttp http;
    private final AmazonProperties.ResolvedAccount account;
    private final Duration pollInterval;
    private final Duration timeout;

    AmazonListingsFeed(ChannelHttp http, AmazonProperties.ResolvedAccount account, Duration pollInterval, Duration timeout) {
        this.http = http;
        this.account = account;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
    }

    /** The feed's content: one PATCH message per item, messageId = the item's 1-based position. */
    static String content(String sellerId, String productType, List<StockPushItem> items) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("header").put("sellerId", sellerId).put("version", "2.0").put("issueLocale", "en_US");
        ArrayNode messages = root.putArray("messages");
        for (int i = 0; i < items.size(); i++) {
            ObjectNode m = messages.addObject();
            m.put("messageId", i + 1).put("sku", items.get(i).channelSku()).put("operationType", "PATCH")
                    .put("productType", productType);
            ObjectNode patch = m.putArray("patches").addObject();
            patch.put("op", "replace").put("path", "/attributes/fulfillment_availability");
            patch.putArray("value").addObject().put("fulfillment_channel_code", "DEFAULT")
                    .put("quantity", items.get(i).quantity());
        }
        return root.toString();
    }

    List<StockPushResult> push(String productType, List<StockPushItem> items) throws IOException, InterruptedException {
        String base = endpoint();
        try {
            JsonNode document = http.requireOk(CREATE_FEED_DOCUMENT, http.send(CREATE_FEED_DOCUMENT, () ->
                    json(HttpRequest.newBuilder(URI.create(base + "/feeds/2021-06-30/documents")),
                            JSON.createObjectNode().put("contentType", CONTENT_TYPE)))).json();
            String documentId = document.path("feedDocumentId").asText("");
            URI upload = URI.create(document.path("url").asText(""));
            String content = content(account.sellerId(), productType, items);
            http.requireOk(UPLOAD, http.sendUnsigned(UPLOAD, () -> HttpRequest.newBuilder(upload)
                    .header("Content-Type", CONTENT_TYPE).PUT(HttpRequest.BodyPublishers.ofString(content))));
            ObjectNode spec = JSON.createObjectNode().put("feedType", FEED_TYPE).put("inputFeedDocumentId", documentId);
            ArrayNode marketplaces = spec.putArray("marketplaceIds");
            account.marketplaceIds().stream().filter(id -> id != null && !id.isBlank()).forEach(id -> marketplaces.add(id.trim()));
            String feedId = http.requireOk(CREATE_FEED, http.send(CREATE_FEED, () ->
                    json(HttpRequest.newBuilder(URI.create(base + "/feeds/2021-06-30/feeds")), spec))).json()
                    .path("feedId").asText("");
            if (feedId.isEmpty()) {
                return all(items, sku -> StockPushResult.retry(sku, "Amazon createFeed answered without a feedId", null));
            }
            LOG.info("Amazon {} {} created for {} with {} item(s)", FEED_TYPE, feedId, account, items.size());
            return follow(base, feedId, items);
        } catch (ChannelCallException e) {
            String message = "Amazon " + FEED_TYPE + " for " + account + " failed: " + e.getMessage();
            return all(items, sku -> e.transientFailure() || e.status() == 401 || e.status() == 403
                    ? StockPushResult.retry(sku, message, e.retryAfter()) : StockPushResult.refused(sku, message));
        }
    }

    private List<StockPushResult> follow(String base, String feedId, List<StockPushItem> items)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String status = "not yet seen";
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                String message = "Amazon feed " + feedId + " still " + status + " after " + timeout;
                LOG.warn("{} for {}; its items are pushed again later", message, account);
                return all(items, sku -> StockPushResult.retry(sku, message, null));
            }
            Thread.sleep(Math.max(1, Math.min(pollInterval.toMillis(), left / 1_000_000)));
            JsonNode feed;
            try {
                ChannelAnswer answer = http.send(GET_FEED, () -> HttpRequest.newBuilder(
                        URI.create(base + "/feeds/2021-06-30/feeds/" + AmazonStockPush.pathSegment(feedId)))
                        .header("Accept", "application/json").GET());
                if (!answer.ok()) {
                    LOG.warn("Amazon getFeed {} for {} answered HTTP {}, looking again later", feedId, account, answer.status());
                    continue;
                }
                feed = answer.json();
            } catch (ChannelCallException e) {
                LOG.warn("Amazon getFeed {} for {} failed, looking again later: {}", feedId, account, e.getMessage());
                continue;
            }
            status = feed.path("processingStatus").asText(status);
            switch (status) {
                case "DONE" -> {
                    return outcome(base, feedId, feed.path("resultFeedDocumentId").asText(""), items);
                }
                case "FATAL", "CANCELLED" -> {
                    String message = "Amazon feed " + feedId + " ended " + status + report(base, feedId,
                            feed.path("resultFeedDocumentId").asText(""));
                    return all(items, sku -> StockPushResult.retry(sku, message, null));
                }
                default -> {
                    // IN_QUEUE, IN_PROGRESS
                }
            }
        }
    }

    /** Per item: refused with its ERROR issues, else accepted; all retried when the report cannot be read. */
    private List<StockPushResult> outcome(String base, String feedId, String resultDocumentId, List<StockPushItem> items)
            throws IOException, InterruptedException {
        JsonNode report = readReport(base, resultDocumentId);
        if (report == null) {
            String message = "Amazon feed " + feedId + " is DONE but its processing report could not be read";
            return all(items, sku -> StockPushResult.retry(sku, message, null));
        }
        Map<Integer, List<String>> errors = new HashMap<>();
        for (JsonNode issue : report.path("issues")) {
            if ("ERROR".equals(issue.path("severity").asText())) {
                errors.computeIfAbsent(issue.path("messageId").asInt(-1), k -> new ArrayList<>())
                        .add(issue.path("code").asText("") + ": " + issue.path("message").asText(""));
            }
        }
        List<StockPushResult> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            List<String> e = errors.get(i + 1);
            results.add(e == null ? StockPushResult.accepted(items.get(i).sku())
                    : StockPushResult.refused(items.get(i).sku(), "Amazon feed " + feedId + ": " + String.join("; ", e)));
        }
        return results;
    }

    /** ": <the first issues of the report>" or an empty string. */
    private String report(String base, String feedId, String resultDocumentId) throws InterruptedException {
        try {
            JsonNode report = readReport(base, resultDocumentId);
            if (report == null || report.path("issues").isEmpty()) {
                return "";
            }
            List<String> texts = new ArrayList<>();
            report.path("issues").forEach(i -> {
                if (texts.size() < 5) {
                    texts.add(i.path("code").asText("") + ": " + i.path("message").asText(""));
                }
            });
            return ": " + String.join("; ", texts);
        } catch (IOException e) {
            LOG.warn("Amazon feed {} report for {} could not be read: {}", feedId, account, e.toString());
            return "";
        }
    }

    /** The processing report of a finished feed, or null when there is none or it cannot be read. */
    private JsonNode readReport(String base, String resultDocumentId) throws IOException, InterruptedException {
        if (resultDocumentId.isEmpty()) {
            return null;
        }
        JsonNode document;
        try {
            ChannelAnswer answer = http.send(GET_FEED_DOCUMENT, () -> HttpRequest.newBuilder(URI.create(base
                    + "/feeds/2021-06-30/documents/" + AmazonStockPush.pathSegment(resultDocumentId)))
                    .header("Accept", "application/json").GET());
            if (!answer.ok()) {
                return null;
            }
            document = answer.json();
        } catch (ChannelCallException e) {
            return null;
        }
        // A presigned URL: no SP-API credentials, and the body may be GZIP (compressionAlgorithm).
        HttpResponse<byte[]> report = DOWNLOADS.send(HttpRequest.newBuilder(URI.create(document.path("url").asText("")))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (report.statusCode() / 100 != 2) {
            return null;
        }
        InputStream in = new ByteArrayInputStream(report.body());
        if ("GZIP".equalsIgnoreCase(document.path("compressionAlgorithm").asText(""))) {
            in = new GZIPInputStream(in);
        }
        try (InputStream body = in) {
            return JSON.readTree(body);
        }
    }

    private String endpoint() {
        String e = account.endpoint();
        return e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
    }

    private static HttpRequest.Builder json(HttpRequest.Builder b, JsonNode body) {
        return b.header("Accept", "application/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private static List<StockPushResult> all(List<StockPushItem> items, Function<String, StockPushResult> result) {
        return items.stream().map(i -> result.apply(i.sku())).toList();
    }
}
