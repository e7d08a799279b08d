package io.railhead.channel.square;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.railhead.channel.http.ChannelAnswer;
import io.railhead.channel.http.ChannelAuth;
import io.railhead.channel.http.ChannelCallException;
import io.railhead.channel.http.ChannelHttp;
import io.railhead.inventory.StockChannel;
import io.railhead.inventory.StockPushItem;
import io.railhead.inventory.StockPushResult;
import io.railhead.inventory.StockPushTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Sets the quantities a Square location sells from, for the stock pushers: one BatchChangeInventory
 * call per batch of up to 100 {@code PHYSICAL_COUNT} changes (a count replaces Square's quantity, so a
 * repeated push sets the same number, and unchanged counts are ignored). Square answers a bad change
 * with a 400 naming it ({@code changes[3]...}) and applies none: that item is refused and the rest sent
 * once more under a new idempotency key. Items need their catalog object id in the stock rules.
 */
@Component
public class SquareStockPush implements StockPushTarget {

    private static final Logger LOG = LoggerFactory.getLogger(SquareStockPush.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int BATCH_SIZE = 100;
    static final String OPERATION = "BatchChangeInventory";
    private static final Pattern CHANGE = Pattern.compile("^changes\\[(\\d{1,9})]");

    private final SquareProperties properties;
    private final MeterRegistry metrics;
    private final int maxAttempts;
    private final Map<String, ChannelHttp> clients = new ConcurrentHashMap<>();

    @Autowired
    public SquareStockPush(SquareProperties properties, MeterRegistry metrics) {
        this(properties, metrics, 6);
    }

    SquareStockPush(SquareProperties properties, MeterRegistry metrics, int maxAttempts) {
        this.properties = properties;
        this.metrics = metrics;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public String type() {
        return "square";
    }

    @Override
    public int batchSize(StockChannel channel) {
        return BATCH_SIZE;
    }

    @Override
    public String misconfigured(StockChannel channel) {
        Optional<SquareProperties.ResolvedAccount> account = account(channel);
        if (account.isEmpty()) {
            return channel.account() == null
                    ? "no Square access token (railhead.channels.square.access-token or accounts.<name>)"
                    : "no Square account '" + channel.account() + "' (railhead.channels.square.accounts)";
        }
        if (account.get().accessToken() == null || account.get().accessToken().isBlank()) {
            return "no access token for " + account.get();
        }
        String location = channel.setting("locationId");
        if (location == null || location.isBlank()) {
            return "no Square locationId in the stock rules of channel " + channel.name();
        }
        return null;
    }

    @Override
    public List<StockPushResult> push(StockChannel channel, List<StockPushItem> items)
            throws IOException, InterruptedException {
        SquareProperties.ResolvedAccount account = account(channel).orElseThrow(() ->
                new IllegalStateException(misconfigured(channel)));
        ChannelHttp http = clients.computeIfAbsent(account.name(), n -> ChannelHttp.builder("square", n, metrics)
                .auth(ChannelAuth.header("Authorization", "Bearer " + account.accessToken()))
                .maxAttempts(maxAttempts)
                .operations(properties.rate(), 5, OPERATION).build());
        String location = channel.setting("locationId");
        List<StockPushResult> results = new ArrayList<>();
        List<StockPushItem> pending = new ArrayList<>();
        for (StockPushItem item : items) {
            if (item.channelItemId() == null || item.channelItemId().isBlank()) {
                results.add(StockPushResult.refused(item.sku(), "no Square catalog object id for SKU "
                        + item.channelSku() + " in the stock rules"));
            } else {
                pending.add(item);
            }
        }
        for (int round = 1; round <= 2 && !pending.isEmpty(); round++) {
            pending = send(http, account, location, pending, results, round == 2);
        }
        LOG.debug("Square stock push to {}: {} item(s)", channel.name(), items.size());
        return results;
    }

    /** One batch; decided items go to {@code results}, those to send once more are returned. */
    private List<StockPushItem> send(ChannelHttp http, SquareProperties.ResolvedAccount account, String location,
                                     List<StockPushItem> pending, List<StockPushResult> results, boolean last)
            throws InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("idempotency_key", UUID.randomUUID().toString());
        body.put("ignore_unchanged_counts", true);
        ArrayNode changes = body.putArray("changes");
        String occurredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        for (StockPushItem item : pending) {
            ObjectNode count = changes.addObject().put("type", "PHYSICAL_COUNT").putObject("physical_count");
            count.put("catalog_object_id", item.channelItemId()).put("location_id", location)
                    .put("state", "IN_STOCK").put("quantity", Integer.toString(item.quantity()))
                    .put("occurred_at", occurredAt);
        }
        String text = body.toString();
        URI uri = URI.create(account.endpoint() + "/v2/inventory/changes/batch-create");
        ChannelAnswer answer;
        try {
            answer = http.send(OPERATION, () -> HttpRequest.newBuilder(uri)
                    .header("Square-Version", properties.squareVersion())
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(text)));
        } catch (IOException e) {
            Duration wait = e instanceof ChannelCallException c ? c.retryAfter() : null;
            pending.forEach(i -> results.add(StockPushResult.retry(i.sku(), e.getMessage(), wait)));
            return List.of();
        }
        if (answer.ok()) {
            pending.forEach(i -> results.add(StockPushResult.accepted(i.sku())));
            return List.of();
        }
        if (answer.status() != 400) {
            // 401/403 (credentials, scopes), 404, or throttling and 5xx that outlasted the client's repeats.
            Duration wait = http.requestedWait(answer).orElse(null);
            String message = "Square " + OPERATION + " answered " + answer.status() + details(answer);
            pending.forEach(i -> results.add(StockPushResult.retry(i.sku(), message, wait)));
            return List.of();
        }
        Map<Integer, String> byChange = new HashMap<>();
        String general = null;
        for (JsonNode error : answer.jsonIfAny().map(j -> j.path("errors")).orElse(JSON.createArrayNode())) {
            Matcher m = CHANGE.matcher(error.path("field").asText(""));
            if (m.find() && Integer.parseInt(m.group(1)) < pending.size()) {
                byChange.merge(Integer.parseInt(m.group(1)), describe(error), (a, b) -> a + "; " + b);
            } else if (general == null) {
                general = describe(error);
            }
        }
        String whole = byChange.isEmpty() || general != null
                ? "Square refused the batch: " + (general != null ? general : "400" + details(answer)) : null;
        List<StockPushItem> again = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            StockPushItem item = pending.get(i);
            String error = byChange.get(i);
            if (error != null) {
                results.add(StockPushResult.refused(item.sku(), error));
            } else if (whole != null) {
                results.add(StockPushResult.refused(item.sku(), whole));
            } else if (last) {
                results.add(StockPushResult.retry(item.sku(), "not set: Square refused other changes of the batch"
                        + " twice", null));
            } else {
                again.add(item);
            }
        }
        return again;
    }

    /** The channel's account: the one it names, else the default (top-level) one, else the first. */
    private Optional<SquareProperties.ResolvedAccount> account(StockChannel channel) {
        List<SquareProperties.ResolvedAccount> accounts = properties.resolvedAccounts();
        if (channel.account() != null && !channel.account().isBlank()) {
            return accounts.stream().filter(a -> a.name().equals(channel.account())).findFirst();
        }
        return accounts.stream().filter(a -> a.name().equals("default")).findFirst()
                .or(() -> accounts.stream().findFirst());
    }

    private static String describe(JsonNode error) {
        String detail = error.path("detail").asText("");
        return error.path("code").asText("?") + (detail.isBlank() ? "" : ": " + detail)
                + (error.hasNonNull("field") ? " (" + error.path("field").asText() + ")" : "");
    }

    private static String details(ChannelAnswer answer) {
        JsonNode errors = answer.jsonIfAny().map(j -> j.path("errors")).orElse(JSON.createArrayNode());
        return errors.isEmpty() ? "" : ": " + describe(errors.get(0));
    }
}
