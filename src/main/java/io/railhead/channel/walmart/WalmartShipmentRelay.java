package io.railhead.channel.walmart;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.channel.http.ChannelAnswer;
import io.railhead.channel.http.ChannelCallException;
import io.railhead.fulfillment.CarrierCodes;
import io.railhead.fulfillment.CarrierCodesFile;
import io.railhead.fulfillment.RelayResult;
import io.railhead.fulfillment.RelayedShipment;
import io.railhead.fulfillment.ShipmentRelayTarget;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Tells Walmart which lines of a purchase order shipped ({@code POST /v3/orders/{purchaseOrderId}/shipping}),
 * which is also what makes Walmart charge the customer: per order line ({@code lineNumber}) one "Shipped"
 * status per parcel holding it, with quantity, ship time, carrier (Walmart's {@code carrier} from the carrier
 * codes, else {@code otherCarrier} with our name, which Walmart accepts only with a tracking URL), method
 * (from our service level) and tracking. Through the order's seller account ({@code sourceAccount}) and its
 * shared {@link WalmartApiClient}; 401, 408, 429 and 5xx are {@code RETRY} with the wait Walmart asked
 * for, other 4xx {@code REFUSED} with Walmart's errors. The order is read first: when Walmart already shows
 * every parcel's lines Shipped with its tracking number (a repeat after a lost answer), nothing is sent again.
 */
@Component
public class WalmartShipmentRelay implements ShipmentRelayTarget {

    static final String CHANNEL = "walmart";
    /** Walmart's limit on the seller's own order id it prints on return labels. */
    private static final int SELLER_ORDER_ID_MAX = 30;

    private final WalmartProperties properties;
    private final WalmartClients clients;
    private final Supplier<CarrierCodes> carriers;

    @Autowired
    public WalmartShipmentRelay(WalmartProperties properties, WalmartClients clients, CarrierCodesFile carriers) {
        this(properties, clients, (Supplier<CarrierCodes>) carriers);
    }

