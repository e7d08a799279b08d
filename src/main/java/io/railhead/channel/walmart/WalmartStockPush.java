package io.railhead.channel.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.channel.http.ChannelAnswer;
import io.railhead.channel.http.ChannelCallException;
import io.railhead.inventory.StockChannel;
import io.railhead.inventory.StockPushItem;
import io.railhead.inventory.StockPushResult;
import io.railhead.inventory.StockPushTarget;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sets the quantities a Walmart seller account lists. Walmart takes one SKU at a time
 * ({@code PUT /v3/inventory}) or many in an inventory feed ({@code POST /v3/feeds?feedType=inventory},
 * spec 1.4), of which it processes only about ten an hour and each in up to half an hour; so a few
 * SKUs ({@code inventory-feed-threshold}) are set one by one, and a larger batch goes as one feed whose
 * status is then followed until Walmart has processed it. A feed's 200 only says it was received: what
 * became of each SKU is read from the feed's item details ({@code ingestionStatus} SUCCESS,
 * DATA_ERROR, SYSTEM_ERROR, TIMEOUT_ERROR). Calls go through the account's shared
 * {@link WalmartApiClient} (token, headers, pace).
 */
@Component
public class WalmartStockPush implements StockPushTarget {

    static final String TYPE = "walmart";
    static final int BATCH_SIZE = 1000;
    /** Walmart returns at most 50 item details per feed status call. */
    static final int DETAIL_PAGE = 50;
    static final String FEED_TYPE = "inventory";
    static final String FEED_VERSION = "1.4";

    private static final Logger LOG = LoggerFactory.getLogger(WalmartStockPush.class);

    private final WalmartProperties properties;
    private final WalmartClients clients;

    public WalmartStockPush(WalmartProperties properties, WalmartClients clients) {
        this.properties = properties;
        this.clients = clients;
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
        String prefix = WalmartProperties.DEFAULT_ACCOUNT.equals(name) ? "railhead.channels.walmart."
                : "railhead.channels.walmart.accounts." + name + ".";
        WalmartProperties.ResolvedAccount account = properties.account(name).orElse(null);
        if (account == null) {
            return WalmartProperties.DEFAULT_ACCOUNT.equals(name)
                    ? "Walmart stock push: no default account (railhead.channels.walmart.client-id, client-secret)"
                    : "Walmart stock push: no account '" + name + "' (" + prefix + "*)";
        }
        List<String> missing = new ArrayList<>();
        if (blank(account.endpoint())) {
            missing.add(prefix + "endpoint");
        }
        if (blank(account.clientId()) || blank(account.clientSecret())) {
            missing.add("credentials (" + prefix + "client-id, client-secret)");
        }
        return missing.isEmpty() ? null : "Walmart stock push for " + account + " lacks " + String.join(", ", missing);
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
        WalmartApiClient client = clients.client(properties.account(accountName(channel)).orElseThrow());
        String shipNode = blank(channel.setting("shipNode")) ? null : channel.setting("shipNode").trim();
        List<StockPushResult> results = items.size() <= properties.inventoryFeedThreshold()
                ? oneByOne(client, shipNode, items) : feed(client, shipNode, items);
        log(client.account(), items.size() <= properties.inventoryFeedThreshold() ? "one by one" : "as a feed", results);
        return results;
    }

    // --- a few SKUs: PUT /v3/inventory each ---

    private List<StockPushResult> oneByOne(WalmartApiClient client, String shipNode, List<StockPushItem> items)
            throws IOException, InterruptedException {
        List<StockPushResult> results = new ArrayList<>(items.size());
        for (StockPushItem item : items) {
            ChannelAnswer answer;
            try {
                answer = client.putInventory(item.channelSku(), shipNode, inventory(item).toString());
            } catch (ChannelCallException e) {
                results.add(StockPushResult.retry(item.sku(), e.getMessage(), e.retryAfter()));
                continue;
            }
            int status = answer.status();
            if (answer.ok()) {
                results.add(StockPushResult.accepted(item.sku()));
            } else if (status == 401 || status == 403 || status == 408 || status == 429 || status >= 500) {
                results.add(StockPushResult.retry(item.sku(), "Walmart PUT /v3/inventory answered HTTP " + status + ": "
                        + WalmartApiClient.errors(answer), client.requestedWait(answer)));
            } else {
                results.add(StockPushResult.refused(item.sku(), "Walmart PUT /v3/inventory answered HTTP " + status + ": "
                        + WalmartApiClient.errors(answer)));
            }
        }
        return results;
    }

