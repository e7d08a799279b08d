package io.railhead.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.railhead.channel.http.AccessToken;
import io.railhead.channel.http.ChannelAnswer;
import io.railhead.channel.http.ChannelCallException;
import io.railhead.channel.http.ChannelHttp;
import io.railhead.inventory.StockChannel;
import io.railhead.inventory.StockPushItem;
import io.railhead.inventory.StockPushResult;
import io.railhead.inventory.StockPushTarget;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Sets the quantity a seller lists for merchant-fulfilled offers on Amazon, one
 * {@code patchListingsItem} call per SKU (Listings Items 2021-08-01: {@code replace} of
 * {@code /attributes/fulfillment_availability} with the {@code DEFAULT} fulfillment channel).
 * The operation is metered per seller at 5 calls a second (burst 5, following
 * {@code x-amzn-RateLimit-Limit}) and answers in about 0.3 s, so a batch is sent a few calls at a
 * time up to that pace rather than one after another. Amazon's {@code ACCEPTED} means accepted for
 * processing, which is as far as the API tells; {@code INVALID} and 400/404 are refusals of that
 * SKU, throttling, 5xx, broken connections and refused credentials are tried again later. A push of
 * more SKUs than {@code listings-feed-threshold} (a resync, a large snapshot) goes as one
 * {@link AmazonListingsFeed} instead.
 */
@Component
public class AmazonStockPush implements StockPushTarget {

