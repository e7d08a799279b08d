package io.railhead.channel.walmart;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.channel.http.ChannelAnswer;
import io.railhead.channel.http.ChannelCallException;
import io.railhead.fulfillment.LineCancel;
import io.railhead.fulfillment.LineCancelTarget;
import io.railhead.fulfillment.RelayResult;
import java.io.IOException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Cancels lines of a Walmart purchase order no node can ship ({@code POST /v3/orders/{purchaseOrderId}/cancel}):
 * per order line ({@code lineNumber}, our line id) one "Cancelled" status with the quantity and the reason
 * {@code SELLER_CANCEL_OUT_OF_STOCK}, through the order's seller account. 401, 408, 429 and 5xx are {@code RETRY}
 * with the wait Walmart asked for, other 4xx {@code REFUSED} with Walmart's errors. Seller cancellations count
 * against the cancel rate Walmart watches (2 % over 30 days), which is why the rules try every node first.
 */
@Component
public class WalmartLineCancel implements LineCancelTarget {

    static final String REASON = "SELLER_CANCEL_OUT_OF_STOCK";

    private final WalmartProperties properties;
    private final WalmartClients clients;

    public WalmartLineCancel(WalmartProperties properties, WalmartClients clients) {
        this.properties = properties;
        this.clients = clients;
    }

    @Override
    public String channel() {
        return WalmartShipmentRelay.CHANNEL;
    }

    @Override
    public Optional<String> cannotCancel(LineCancel cancel) {
        return cancel.lines().stream().filter(l -> l.lineId() == null || l.lineId().isBlank()).findFirst()
                .map(l -> "Walmart cancels by lineNumber, and the line with SKU " + l.sku() + " has none");
    }

    @Override
    public RelayResult cancel(LineCancel cancel) throws InterruptedException {
        String name = cancel.sourceAccount() == null || cancel.sourceAccount().isBlank()
                ? WalmartProperties.DEFAULT_ACCOUNT : cancel.sourceAccount();
        Optional<WalmartProperties.ResolvedAccount> account = properties.account(name);
        if (account.isEmpty() || account.get().endpoint() == null || account.get().endpoint().isBlank()) {
            return RelayResult.refused("no Walmart account '" + name + "' with an endpoint (railhead.channels.walmart.*)");
        }
        WalmartApiClient client = clients.client(account.get());
        ChannelAnswer answer;
        try {
            answer = client.cancelLines(cancel.channelOrderId(), orderCancellation(cancel).toString());
        } catch (ChannelCallException e) {
            return RelayResult.retry(e.getMessage(), e.retryAfter());
        } catch (IOException e) {
            return RelayResult.retry("Walmart cancel for " + account.get() + " failed: " + e.getMessage(), null);
        }
        int status = answer.status();
        if (answer.ok()) {
            return RelayResult.accepted("Walmart cancelled " + cancel.lines().size() + " line(s) of purchase order "
                    + cancel.channelOrderId());
        }
        String message = "Walmart cancel answered HTTP " + status + ": " + WalmartApiClient.errors(answer);
        if (status == 401 || status == 403 || status == 408 || status == 429 || status >= 500) {
            return RelayResult.retry(message, client.requestedWait(answer));
        }
        return RelayResult.refused(message);
    }

    /** The {@code OrderCancellation}: one order line per line number, one Cancelled status each. */
    static ObjectNode orderCancellation(LineCancel cancel) {
        ObjectNode root = WalmartOrders.JSON.createObjectNode();
        ArrayNode lines = root.putObject("orderCancellation").putObject("orderLines").putArray("orderLine");
        for (LineCancel.Line l : cancel.lines()) {
            ObjectNode status = lines.addObject().put("lineNumber", l.lineId().trim())
                    .putObject("orderLineStatuses").putArray("orderLineStatus").addObject()
                    .put("status", "Cancelled").put("cancellationReason", REASON);
            status.putObject("statusQuantity").put("unitOfMeasurement", "EACH").put("amount", String.valueOf(l.quantity()));
        }
        return root;
    }
}