    /** One {@code Inventory} of the 1.4 spec: {@code {sku, quantity: {unit: EACH, amount}}}. */
    static ObjectNode inventory(StockPushItem item) {
        ObjectNode node = WalmartOrders.JSON.createObjectNode();
        node.put("sku", item.channelSku());
        node.putObject("quantity").put("unit", "EACH").put("amount", item.quantity());
        return node;
    }

    // --- more SKUs: one inventory feed, then its status until processed ---

    private List<StockPushResult> feed(WalmartApiClient client, String shipNode, List<StockPushItem> items)
            throws IOException, InterruptedException {
        ObjectNode file = WalmartOrders.JSON.createObjectNode();
        file.putObject("InventoryHeader").put("version", FEED_VERSION);
        ArrayNode inventory = file.putArray("Inventory");
        items.forEach(item -> inventory.add(inventory(item)));

        ChannelAnswer submitted;
        try {
            submitted = client.submitFeed(FEED_TYPE, shipNode, "inventory.json", file.toString());
        } catch (ChannelCallException e) {
            return all(items, sku -> StockPushResult.retry(sku, e.getMessage(), e.retryAfter()));
        }
        int status = submitted.status();
        if (!submitted.ok()) {
            String message = "Walmart refused the inventory feed: HTTP " + status + ": " + WalmartApiClient.errors(submitted);
            boolean later = status == 401 || status == 403 || status == 408 || status == 429 || status >= 500;
            Duration wait = client.requestedWait(submitted);
            return all(items, sku -> later ? StockPushResult.retry(sku, message, wait) : StockPushResult.refused(sku, message));
        }
        String feedId = text(submitted.json().get("feedId"));
        if (feedId == null) {
            return all(items, sku -> StockPushResult.retry(sku, "Walmart answered the inventory feed without a feedId",
                    null));
        }
        LOG.info("Walmart inventory feed {} submitted for {} with {} item(s)", feedId, client.account(), items.size());
        return followFeed(client, feedId, items);
    }