    static final String TYPE = "amazon";
    static final String PATCH_LISTINGS_ITEM = "patchListingsItem";
    static final String DEFAULT_PRODUCT_TYPE = "PRODUCT";
    private static final String TOKEN = "token";
    /** Listings Items usage plan of patchListingsItem: 5 requests per second, burst 5, per seller. */
    private static final double PATCH_RATE = 5;
    private static final int PATCH_BURST = 5;
    /** Calls of one batch in flight at once: as many as the burst, so the pace, not a queue, sets the speed. */
    private static final int PARALLEL = PATCH_BURST;
    /** Items one push may be given: a few are patched one by one, more go as one listings feed. */
    private static final int BATCH_SIZE = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(AmazonStockPush.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final AmazonProperties properties;
    private final MeterRegistry metrics;
    private final UnaryOperator<ChannelHttp.Builder> clientSettings;
    private final Map<String, Seller> sellers = new ConcurrentHashMap<>();

    @Autowired
    public AmazonStockPush(AmazonProperties properties, MeterRegistry metrics) {
        this(properties, metrics, UnaryOperator.identity());
    }

    /** For tests that need other client settings (fewer attempts). */
    AmazonStockPush(AmazonProperties properties, MeterRegistry metrics, UnaryOperator<ChannelHttp.Builder> clientSettings) {
        this.properties = properties;
        this.metrics = metrics;
        this.clientSettings = clientSettings;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int batchSize(StockChannel channel) {
        return BATCH_SIZE;
    }

    @Override
    public String misconfigured(StockChannel channel) {
        String name = accountName(channel);
        String prefix = "default".equals(name) ? "railhead.channels.amazon." : "railhead.channels.amazon.accounts." + name + ".";
        AmazonProperties.ResolvedAccount account = account(name);
        if (account == null) {
            return "default".equals(name)
                    ? "Amazon stock push: no refresh token for the default account (railhead.channels.amazon.refresh-token)"
                    : "Amazon stock push: no account '" + name + "' (railhead.channels.amazon.accounts." + name + ".*)";
        }
        List<String> missing = new ArrayList<>();
        if (blank(account.clientId()) || blank(account.clientSecret()) || blank(account.refreshToken())) {
            missing.add("LWA credentials (" + prefix + "client-id, client-secret, refresh-token)");
        }
        if (blank(account.endpoint()) || blank(account.tokenUrl())) {
            missing.add(prefix + "endpoint / token-url");
        }
        if (blank(account.sellerId())) {
            missing.add("the seller id (" + prefix + "seller-id)");
        }
        if (account.marketplaceIds() == null || account.marketplaceIds().stream().allMatch(AmazonStockPush::blank)) {
            missing.add("marketplace ids (" + prefix + "marketplace-ids)");
        }
        return missing.isEmpty() ? null
                : "Amazon stock push for " + account + " lacks " + String.join(", ", missing);
    }

    @Override
    public List<StockPushResult> push(StockChannel channel, List<StockPushItem> items)
            throws IOException, InterruptedException {
        if (items.isEmpty()) {
            return List.of();
        }
        String problem = misconfigured(channel);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        Seller seller = seller(account(accountName(channel)));
        // One token for the batch before the calls fan out: a refused refresh fails the batch once, not per SKU.
        seller.token.get();
        String productType = blank(channel.setting("productType")) ? DEFAULT_PRODUCT_TYPE : channel.setting("productType");
        if (items.size() > properties.listingsFeedThreshold()) {
            List<StockPushResult> results = new AmazonListingsFeed(seller.http, seller.account,
                    properties.feedPollInterval(), properties.feedTimeout()).push(productType, items);
            log(seller.account, results);
            return results;
        }

        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, items.size()), daemonThreads());
        try {
            List<Future<StockPushResult>> calls = new ArrayList<>(items.size());
            for (StockPushItem item : items) {
                calls.add(pool.submit(() -> patch(seller, productType, item)));
            }
            List<StockPushResult> results = new ArrayList<>(items.size());
            for (int i = 0; i < calls.size(); i++) {
                try {
                    results.add(calls.get(i).get());
                } catch (ExecutionException e) {
                    results.add(StockPushResult.retry(items.get(i).sku(), "Amazon patchListingsItem failed: "
                            + e.getCause(), null));
                }
            }
            log(seller.account, results);
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One SKU's patch and what it came to; only an interruption escapes. */
    private StockPushResult patch(Seller seller, String productType, StockPushItem item) throws InterruptedException {
        AmazonProperties.ResolvedAccount account = seller.account;
        URI uri = URI.create(stripSlash(account.endpoint()) + "/listings/2021-08-01/items/" + pathSegment(account.sellerId())
                + "/" + pathSegment(item.channelSku()) + "?marketplaceIds=" + account.marketplaceIds().stream()
                .filter(id -> !blank(id)).map(id -> URLEncoder.encode(id.trim(), StandardCharsets.UTF_8))
                .collect(Collectors.joining(",")));
        String body = body(productType, item.quantity());
        ChannelAnswer answer;
        try {
            answer = seller.http.send(PATCH_LISTINGS_ITEM, () -> HttpRequest.newBuilder(uri)
                    .header("Accept", "application/json").header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
        } catch (ChannelCallException e) {
            // Throttled, 5xx or no connection after ChannelHttp's own attempts: later, after what Amazon asked for.
            return StockPushResult.retry(item.sku(), e.getMessage(), e.retryAfter());
        } catch (IOException e) {
            return StockPushResult.retry(item.sku(), "Amazon patchListingsItem for " + account + " failed: " + e, null);
        }
        return outcome(seller.http, item, answer);
    }

    static String body(String productType, int quantity) {
        ObjectNode root = JSON.createObjectNode();
        root.put("productType", productType);
        ObjectNode patch = root.putArray("patches").addObject();
        patch.put("op", "replace");
        patch.put("path", "/attributes/fulfillment_availability");
        patch.putArray("value").addObject().put("fulfillment_channel_code", "DEFAULT").put("quantity", quantity);
        return root.toString();
    }

    private static StockPushResult outcome(ChannelHttp http, StockPushItem item, ChannelAnswer answer) {
        int status = answer.status();
        if (answer.ok()) {
            JsonNode json = answer.jsonIfAny().orElse(null);
            String submission = json == null ? "" : json.path("status").asText("");
            if ("ACCEPTED".equals(submission)) {
                return StockPushResult.accepted(item.sku());
            }
            if ("INVALID".equals(submission)) {
                return StockPushResult.refused(item.sku(), "Amazon: INVALID: " + issues(json));
            }
            return StockPushResult.retry(item.sku(), "Amazon answered status '" + submission + "' to patchListingsItem",
                    null);
        }
        if (status == 401 || status == 403) {
            // ChannelHttp already fetched a new token once: an expired or revoked grant, worth another try later.
            return StockPushResult.retry(item.sku(), "Amazon refused the credentials (HTTP " + status + "): "
                    + errors(answer), http.requestedWait(answer).orElse(null));
        }
        if (status == 408 || status == 429 || status >= 500) {
            return StockPushResult.retry(item.sku(), "Amazon answered HTTP " + status, http.requestedWait(answer).orElse(null));
        }
        return StockPushResult.refused(item.sku(), "Amazon answered HTTP " + status + ": " + errors(answer));
    }

    /** The ERROR issues of an INVALID submission (all issues when none is an ERROR), as "code: message". */
    private static String issues(JsonNode json) {
        List<String> errors = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (JsonNode issue : json.path("issues")) {
            String text = issue.path("code").asText("") + ": " + issue.path("message").asText("");
            ("ERROR".equals(issue.path("severity").asText()) ? errors : others).add(text);
        }
        List<String> shown = errors.isEmpty() ? others : errors;
        return shown.isEmpty() ? "no issues given" : String.join("; ", shown);
    }

    /** Amazon's {@code ErrorList} as "code: message", or the body's start when it is something else. */
    private static String errors(ChannelAnswer answer) {
        List<String> texts = new ArrayList<>();
        answer.jsonIfAny().ifPresent(json -> json.path("errors").forEach(e ->
                texts.add(e.path("code").asText("") + ": " + e.path("message").asText(""))));
        if (!texts.isEmpty()) {
            return String.join("; ", texts);
        }
        String body = answer.body().strip();
        return body.isEmpty() ? "(no body)" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    private static void log(AmazonProperties.ResolvedAccount account, List<StockPushResult> results) {
        Map<StockPushResult.Outcome, Long> counts = results.stream()
                .collect(Collectors.groupingBy(StockPushResult::outcome, Collectors.counting()));
        LOG.info("Amazon stock push for {}: {} accepted, {} refused, {} to retry", account,
                counts.getOrDefault(StockPushResult.Outcome.ACCEPTED, 0L),
                counts.getOrDefault(StockPushResult.Outcome.REFUSED, 0L),
                counts.getOrDefault(StockPushResult.Outcome.RETRY, 0L));
    }

    private String accountName(StockChannel channel) {
        return blank(channel.account()) ? "default" : channel.account();
    }

    private AmazonProperties.ResolvedAccount account(String name) {
        return properties.resolvedAccounts().stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
    }

    /** One client per seller account, kept while its settings stay the same. */
    private Seller seller(AmazonProperties.ResolvedAccount account) {
        return sellers.compute(account.name(), (name, existing) -> existing != null && existing.account.equals(account)
                ? existing : new Seller(account));
    }

    /** A seller's client: its own LWA token and the patchListingsItem pace of that seller. */
    private final class Seller {

        final AmazonProperties.ResolvedAccount account;
        final AccessToken token;
        final ChannelHttp http;

        Seller(AmazonProperties.ResolvedAccount account) {
            this.account = account;
            this.token = new AccessToken("x-amz-access-token", "", account.toString(), this::refreshToken);
            this.http = clientSettings.apply(ChannelHttp.builder("amazon", account.name(), metrics).auth(token)
                    .throttle(SpApiClient.THROTTLE)
                    .operations(PATCH_RATE, PATCH_BURST, PATCH_LISTINGS_ITEM)
                    // Feeds API 2021-06-30 usage plans
                    .operations(0.5, 15, AmazonListingsFeed.CREATE_FEED_DOCUMENT)
                    .operations(0.0083, 15, AmazonListingsFeed.CREATE_FEED)
                    .operations(2, 15, AmazonListingsFeed.GET_FEED)
                    .operations(0.0222, 10, AmazonListingsFeed.GET_FEED_DOCUMENT)
                    .operations(10, 10, AmazonListingsFeed.UPLOAD)
                    .operations(1, 1, TOKEN)).build();
        }

        private AccessToken.Token refreshToken() throws IOException, InterruptedException {
            return SpApiClient.refreshToken(http, TOKEN, account);
        }
    }

    private static ThreadFactory daemonThreads() {
        return r -> {
            Thread t = new Thread(r, "amazon-stock-push-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A path segment: URL-encoded, a space as %20 (a '+' in a path is a plus). */
    static String pathSegment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