    WalmartShipmentRelay(WalmartProperties properties, WalmartClients clients, Supplier<CarrierCodes> carriers) {
        this.properties = properties;
        this.clients = clients;
        this.carriers = carriers;
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public RelayResult relay(RelayedShipment s) throws InterruptedException {
        String name = s.sourceAccount() == null || s.sourceAccount().isBlank() ? WalmartProperties.DEFAULT_ACCOUNT
                : s.sourceAccount();
        Optional<WalmartProperties.ResolvedAccount> account = properties.account(name);
        if (account.isEmpty() || blank(account.get().endpoint()) || blank(account.get().clientId())
                || blank(account.get().clientSecret())) {
            return RelayResult.refused("no Walmart account '" + name + "' with endpoint and credentials (railhead.channels"
                    + ".walmart." + (WalmartProperties.DEFAULT_ACCOUNT.equals(name) ? "" : "accounts." + name + ".") + "*)");
        }
        if (blank(s.carrier())) {
            return RelayResult.refused("Walmart needs the carrier of shipment " + s.shipmentId());
        }
        Optional<String> carrier = carriers.get().code(s.carrier(), CHANNEL);
        for (RelayedShipment.Package parcel : s.parcels()) {
            if (blank(parcel.trackingNumber())) {
                return RelayResult.refused("Walmart needs a tracking number for every package of shipment " + s.shipmentId());
            }
            if (carrier.isEmpty() && blank(parcel.trackingUrl())) {
                return RelayResult.refused("Walmart has no code for carrier " + s.carrier() + " (carriers file), and takes "
                        + "an otherCarrier only with a tracking URL: shipment " + s.shipmentId() + " has none");
            }
            Optional<RelayedShipment.Line> unnumbered = parcel.lines().stream().filter(l -> blank(l.lineId())).findFirst();
            if (unnumbered.isPresent()) {
                return RelayResult.refused("Walmart ships by lineNumber: the line with SKU " + unnumbered.get().sku()
                        + " has none");
            }
        }
        WalmartApiClient client = clients.client(account.get());
        ChannelAnswer answer;
        try {
            // Read first: a shipment Walmart took whose answer was lost (a crash, a timeout) is not shipped twice.
            ChannelAnswer current = client.order(s.channelOrderId());
            if (current.ok() && current.jsonIfAny().map(o -> shippedAlready(o, s)).orElse(false)) {
                return RelayResult.accepted("Walmart shows purchase order " + s.channelOrderId()
                        + " shipped with this tracking already");
            }
            answer = client.shipLines(s.channelOrderId(), orderShipment(s, carrier).toString());
        } catch (ChannelCallException e) {
            return RelayResult.retry(e.getMessage(), e.retryAfter());
        } catch (IOException e) {
            return RelayResult.retry("Walmart shipping for " + account.get() + " failed: " + e.getMessage(), null);
        }
        int status = answer.status();
        if (answer.ok()) {
            return RelayResult.accepted("Walmart shipped " + s.lines().size() + " line(s) of purchase order "
                    + s.channelOrderId());
        }
        String message = "Walmart shipping answered HTTP " + status + ": " + WalmartApiClient.errors(answer);
        if (status == 401 || status == 403 || status == 408 || status == 429 || status >= 500) {
            return RelayResult.retry(message, client.requestedWait(answer));
        }
        return RelayResult.refused(message);
    }

    /** The {@code OrderShipment}: one order line per line number, one Shipped status per parcel holding it. */
    static ObjectNode orderShipment(RelayedShipment s, Optional<String> carrier) {
        String seller = s.orderExtension("sellerOrderId");
        String sellerOrderId = seller != null && seller.length() <= SELLER_ORDER_ID_MAX ? seller : s.channelOrderId();
        Map<String, ArrayNode> statuses = new LinkedHashMap<>();
        ObjectNode root = WalmartOrders.JSON.createObjectNode();
        ArrayNode lines = root.putObject("orderShipment").putObject("orderLines").putArray("orderLine");
        for (RelayedShipment.Package parcel : s.parcels()) {
            for (RelayedShipment.Line line : parcel.lines()) {
                ArrayNode list = statuses.computeIfAbsent(line.lineId().trim(), number -> {
                    ObjectNode orderLine = lines.addObject().put("lineNumber", number).put("sellerOrderId", sellerOrderId);
                    return orderLine.putObject("orderLineStatuses").putArray("orderLineStatus");
                });
                ObjectNode status = list.addObject().put("status", "Shipped");
                status.putObject("statusQuantity").put("unitOfMeasurement", "EACH")
                        .put("amount", String.valueOf(line.quantity()));
                ObjectNode tracking = status.putObject("trackingInfo").put("shipDateTime", s.shippedAt().toEpochMilli());
                ObjectNode carrierName = tracking.putObject("carrierName");
                carrier.ifPresentOrElse(code -> carrierName.put("carrier", code),
                        () -> carrierName.put("otherCarrier", s.carrier().trim()));
                tracking.put("methodCode", methodCode(s.service())).put("trackingNumber", parcel.trackingNumber());
                if (!blank(parcel.trackingUrl())) {
                    tracking.put("trackingURL", parcel.trackingUrl());
                }
            }
        }
        return root;
    }

    /** Whether every line of every parcel shows a Shipped status with the parcel's tracking number at Walmart. */
    static boolean shippedAlready(com.fasterxml.jackson.databind.JsonNode order, RelayedShipment s) {
        Map<String, java.util.Set<String>> tracked = new LinkedHashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode line : order.path("order").path("orderLines").path("orderLine")) {
            for (com.fasterxml.jackson.databind.JsonNode st : line.path("orderLineStatuses").path("orderLineStatus")) {
                if ("Shipped".equals(st.path("status").asText())) {
                    tracked.computeIfAbsent(line.path("lineNumber").asText(), k -> new java.util.HashSet<>())
                            .add(st.path("trackingInfo").path("trackingNumber").asText());
                }
            }
        }
        if (s.parcels().isEmpty()) {
            return false;
        }
        for (RelayedShipment.Package parcel : s.parcels()) {
            for (RelayedShipment.Line line : parcel.lines()) {
                if (!tracked.getOrDefault(line.lineId().trim(), java.util.Set.of()).contains(parcel.trackingNumber())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Walmart's shipping method for our service level; Standard for any other. */
    static String methodCode(String serviceLevel) {
        return switch (serviceLevel == null ? "" : serviceLevel.trim()) {
            case "EXPEDITED" -> "Express";
            case "NEXT_DAY" -> "OneDay";
            default -> "Standard";
        };
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