    private List<StockPushResult> followFeed(WalmartApiClient client, String feedId, List<StockPushItem> items)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + properties.feedTimeout().toNanos();
        String lastStatus = "not yet seen";
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                String message = "Walmart inventory feed " + feedId + " still " + lastStatus + " after "
                        + properties.feedTimeout();
                LOG.warn("{} for {}; its items are pushed again later", message, client.account());
                return all(items, sku -> StockPushResult.retry(sku, message, null));
            }
            Thread.sleep(Math.max(1, Math.min(properties.feedPollInterval().toMillis(), left / 1_000_000)));
            JsonNode first = statusPage(client, feedId, 0);
            if (first == null) {
                continue;
            }
            String feedStatus = first.path("feedStatus").asText("");
            if (!feedStatus.isEmpty()) {
                lastStatus = feedStatus;
            }
            if ("PROCESSED".equals(feedStatus) || "ERROR".equals(feedStatus)) {
                return outcome(client, feedId, feedStatus, first, items);
            }
        }
    }

    /** One page of the feed's status and item details; null when this look failed and a later one may not. */
    private JsonNode statusPage(WalmartApiClient client, String feedId, int offset)
            throws IOException, InterruptedException {
        ChannelAnswer answer;
        try {
            answer = client.feedStatus(feedId, offset, DETAIL_PAGE);
        } catch (ChannelCallException e) {
            LOG.warn("Walmart feed status of {} for {} failed, looking again later: {}", feedId, client.account(),
                    e.getMessage());
            return null;
        }
        if (!answer.ok()) {
            // 404 while the feed is not yet known, refused token (renewed on the next look), throttling.
            LOG.warn("Walmart feed status of {} for {} answered HTTP {}, looking again later", feedId, client.account(),
                    answer.status());
            return null;
        }
        return answer.json();
    }

    private List<StockPushResult> outcome(WalmartApiClient client, String feedId, String feedStatus, JsonNode first,
                                          List<StockPushItem> items) throws IOException, InterruptedException {
        Map<String, JsonNode> details = new HashMap<>();
        Map<Integer, JsonNode> byIndex = new HashMap<>();
        int seen = collect(first, details, byIndex);
        int received = first.path("itemsReceived").asInt(items.size());
        boolean complete = true;
        int offset = seen;
        int lastPage = seen;
        while (lastPage > 0 && offset < received) {
            JsonNode page = statusPage(client, feedId, offset);
            if (page == null) {
                complete = false;
                break;
            }
            lastPage = collect(page, details, byIndex);
            offset += lastPage;
        }
        String feedErrors = ingestionErrors(first.path("ingestionErrors"));
        List<StockPushResult> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            StockPushItem item = items.get(i);
            JsonNode detail = details.getOrDefault(item.channelSku(), byIndex.get(i));
            StockPushResult result;
            if (detail != null) {
                result = itemOutcome(item, feedId, detail);
            } else if ("PROCESSED".equals(feedStatus) && complete) {
                result = StockPushResult.accepted(item.sku());
            } else {
                result = StockPushResult.retry(item.sku(), "Walmart inventory feed " + feedId + " ended " + feedStatus
                        + (complete ? "" : " (item details not all read)") + (feedErrors.isEmpty() ? "" : ": " + feedErrors),
                        null);
            }
            results.add(result);
        }
        return results;
    }

    /** Adds a page's item details by SKU (and by index, for details without a SKU); returns how many it had. */
    private static int collect(JsonNode page, Map<String, JsonNode> bySku, Map<Integer, JsonNode> byIndex) {
        JsonNode list = page.path("itemDetails").path("itemIngestionStatus");
        for (JsonNode detail : list) {
            String sku = text(detail.get("sku"));
            if (sku != null) {
                bySku.put(sku, detail);
            } else if (detail.hasNonNull("index")) {
                byIndex.put(detail.get("index").asInt(), detail);
            }
        }
        return list.size();
    }

    private static StockPushResult itemOutcome(StockPushItem item, String feedId, JsonNode detail) {
        String status = detail.path("ingestionStatus").asText("");
        String errors = ingestionErrors(detail.path("ingestionErrors"));
        String message = "Walmart inventory feed " + feedId + ": " + status + (errors.isEmpty() ? "" : ": " + errors);
        return switch (status) {
            case "SUCCESS" -> StockPushResult.accepted(item.sku());
            case "DATA_ERROR" -> StockPushResult.refused(item.sku(), message);
            // SYSTEM_ERROR, TIMEOUT_ERROR, and an item still INPROGRESS in a finished feed: worth sending again.
            default -> StockPushResult.retry(item.sku(), message, null);
        };
    }

    /** {@code IngestionErrors} ({@code {ingestionError: [{type, code, description}]}}) as "code: description". */
    private static String ingestionErrors(JsonNode errors) {
        List<String> texts = new ArrayList<>();
        for (JsonNode e : errors.path("ingestionError")) {
            String code = e.path("code").asText("");
            String description = e.path("description").asText("");
            texts.add(code.isEmpty() ? description : description.isEmpty() ? code : code + ": " + description);
        }
        return String.join("; ", texts);
    }

    private static List<StockPushResult> all(List<StockPushItem> items,
                                             java.util.function.Function<String, StockPushResult> result) {
        return items.stream().map(i -> result.apply(i.sku())).toList();
    }

    private static void log(WalmartProperties.ResolvedAccount account, String how, List<StockPushResult> results) {
        Map<StockPushResult.Outcome, Long> counts = results.stream()
                .collect(Collectors.groupingBy(StockPushResult::outcome, Collectors.counting()));
        LOG.info("Walmart stock push for {} ({}): {} accepted, {} refused, {} to retry", account, how,
                counts.getOrDefault(StockPushResult.Outcome.ACCEPTED, 0L),
                counts.getOrDefault(StockPushResult.Outcome.REFUSED, 0L),
                counts.getOrDefault(StockPushResult.Outcome.RETRY, 0L));
    }

    private static String accountName(StockChannel channel) {
        return blank(channel.account()) ? WalmartProperties.DEFAULT_ACCOUNT : channel.account();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.asText().isBlank() ? null : node.asText();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
