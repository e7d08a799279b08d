package io.railhead.channel.amazon;

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
 * Pulls Amazon orders for every configured seller account, called by the {@code channel-poll-amazon}
 * route (which runs on the elected leader only). Each run covers the window from the durable
 * checkpoint to a couple of minutes ago (SP-API wants {@code LastUpdatedBefore} at least two
 * minutes in the past): all pages of getOrders, then the items of every order, each order put
 * on the intake queue with its items as one payload. The checkpoint moves to the end of the
 * window only after every order of the window is on the queue; a crash in between repeats the
 * window, and the intake stage drops what it has already seen.
 */
@Component("amazonPoller")
public class AmazonPoller {

    private static final Logger LOG = LoggerFactory.getLogger(AmazonPoller.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CHANNEL = "amazon";
    static final String CHECKPOINT = "LastUpdatedAfter";

    private final AmazonProperties properties;
    private final CheckpointStore checkpoints;
    private final ChannelIntake intake;
    private final MeterRegistry metrics;
    private final Map<String, SpApiClient> clients = new ConcurrentHashMap<>();

    public AmazonPoller(AmazonProperties properties, CheckpointStore checkpoints, ChannelIntake intake,
                        MeterRegistry metrics) {
        this.properties = properties;
        this.checkpoints = checkpoints;
        this.intake = intake;
        this.metrics = metrics;
    }

    /** A run's targets, one per configured seller account (route {@code channel-poll-amazon} splits on them). */
    public List<PollTarget> targets() {
        return properties.resolvedAccounts().stream().map(a -> PollTarget.of(CHANNEL, a.name())).toList();
    }

    /** Polls one target of a run; a failure is the route configuration's to log and count. */
    public void pollTarget(PollTarget target) throws IOException, InterruptedException {
        poll(properties.resolvedAccounts().stream().filter(a -> a.name().equals(target.account())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Amazon account '" + target.account() + "'")));
    }

    void poll(AmazonProperties.ResolvedAccount account) throws IOException, InterruptedException {
        SpApiClient client = clients.computeIfAbsent(account.name(), n -> new SpApiClient(account, properties.rates(), metrics));
        Instant after = checkpoints.get(CHANNEL, account.name(), CHECKPOINT).map(Instant::parse)
                .orElse(Instant.now().minus(properties.initialLookback()));
        Instant before = Instant.now().minus(properties.settleTime());
        if (!before.isAfter(after)) {
            return;
        }
        String correlationId = "amazon-poll-" + UUID.randomUUID();
        MDC.put("correlationId", correlationId);
        try {
            int orders = 0;
            String next = null;
            do {
                SpApiClient.Page page = client.getOrders(after, before, next);
                for (JsonNode order : page.orders()) {
                    enqueue(client, account, order, correlationId);
                    orders++;
                }
                next = page.nextToken();
            } while (next != null);
            checkpoints.put(CHANNEL, account.name(), CHECKPOINT, before.toString());
            metrics.counter("railhead.poll.orders", "channel", CHANNEL, "account", account.name()).increment(orders);
            LOG.info("Amazon poll for {}: {} order(s) updated in window up to {}", account, orders, before);
        } finally {
            MDC.remove("correlationId");
        }
    }

    private void enqueue(SpApiClient client, AmazonProperties.ResolvedAccount account, JsonNode order,
                         String correlationId) throws IOException, InterruptedException {
        String amazonOrderId = order.path("AmazonOrderId").asText();
        List<JsonNode> items = client.getOrderItems(amazonOrderId);
        ObjectNode payload = JSON.createObjectNode();
        payload.set("order", order);
        payload.set("items", JSON.valueToTree(items));
        String status = order.path("OrderStatus").asText();
        String eventKey = amazonOrderId + "@" + order.path("LastUpdateDate").asText();
        intake.enqueue(CHANNEL, account.name(), eventKey, "Canceled".equals(status) ? "orders/cancelled" : "orders/poll",
                JSON.writeValueAsString(payload), correlationId);
    }
}
