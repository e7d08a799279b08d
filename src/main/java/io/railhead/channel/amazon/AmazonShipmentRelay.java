package io.railhead.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.railhead.channel.http.ChannelAnswer;
import io.railhead.channel.http.ChannelCallException;
import io.railhead.fulfillment.CarrierCodes;
import io.railhead.fulfillment.CarrierCodesFile;
import io.railhead.fulfillment.RelayResult;
import io.railhead.fulfillment.RelayedShipment;
import io.railhead.fulfillment.ShipmentRelayTarget;
import io.railhead.shared.Sha256;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Confirms to Amazon that a merchant-fulfilled order shipped (Orders v0 {@code confirmShipment}, 204 when
 * taken), one confirmation per parcel with its tracking number, carrier (Amazon's code from the carrier
 * codes, else {@code Other} with our carrier name) and the Amazon order items and quantities in it; a
 * parcel's {@code packageReferenceId} is numeric, as Amazon asks, and the same for the same shipment. The
 * order's marketplace is its {@code MarketplaceId} (kept in the order's extensions), else the account's only
 * one. Through the order's seller account ({@code sourceAccount}, {@code railhead.channels.amazon.*}) and
 * its {@link SpApiClient}; throttling, 5xx, timeouts and refused tokens are {@code RETRY}, other 4xx
 * {@code REFUSED} with Amazon's errors.
 *
 * <p>The order's items are read first ({@code getOrderItems}) so that a shipment repeated after Amazon took it
 * (a lost answer, a later parcel failing) is not confirmed twice, also when it ships only part of an item:
 * per item, what Amazon shows shipped beyond what the hub relayed before ({@link RelayedShipment#relayedBefore()})
 * is this shipment's, and its first parcels that fit in it were confirmed already and are skipped; an item Amazon
 * shows wholly shipped is never confirmed again. Known limit: Amazon shows only totals per item, so when two
 * shipments of one order lose their answers at once (rare), units one of them confirmed can be counted as the
 * other's. The operator then sees a shipment relayed as "Amazon shows … shipped already" whose tracking number
 * Amazon does not have, and the other confirmed again (Amazon counting the units twice, or refusing it: the
 * shipment REFUSED with Amazon's error); the order's packages are put right in Seller Central.
 */
@Component
public class AmazonShipmentRelay implements ShipmentRelayTarget {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CHANNEL = "amazon";
    static final String OTHER = "Other";

    private final AmazonProperties properties;
    private final MeterRegistry metrics;
    private final Supplier<CarrierCodes> carriers;
    private final Map<String, SpApiClient> clients = new ConcurrentHashMap<>();

    @Autowired
    public AmazonShipmentRelay(AmazonProperties properties, MeterRegistry metrics, CarrierCodesFile carriers) {
        this(properties, metrics, (Supplier<CarrierCodes>) carriers);
    }

    AmazonShipmentRelay(AmazonProperties properties, MeterRegistry metrics, Supplier<CarrierCodes> carriers) {
        this.properties = properties;
        this.metrics = metrics;
        this.carriers = carriers;
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public RelayResult relay(RelayedShipment s) throws InterruptedException {
        String name = s.sourceAccount() == null || s.sourceAccount().isBlank() ? "default" : s.sourceAccount();
        AmazonProperties.ResolvedAccount account = properties.resolvedAccounts().stream()
                .filter(a -> a.name().equals(name)).findFirst().orElse(null);
        if (account == null) {
            return RelayResult.refused("no Amazon account '" + name + "' (railhead.channels.amazon"
                    + ("default".equals(name) ? ".refresh-token" : ".accounts." + name + ".*") + ")");
        }
        String marketplace = s.orderExtension("MarketplaceId");
        List<String> own = account.marketplaceIds().stream().filter(id -> id != null && !id.isBlank()).toList();
        if (marketplace == null && own.size() != 1) {
            return RelayResult.refused("Amazon order " + s.channelOrderId() + " names no MarketplaceId and " + account
                    + " sells in " + own.size() + " marketplaces");
        }
        List<RelayedShipment.Package> parcels = s.parcels();
        List<ObjectNode> requests = new ArrayList<>();
        for (int i = 0; i < parcels.size(); i++) {
            String problem = unsendable(s, parcels.get(i));
            if (problem != null) {
                return RelayResult.refused(problem);
            }
            requests.add(request(marketplace == null ? own.get(0) : marketplace, s, parcels.get(i),
                    packageReferenceId(s.shipmentId(), i, parcels.size())));
        }
        SpApiClient client = clients.compute(account.name(), (n, existing) -> existing != null
                && existing.account().equals(account) ? existing : new SpApiClient(account, properties.rates(), metrics));
        Map<String, Integer> surplus;
        try {
            surplus = surplus(s, client.getOrderItems(s.channelOrderId()));
        } catch (ChannelCallException e) {
            if (e.transientFailure()) {
                return RelayResult.retry(e.getMessage(), e.retryAfter());
            }
            surplus = Map.of();
        } catch (IOException e) {
            return RelayResult.retry("Amazon getOrderItems for " + client.account() + " failed: " + e.getMessage(), null);
        }
        List<String> confirmed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < parcels.size(); i++) {
            String reference = requests.get(i).path("packageDetail").path("packageReferenceId").asText();
            // Parcels are confirmed in order, so those a lost answer hid are the first ones.
            if (confirmed.isEmpty() && takenAlready(parcels.get(i), surplus)) {
                skipped.add(reference);
                continue;
            }
            RelayResult failed = confirm(client, s.channelOrderId(), requests.get(i));
            if (failed != null) {
                return confirmed.isEmpty() && skipped.isEmpty() ? failed : new RelayResult(failed.outcome(),
                        failed.message() + " (before it" + (confirmed.isEmpty() ? "" : ": confirmed package "
                        + String.join(", ", confirmed)) + (skipped.isEmpty() ? "" : (confirmed.isEmpty() ? ": " : "; ")
                        + "shown shipped already: package " + String.join(", ", skipped)) + ")", failed.retryAfter());
            }
            confirmed.add(reference);
        }
        if (confirmed.isEmpty()) {
            return RelayResult.accepted("Amazon shows the items of order " + s.channelOrderId() + " shipped already");
        }
        return RelayResult.accepted("Amazon confirmed package " + String.join(", ", confirmed) + (skipped.isEmpty()
                ? "" : "; package " + String.join(", ", skipped) + " Amazon shows shipped already"));
    }

    /**
     * Per order item of the shipment, the units Amazon shows shipped that are not the hub's earlier shipments':
     * this shipment's, confirmed before a lost answer. An item Amazon shows wholly shipped has no limit.
     */
    static Map<String, Integer> surplus(RelayedShipment s, List<JsonNode> items) {
        Map<String, JsonNode> byId = new HashMap<>();
        items.forEach(item -> byId.put(item.path("OrderItemId").asText(), item));
        Map<String, Integer> surplus = new HashMap<>();
        for (RelayedShipment.Line line : s.lines()) {
            JsonNode item = byId.get(line.lineId() == null ? "" : line.lineId().trim());
            if (item != null) {
                int shipped = item.path("QuantityShipped").asInt(0);
                surplus.put(line.lineId().trim(), shipped >= item.path("QuantityOrdered").asInt(Integer.MAX_VALUE)
                        ? Integer.MAX_VALUE : Math.max(0, shipped - s.relayedBefore(line.key())));
            }
        }
        return surplus;
    }

    /** Whether every item of the parcel fits in what is left of the surplus; if so, it is taken from it. */
    private static boolean takenAlready(RelayedShipment.Package parcel, Map<String, Integer> surplus) {
        Map<String, Integer> units = new HashMap<>();
        parcel.lines().forEach(l -> units.merge(l.lineId().trim(), l.quantity(), Integer::sum));
        if (!units.entrySet().stream().allMatch(e -> surplus.getOrDefault(e.getKey(), 0) >= e.getValue())) {
            return false;
        }
        units.forEach((id, n) -> surplus.computeIfPresent(id, (k, left) -> left == Integer.MAX_VALUE ? left : left - n));
        return true;
    }

    /** Why Amazon cannot be told of the parcel, or null. */
    private static String unsendable(RelayedShipment s, RelayedShipment.Package parcel) {
        if (s.carrier() == null || s.carrier().isBlank()) {
            return "Amazon needs the carrier of shipment " + s.shipmentId();
        }
        if (parcel.trackingNumber() == null || parcel.trackingNumber().isBlank()) {
            return "Amazon needs a tracking number for every package of shipment " + s.shipmentId();
        }
        return parcel.lines().stream().filter(l -> l.lineId() == null || l.lineId().isBlank()).findFirst()
                .map(l -> "Amazon confirms by OrderItemId: the line with SKU " + l.sku() + " has none").orElse(null);
    }

    /** A {@code ConfirmShipmentRequest} of one parcel. */
    private ObjectNode request(String marketplaceId, RelayedShipment s, RelayedShipment.Package parcel, String reference) {
        ObjectNode root = JSON.createObjectNode();
        root.put("marketplaceId", marketplaceId);
        ObjectNode detail = root.putObject("packageDetail");
        detail.put("packageReferenceId", reference);
        String code = carriers.get().code(s.carrier(), CHANNEL).orElse(null);
        detail.put("carrierCode", code == null ? OTHER : code);
        if (code == null || OTHER.equalsIgnoreCase(code)) {
            detail.put("carrierName", s.carrier().trim());
        }
        if (s.service() != null && !s.service().isBlank()) {
            detail.put("shippingMethod", s.service());
        }
        detail.put("trackingNumber", parcel.trackingNumber());
        detail.put("shipDate", s.shippedAt().toString());
        ArrayNode items = detail.putArray("orderItems");
        parcel.lines().forEach(l -> items.addObject().put("orderItemId", l.lineId().trim()).put("quantity", l.quantity()));
        return root;
    }

    /** One confirmation; null when Amazon took it, else what it comes to. */
    private static RelayResult confirm(SpApiClient client, String orderId, ObjectNode request)
            throws InterruptedException {
        ChannelAnswer answer;
        try {
            answer = client.confirmShipment(orderId, request.toString());
        } catch (ChannelCallException e) {
            return RelayResult.retry(e.getMessage(), e.retryAfter());
        } catch (IOException e) {
            return RelayResult.retry("Amazon confirmShipment for " + client.account() + " failed: " + e.getMessage(), null);
        }
        int status = answer.status();
        if (answer.ok()) {
            return null;
        }
        String message = "Amazon confirmShipment answered HTTP " + status + ": " + errors(answer);
        if (status == 401 || status == 403 || status == 408 || status == 429 || status >= 500) {
            return RelayResult.retry(message, client.requestedWait(answer));
        }
        return RelayResult.refused(message);
    }

    /**
     * A positive number, as Amazon wants it, unique among the order's packages and the same for a repeat: a
     * numeric shipment id of one package as it is, else a number made from the shipment id and the package.
     */
    static String packageReferenceId(String shipmentId, int index, int packages) {
        String id = shipmentId.trim();
        if (packages == 1 && id.matches("0*[1-9][0-9]{0,17}")) {
            return id.replaceFirst("^0+", "");
        }
        long hash = Long.parseLong(Sha256.hex(id + "#" + (index + 1)).substring(0, 12), 16);
        return Long.toString(hash % 999_999_999L + 1);
    }

    /** Amazon's {@code ErrorList} as "code: message", or the body's start. */
    private static String errors(ChannelAnswer answer) {
        List<String> texts = new ArrayList<>();
        answer.jsonIfAny().ifPresent(json -> json.path("errors").forEach(e -> texts.add(e.path("code").asText("")
                + ": " + e.path("message").asText("") + (e.hasNonNull("details") && !e.path("details").asText().isBlank()
                ? " (" + e.path("details").asText() + ")" : ""))));
        if (!texts.isEmpty()) {
            return String.join("; ", texts);
        }
        String body = answer.body().strip();
        return body.isEmpty() ? "(no body)" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
