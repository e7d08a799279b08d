package io.railhead.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.railhead.channel.ChannelIntake;
import io.railhead.channel.CheckpointStore;
import io.railhead.channel.PollTarget;
import io.railhead.channel.http.ChannelAnswer;
import io.railhead.channel.http.ChannelHttp;
import io.railhead.order.OrderIds;
import io.railhead.order.OrderStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
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
 * ({@code orders(query: "updated_at:>…")}), paced by the query cost Shopify reports
 * ({@link ShopifyThrottle}). Every order the hub does not have in that version is
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
    static final int PAGE_SIZE = 50;
    private static final String GRAPHQL = "graphql";
    private static final String REST_ORDER = "order";
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
    private final ChannelHttp http;

    public ShopifyReconciler(ShopifyProperties properties, CheckpointStore checkpoints, ChannelIntake intake,
                             OrderStore orders, TransactionTemplate tx, MeterRegistry metrics) {
        this.properties = properties;
        this.checkpoints = checkpoints;
        this.intake = intake;
        this.orders = orders;
        this.tx = tx;
        this.metrics = metrics;
        this.http = ChannelHttp.builder("shopify", String.valueOf(properties.shopDomain()), metrics)
                .auth(request -> request.header("X-Shopify-Access-Token", properties.accessToken()))
                .throttle(new ShopifyThrottle(PAGE_SIZE + 2))
                .operations(properties.restRate(), 2, REST_ORDER)
                .operations(10, 10, GRAPHQL).build();
    }

    /** The shop to reconcile, when reconciliation is on (route {@code channel-reconcile-shopify}). */
    public List<PollTarget> targets() {
        return properties.reconcileEnabled() ? List.of(PollTarget.of("shopify", properties.accountFor(
                properties.shopDomain()).orElseThrow())) : List.of();
    }

    /** The route's run; a failure is the route configuration's to log and count, repeated from the same checkpoint. */
    public void pollTarget(PollTarget target) throws IOException, InterruptedException {
        reconcile();
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
        URI uri = URI.create(properties.adminBase() + "/orders/" + id + ".json");
        ChannelAnswer answer = http.send(REST_ORDER, () -> HttpRequest.newBuilder(uri)
                .header("Accept", "application/json").GET());
        if (answer.status() == 404) {
            return null;
        }
        return http.requireOk(REST_ORDER, answer).json().path("order");
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
        URI uri = URI.create(properties.adminBase() + "/graphql.json");
        ChannelAnswer answer = http.requireOk(GRAPHQL, http.send(GRAPHQL, () -> HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))));
        JsonNode json = answer.json();
        if (ShopifyThrottle.isThrottled(json) || json.has("errors")) {
            throw new IOException("Shopify GraphQL answered " + answer.status() + " " + json.path("errors"));
        }
        return json;
    }
}
