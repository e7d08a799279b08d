package io.railhead.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.railhead.channel.ChannelIntake;
import io.railhead.channel.CheckpointStore;
import io.railhead.order.OrderIds;
import io.railhead.order.OrderStore;
import io.railhead.shared.RetryAfter;
import io.railhead.shared.TokenBucket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The safety net under Shopify webhooks: a scheduled poll (route {@code channel-reconcile-shopify},
 * leader only) of the orders updated since the last checkpoint, through the Admin GraphQL API
 * ({@code orders(query: "updated_at:>…")}), paced by the query cost Shopify reports in
 * {@code extensions.cost.throttleStatus}. Every order the hub does not have in that version is
 * fetched in its REST form (the webhook payload shape) and put on the intake queue, where the
 * usual dedupe applies: a missed webhook becomes a late order, not a lost one. Orders found this
 * way that the hub had never seen at all are counted as missed webhooks.
 */
@Component("shopifyReconciler")
public class ShopifyReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(ShopifyReconciler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CHECKPOINT = "reconcile.updated_at";
    static final String MISSED_SCOPE = "shopify-missed-webhook";
    private static final int PAGE_SIZE = 50;
    private static final int MAX_THROTTLED_ATTEMPTS = 6;
    private static final String QUERY = """
            query Reconcile($first: Int!, $after: String, $query: String!) {
              orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
                pageInfo { hasNextPage endCursor }
                nodes { legacyResourceId updatedAt }
              }
            }""";

    private final ShopifyProperties properties;
    private final CheckpointStore checkpoints;
    private final ChannelIntake intake;
    private final OrderStore orders;
    private final TransactionTemplate tx;
    private final MeterRegistry metrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final TokenBucket rest;
    private volatile double graphQlAvailable = -1;
    private volatile double graphQlRestoreRate = 50;

    public ShopifyReconciler(ShopifyProperties properties, CheckpointStore checkpoints, ChannelIntake intake,
                             OrderStore orders, TransactionTemplate tx, MeterRegistry metrics) {
        this.properties = properties;
        this.checkpoints = checkpoints;
        this.intake = intake;
        this.orders = orders;
        this.tx = tx;
        this.metrics = metrics;
        this.rest = new TokenBucket(properties.restRate(), 2);
    }

    /** Called by the route: a failed run is logged and counted, and repeated from the same checkpoint next time. */
    public void reconcileSafely() throws InterruptedException {
        try {
            reconcile();
        } catch (IOException | RuntimeException e) {
            metrics.counter("railhead.poll.failures", "channel", "shopify", "account", String.valueOf(properties.shopDomain()))
                    .increment();
            LOG.warn("Shopify reconciliation failed, repeated next run: {}", e.getMessage());
        }
    }

    /** One reconciliation run; the checkpoint moves only when every page was handled. */
    public void reconcile() throws IOException, InterruptedException {
        if (!properties.reconcileEnabled()) {
            return;
        }
        String shop = properties.accountFor(properties.shopDomain()).orElseThrow();
        Instant since = checkpoints.get("shopify", shop, CHECKPOINT).map(Instant::parse)
                .orElse(Instant.now().minus(properties.reconcileLookback()));
        Instant from = since.minus(properties.reconcileOverlap());
        Instant newest = since;
        String correlationId = "shopify-reconcile-" + UUID.randomUUID();
        MDC.put("correlationId", correlationId);
        int found = 0;
        int late = 0;
        try {
            String cursor = null;
            do {
                JsonNode page = graphQl(Map.of("first", PAGE_SIZE, "query", "updated_at:>'" + from + "'",
                        "after", cursor == null ? "" : cursor)).path("data").path("orders");
                for (JsonNode node : page.path("nodes")) {
                    found++;
                    String id = node.path("legacyResourceId").asText();
                    Instant updatedAt = Instant.parse(node.path("updatedAt").asText());
                    if (updatedAt.isAfter(newest)) {
                        newest = updatedAt;
                    }
                    if (enqueueIfNotCurrent(shop, id, updatedAt, correlationId)) {
                        late++;
                    }
                }
                cursor = page.path("pageInfo").path("hasNextPage").asBoolean() ? page.path("pageInfo")
                        .path("endCursor").asText(null) : null;
            } while (cursor != null);
            checkpoints.put("shopify", shop, CHECKPOINT, newest.toString());
            LOG.info("Shopify reconciliation of {}: {} order(s) updated since {}, {} not current in the hub", shop, found,
                    from, late);
        } finally {
            MDC.remove("correlationId");
        }
    }

    /** How many orders reconciliation found that no webhook had ever brought. */
    public long missedWebhookCount() {
        return orders.countKeys(MISSED_SCOPE);
    }

    public Optional<String> checkpoint() {
        return properties.reconcileEnabled() ? checkpoints.get("shopify", properties.accountFor(properties.shopDomain()).orElseThrow(), CHECKPOINT)
                : Optional.empty();
    }

    private boolean enqueueIfNotCurrent(String shop, String id, Instant updatedAt, String correlationId)
            throws IOException, InterruptedException {
        String orderId = OrderIds.forChannelOrder("shopify", shop, id);
        Optional<Instant> known = orders.find(orderId).map(o -> o.channelUpdatedAt());
        if (known.isPresent() && known.get() != null && !updatedAt.isAfter(known.get())) {
            return false;
        }
        JsonNode order = restOrder(id);
        if (order == null) {
            return false;
        }
        if (known.isEmpty()) {
            tx.executeWithoutResult(s -> orders.claimKey(MISSED_SCOPE, orderId, id));
            metrics.counter("railhead.shopify.missed.webhooks", "shop", shop).increment();
            LOG.warn("Shopify order {} ({}) found by reconciliation: its webhook never arrived", orderId, id);
        }
        intake.enqueue("shopify", shop, "reconcile:" + id + "@" + updatedAt, "orders/reconcile",
                JSON.writeValueAsString(order), correlationId);
        return true;
    }

    private JsonNode restOrder(String id) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            rest.acquire();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(properties.adminBase() + "/orders/" + id
                            + ".json")).timeout(Duration.ofSeconds(30))
                    .header("X-Shopify-Access-Token", properties.accessToken()).header("Accept", "application/json")
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return JSON.readTree(r.body()).path("order");
            }
            if (r.statusCode() == 404) {
                return null;
            }
            if ((r.statusCode() == 429 || r.statusCode() >= 500) && attempt < MAX_THROTTLED_ATTEMPTS) {
                rest.pauseFor(RetryAfter.parse(r.headers().firstValue("Retry-After").orElse(null))
                        .orElse(Duration.ofSeconds(attempt)));
                continue;
            }
            throw new IOException("Shopify REST order " + id + " answered " + r.statusCode());
        }
    }

    private JsonNode graphQl(Map<String, Object> variables) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("query", QUERY);
        ObjectNode vars = body.putObject("variables");
        variables.forEach((k, v) -> {
            if (v instanceof Integer i) {
                vars.put(k, i);
            } else if (!"".equals(v)) {
                vars.put(k, String.valueOf(v));
            }
        });
        for (int attempt = 1; ; attempt++) {
            waitForQueryBudget();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(properties.adminBase() + "/graphql.json"))
                    .timeout(Duration.ofSeconds(30))
                    .header("X-Shopify-Access-Token", properties.accessToken())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = r.statusCode() == 200 || r.statusCode() == 429 ? JSON.readTree(r.body()) : null;
            if (answer != null) {
                JsonNode throttle = answer.path("extensions").path("cost").path("throttleStatus");
                if (throttle.has("currentlyAvailable")) {
                    graphQlAvailable = throttle.path("currentlyAvailable").asDouble();
                    graphQlRestoreRate = throttle.path("restoreRate").asDouble(graphQlRestoreRate);
                }
            }
            boolean throttled = r.statusCode() == 429 || (answer != null && answer.path("errors").toString().contains("Throttled"));
            if (throttled && attempt < MAX_THROTTLED_ATTEMPTS) {
                graphQlAvailable = Math.min(graphQlAvailable, 0);
                continue;
            }
            if (answer == null || answer.has("errors")) {
                throw new IOException("Shopify GraphQL answered " + r.statusCode() + " "
                        + (answer == null ? "" : answer.path("errors").toString()));
            }
            return answer;
        }
    }

    /** Waits until the bucket Shopify reported has restored enough points for one more page. */
    private void waitForQueryBudget() throws InterruptedException {
        double needed = PAGE_SIZE + 2; // an orders page costs about one point per node plus the connection
        if (graphQlAvailable >= 0 && graphQlAvailable < needed) {
            long millis = (long) Math.ceil((needed - graphQlAvailable) / Math.max(graphQlRestoreRate, 1) * 1000);
            Thread.sleep(millis);
            graphQlAvailable = needed;
        }
    }
}
