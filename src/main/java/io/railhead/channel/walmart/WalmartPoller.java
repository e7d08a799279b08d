package io.railhead.channel.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.railhead.channel.ChannelIntake;
import io.railhead.channel.CheckpointStore;
import io.railhead.channel.PollTarget;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Pulls Walmart Marketplace orders for every enabled seller account, called every tick by the
 * {@code channel-poll-walmart} route (which runs on the elected leader only); an account is polled
 * when its {@code poll-interval} has passed since its last run. A run has two steps:
 *
 * <ol>
 *   <li>Released orders ({@code GET /v3/orders/released}): all pages, following {@code nextCursor}
 *   verbatim. Walmart lists an order there until it is acknowledged, so every run sees the
 *   not-yet-acknowledged ones again; the intake drops unchanged repeats by event key.</li>
 *   <li>Changes ({@code GET /v3/orders?lastModifiedStartDate=<checkpoint>&lastModifiedEndDate=<now − settle>}):
 *   all pages; cancellations and other updates of known orders arrive this way. The checkpoint
 *   moves to the window's end only once every order of the window is on the intake queue; a run
 *   that fails half-way (outage, crash between pages) repeats the whole window next time.</li>
 * </ol>
 *
 * Each order goes to the intake queue as {@link WalmartOrders#payload} with event key
 * {@link WalmartOrders#eventKey}; the intake route then asks for the Walmart acknowledgement.
 */
@Component("walmartPoller")
public class WalmartPoller {

    private static final Logger LOG = LoggerFactory.getLogger(WalmartPoller.class);
    static final String CHANNEL = "walmart";
    static final String CHECKPOINT = "lastModifiedStartDate";
    static final String RELEASED = "/v3/orders/released";
    static final String ORDERS = "/v3/orders";
    /** Walmart serves at most 20 000 orders (100 pages of 200) per query; more pages means a cursor loop. */
    private static final int MAX_PAGES = 500;

    private final WalmartProperties properties;
    private final WalmartClients clients;
    private final CheckpointStore checkpoints;
    private final ChannelIntake intake;
    private final MeterRegistry metrics;
    private final Map<String, Instant> nextRun = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();

    public WalmartPoller(WalmartProperties properties, WalmartClients clients, CheckpointStore checkpoints,
                         ChannelIntake intake, MeterRegistry metrics) {
        this.properties = properties;
        this.clients = clients;
        this.checkpoints = checkpoints;
        this.intake = intake;
        this.metrics = metrics;
    }

    @EventListener(ApplicationReadyEvent.class)
    void reportConfiguration() {
        properties.accountsEnabledWhileChannelDisabled().forEach(name -> LOG.warn("Walmart account {} is enabled but "
                + "railhead.channels.walmart.enabled=false: the Walmart channel does not run", name));
        properties.activeAccounts().forEach(a -> LOG.info("Walmart {} polled every {} from {}", a, a.pollInterval(),
                a.endpoint()));
    }

    /** A tick's targets: every active account whose poll interval has passed (route {@code channel-poll-walmart}). */
    public List<PollTarget> dueTargets() {
        Instant now = Instant.now();
        return properties.activeAccounts().stream()
                .filter(a -> !now.isBefore(nextRun.getOrDefault(a.name(), Instant.EPOCH)))
                .map(a -> PollTarget.of(CHANNEL, a.name())).toList();
    }

    /** Polls one due account; a failure is the route configuration's to log and count, and waits its interval too. */
    public void pollTarget(PollTarget target) throws IOException, InterruptedException {
        WalmartProperties.ResolvedAccount account = properties.activeAccounts().stream()
                .filter(a -> a.name().equals(target.account())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no active Walmart account '" + target.account() + "'"));
        try {
            poll(account);
        } finally {
            nextRun.put(account.name(), Instant.now().plus(account.pollInterval()));
        }
    }

    /** One run for one account: released orders, then changes since the checkpoint. */
    void poll(WalmartProperties.ResolvedAccount account) throws IOException, InterruptedException {
        ReentrantLock lock = running.computeIfAbsent(account.name(), n -> new ReentrantLock());
        lock.lockInterruptibly(); // a run triggered while another runs for the same account waits for it
        String correlationId = "walmart-poll-" + UUID.randomUUID();
        MDC.put("correlationId", correlationId);
        try {
            WalmartApiClient client = clients.client(account);
            int released = 0;
            for (String shipNodeType : properties.shipNodeTypes()) {
                released += pages(client, RELEASED, RELEASED + "?limit=" + properties.pageSize() + "&shipNodeType="
                        + enc(shipNodeType), "orders/released", correlationId);
            }
            Instant from = checkpoints.get(CHANNEL, account.name(), CHECKPOINT).map(Instant::parse)
                    .orElse(Instant.now().minus(properties.initialLookback()).truncatedTo(ChronoUnit.SECONDS));
            Instant to = Instant.now().minus(properties.settleTime()).truncatedTo(ChronoUnit.SECONDS);
            int changed = 0;
            if (to.isAfter(from)) {
                for (String shipNodeType : properties.shipNodeTypes()) {
                    changed += pages(client, ORDERS, ORDERS + "?lastModifiedStartDate=" + enc(from.toString())
                            + "&lastModifiedEndDate=" + enc(to.toString()) + "&limit=" + properties.pageSize()
                            + "&shipNodeType=" + enc(shipNodeType), "orders/changed", correlationId);
                }
                checkpoints.put(CHANNEL, account.name(), CHECKPOINT, to.toString());
            }
            count("railhead.poll.orders", account, released + changed);
            count("railhead.poll.runs", account, 1);
            LOG.info("Walmart poll for {}: {} released and {} changed order(s) queued, changes up to {}", account,
                    released, changed, to);
        } finally {
            MDC.remove("correlationId");
            lock.unlock();
        }
    }

    /** Every page of one query, each order onto the intake queue as soon as its page is read. */
    private int pages(WalmartApiClient client, String basePath, String firstPage, String topic, String correlationId)
            throws IOException, InterruptedException {
        Set<String> seen = new HashSet<>();
        int orders = 0;
        String next = firstPage;
        while (next != null) {
            if (!seen.add(next) || seen.size() > MAX_PAGES) {
                throw new IOException("Walmart paging of " + basePath + " does not end (cursor repeated or over "
                        + MAX_PAGES + " pages)");
            }
            JsonNode list = client.getList(next).path("list");
            for (JsonNode order : list.path("elements").path("order")) {
                enqueue(client.account(), order, topic, correlationId);
                orders++;
            }
            next = nextPage(basePath, list.path("meta").path("nextCursor"));
        }
        return orders;
    }

    /** Walmart's nextCursor is a query string ("?limit=…&soIndex=…") for the same resource, used as is. */
    static String nextPage(String basePath, JsonNode cursor) {
        if (cursor == null || cursor.isNull() || cursor.asText().isBlank()) {
            return null;
        }
        String c = cursor.asText();
        return basePath + (c.startsWith("?") ? c : "?" + c);
    }

    private void enqueue(WalmartProperties.ResolvedAccount account, JsonNode order, String topic, String correlationId)
            throws IOException {
        String payload = WalmartOrders.JSON.writeValueAsString(WalmartOrders.payload(order));
        intake.enqueue(CHANNEL, account.name(), WalmartOrders.eventKey(order),
                WalmartOrders.isCancelled(order) ? "orders/cancelled" : topic, payload, correlationId);
    }

    private void count(String name, WalmartProperties.ResolvedAccount account, int n) {
        metrics.counter(name, "channel", CHANNEL, "account", account.name()).increment(n);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
