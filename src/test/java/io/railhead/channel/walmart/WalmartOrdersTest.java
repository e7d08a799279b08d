package io.railhead.channel.walmart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the poller works out from a Walmart order: last change, cancellation, event key; no money. */
class WalmartOrdersTest {

    static JsonNode order(String json) throws IOException {
        return WalmartOrders.JSON.readTree(json.replace('\'', '"'));
    }

    static String line(String number, String status, long statusDate, String charges) {
        return "{'lineNumber':'" + number + "','item':{'sku':'S" + number + "','productName':'P'},"
                + "'charges':{'charge':[" + charges + "]},'orderLineQuantity':{'unitOfMeasurement':'EACH','amount':'1'},"
                + "'statusDate':" + statusDate + ",'orderLineStatuses':{'orderLineStatus':[{'status':'" + status
                + "','statusQuantity':{'unitOfMeasurement':'EACH','amount':'1'}}]}}";
    }

    static String charge(String type, String name, String amount, String tax) {
        return "{'chargeType':'" + type + "','chargeName':'" + name + "','chargeAmount':{'currency':'USD','amount':"
                + amount + "}" + (tax == null ? "" : ",'tax':{'taxName':'Tax1','taxAmount':{'currency':'USD','amount':"
                + tax + "}}") + "}";
    }

    static JsonNode orderWith(String... lines) throws IOException {
        return order("{'purchaseOrderId':'1577684050466','customerOrderId':'5281956426648','orderDate':1568466571000,"
                + "'orderLines':{'orderLine':[" + String.join(",", lines) + "]}}");
    }

    @Test
    void lastModifiedIsTheLatestLineStatusDate_elseTheOrderDate() throws IOException {
        JsonNode o = orderWith(line("1", "Created", 1568466647123L, charge("PRODUCT", "ItemPrice", "1", null)),
                line("2", "Cancelled", 1568470000456L, charge("PRODUCT", "ItemPrice", "1", null)));
        assertThat(WalmartOrders.lastModified(o)).isEqualTo(Instant.ofEpochMilli(1568470000456L));
        assertThat(WalmartOrders.lastModified(order("{'orderDate':1791202800000}")))
                .isEqualTo(Instant.parse("2026-10-05T12:20:00Z"));
    }

    @Test
    void cancelledOnlyWhenEveryLineIsCancelled() throws IOException {
        String cancelled = line("1", "Cancelled", 2L, charge("PRODUCT", "ItemPrice", "1", null));
        assertThat(WalmartOrders.isCancelled(orderWith(cancelled))).isTrue();
        assertThat(WalmartOrders.isCancelled(orderWith(cancelled,
                line("2", "Acknowledged", 2L, charge("PRODUCT", "ItemPrice", "1", null))))).isFalse();
        assertThat(WalmartOrders.isCancelled(orderWith())).isFalse();
    }

    @Test
    void eventKey_sameForAnUnchangedOrderInAnyKeyOrder_newForAChange() throws IOException {
        JsonNode a = order("{'purchaseOrderId':'1577684050466','orderDate':1568466571000,'customerOrderId':'5281956426648'}");
        JsonNode reordered = order("{'customerOrderId':'5281956426648','orderDate':1568466571000,'purchaseOrderId':'1577684050466'}");
        ObjectNode changed = a.deepCopy();
        changed.put("customerOrderId", "5281956426649");

        assertThat(WalmartOrders.eventKey(a)).startsWith("1577684050466:1568466571000:")
                .isEqualTo(WalmartOrders.eventKey(reordered))
                .isNotEqualTo(WalmartOrders.eventKey(changed));
    }

    @Test
    void payloadKeepsTheOrderAsSent_amountsWithTheirZeros() throws IOException {
        JsonNode o = orderWith(line("1", "Created", 1L, charge("PRODUCT", "ItemPrice", "10.50", null)));
        String payload = WalmartOrders.JSON.writeValueAsString(WalmartOrders.payload(o));
        assertThat(payload).contains("\"amount\":10.50").doesNotContain("grandTotal")
                .contains("\"lastModifiedAt\":\"1970-01-01T00:00:00.001Z\"");
    }
}
