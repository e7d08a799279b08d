package io.railhead.channel.square;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.railhead.channel.ChannelIntake;
import io.railhead.channel.CheckpointStore;
import io.railhead.channel.PollTarget;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Pulls store sales from Square for every configured location (route {@code channel-poll-square},
 * leader only). Sales rung up in the Square Point of Sale app raise no {@code order.created}
 * webhook, so this poll, not the webhook, is how store sales arrive. Each order goes on the intake
 * queue as Square sent it, with the SKUs looked up in the catalog (intake channel {@code square},
 * account = location id, event key order id + version); {@code mappings/square/} makes it a POS sale
 * ({@code channel=pos}). The location's checkpoint (newest {@code updated_at}) moves only after all its pages.
 * Webhook hints ({@link SquareWebhookController}) fetch a single order through {@link #fetch}.
 */
@Component("squarePoller")
public class SquarePoller {

    private static final Logger LOG = LoggerFactory.getLogger(SquarePoller.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CHECKPOINT = "updated_at";

    private final SquareProperties properties;
    private final CheckpointStore checkpoints;
    private final ChannelIntake intake;
    private final MeterRegistry metrics;
    private final Map<String, SquareClient> clients = new ConcurrentHashMap<>();

    public SquarePoller(SquareProperties properties, CheckpointStore checkpoints, ChannelIntake intake,
                        MeterRegistry metrics) {
        this.properties = properties;
        this.checkpoints = checkpoints;
        this.intake = intake;
        this.metrics = metrics;
    }

    private SquareClient client(SquareProperties.ResolvedAccount account) {
        return clients.computeIfAbsent(account.name(), n -> new SquareClient(properties, account, metrics));
    }

    /** A run's targets: every location of every account, each checkpointed on its own (route {@code channel-poll-square}). */
    public List<PollTarget> targets() {
        return properties.resolvedAccounts().stream().flatMap(a -> a.locationIds().stream()
                .map(location -> new PollTarget("square", a.name(), location))).toList();
    }

    /** Polls one location; a failure is the route configuration's to log and count. */
    public void pollTarget(PollTarget target) throws IOException, InterruptedException {
        poll(properties.resolvedAccounts().stream().filter(a -> a.name().equals(target.account())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Square account '" + target.account() + "'")),
                target.part());
    }

    void poll(SquareProperties.ResolvedAccount account, String location) throws IOException, InterruptedException {
        SquareClient client = client(account);
        Instant since = checkpoints.get("square", location, CHECKPOINT).map(Instant::parse)
                .orElse(Instant.now().minus(properties.initialLookback()));
        Instant newest = since;
        String correlationId = "square-poll-" + UUID.randomUUID();
        MDC.put("correlationId", correlationId);
        int count = 0;
        try {
            String cursor = null;
            do {
                JsonNode page = client.searchOrders(location, since.minus(properties.overlap()), cursor);
                for (JsonNode order : page.path("orders")) {
                    enqueue(client, order, "orders/poll", correlationId);
                    count++;
                    Instant updated = Instant.parse(order.path("updated_at").asText(since.toString()));
                    if (updated.isAfter(newest)) {
                        newest = updated;
                    }
                }
                cursor = page.hasNonNull("cursor") && !page.get("cursor").asText().isBlank() ? page.get("cursor").asText()
                        : null;
            } while (cursor != null);
            checkpoints.put("square", location, CHECKPOINT, newest.toString());
            LOG.info("Square poll of location {}: {} order(s) updated since {}", location, count, since);
        } finally {
            MDC.remove("correlationId");
        }
    }

    /** A webhook of this account said this order changed: fetch it and take it in like a polled one. */
    public void fetch(SquareProperties.ResolvedAccount account, String orderId, String correlationId)
            throws IOException, InterruptedException {
        SquareClient client = client(account);
        JsonNode order = client.retrieveOrder(orderId);
        if (!order.isMissingNode()) {
            enqueue(client, order, "orders/hint", correlationId);
        }
    }

    /**
     * Puts the order on the intake queue as channel {@code square}, which picks its mapping
     * ({@code mappings/square/square-order-to-canonical.jslt}, which makes it a {@code pos} order): the order
     * as Square sent it, with the SKU of each catalog item variation its lines name, which the mapping cannot
     * look up itself ({@code {"order": …, "catalogSkus": {"<catalog_object_id>": "<sku or null>"}}}).
     */
    private void enqueue(SquareClient client, JsonNode order, String topic, String correlationId) throws IOException {
        String key = order.path("id").asText() + "@v" + order.path("version").asText(order.path("updated_at").asText());
        ObjectNode payload = JSON.createObjectNode();
        payload.set("order", order);
        ObjectNode skus = payload.putObject("catalogSkus");
        for (JsonNode item : order.path("line_items")) {
            String catalogObjectId = item.path("catalog_object_id").asText("");
            if (!catalogObjectId.isBlank() && !skus.has(catalogObjectId)) {
                skus.put(catalogObjectId, client.sku(catalogObjectId));
            }
        }
        intake.enqueue("square", order.path("location_id").asText(), "square:" + key, topic,
                JSON.writeValueAsString(payload), correlationId);
    }
}
