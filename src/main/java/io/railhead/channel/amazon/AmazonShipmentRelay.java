package io.railhead.channel.amazon;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        // Read first: items Amazon shows wholly shipped are not confirmed again (a repeat after a lost answer).
        Set<String> shipped = new HashSet<>();
        try {
            for (com.fasterxml.jackson.databind.JsonNode item : client.getOrderItems(s.channelOrderId())) {
                if (item.path("QuantityShipped").asInt(0) >= item.path("QuantityOrdered").asInt(Integer.MAX_VALUE)) {
                    shipped.add(item.path("OrderItemId").asText());
                }
            }
        } catch (ChannelCallException e) {
            if (e.transientFailure()) {
                return RelayResult.retry(e.getMessage(), e.retryAfter());
            }
        } catch (IOException e) {
            return RelayResult.retry("Amazon getOrderItems for " + client.account() + " failed: " + e.getMessage(), null);
        }
        if (!s.lines().isEmpty() && s.lines().stream().allMatch(l -> shipped.contains(l.lineId().trim()))) {
            return RelayResult.accepted("Amazon shows the items of order " + s.channelOrderId() + " shipped already");
        }
        List<String> confirmed = new ArrayList<>();
        for (ObjectNode request : requests) {
            RelayResult failed = confirm(client, s.channelOrderId(), request);
            if (failed != null) {
                return confirmed.isEmpty() ? failed : new RelayResult(failed.outcome(), failed.message()
                        + " (confirmed before it: package " + String.join(", ", confirmed) + ")", failed.retryAfter());
            }
            confirmed.add(request.path("packageDetail").path("packageReferenceId").asText());
        }
        return RelayResult.accepted("Amazon confirmed package " + String.join(", ", confirmed));
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
