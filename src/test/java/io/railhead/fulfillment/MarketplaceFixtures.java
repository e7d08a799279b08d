package io.railhead.fulfillment;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.railhead.channel.walmart.WalmartSimulator;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The marketplaces' side of {@link MarketplaceShipmentRelayIT}: Amazon orders as Orders v0 pages and order items on
 * a WireMock server, Walmart's answer to a shipping update (its orders come from {@link WalmartSimulator}), and
 * fresh ids and SKUs for each test.
 */
final class MarketplaceFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MarketplaceFixtures() {
    }

    record AmazonItem(String orderItemId, String sku, int quantity, String amount) {
    }

    /** An Unshipped merchant-fulfilled order on the next orders page of {@code amazon}, with its items. */
    static void amazonOrder(WireMockServer amazon, String marketplace, String amazonOrderId, List<AmazonItem> items) {
        ObjectNode o = JSON.createObjectNode();
        o.put("AmazonOrderId", amazonOrderId).put("PurchaseDate", "2026-11-22T10:00:00Z")
                .put("LastUpdateDate", "2026-11-22T10:05:00Z").put("OrderStatus", "Unshipped")
                .put("FulfillmentChannel", "MFN").put("MarketplaceId", marketplace)
                .put("ShipmentServiceLevelCategory", "Standard");
        o.putObject("OrderTotal").put("CurrencyCode", "USD").put("Amount",
                items.stream().map(i -> new java.math.BigDecimal(i.amount())).reduce(java.math.BigDecimal.ZERO,
                        java.math.BigDecimal::add).toPlainString());
        o.putObject("ShippingAddress").put("City", "BOISE").put("StateOrRegion", "ID").put("PostalCode", "83702")
                .put("CountryCode", "US");
        amazon.stubFor(get(urlPathEqualTo("/orders/v0/orders")).atPriority(1)
                .withQueryParam("MarketplaceIds", equalTo(marketplace))
                .willReturn(okJson(amazonPage(JSON.createArrayNode().add(o))).withHeader("x-amzn-RateLimit-Limit", "20")));
        ObjectNode payload = JSON.createObjectNode().put("AmazonOrderId", amazonOrderId);
        ArrayNode list = payload.putArray("OrderItems");
        for (AmazonItem i : items) {
            ObjectNode item = list.addObject().put("ASIN", "B0RELAY001").put("SellerSKU", i.sku())
                    .put("OrderItemId", i.orderItemId()).put("Title", "Item " + i.sku())
                    .put("QuantityOrdered", i.quantity()).put("QuantityShipped", 0);
            item.putObject("ItemPrice").put("CurrencyCode", "USD").put("Amount", i.amount());
            item.putObject("ItemTax").put("CurrencyCode", "USD").put("Amount", "0.00");
        }
        amazon.stubFor(get(urlPathEqualTo("/orders/v0/orders/" + amazonOrderId + "/orderItems"))
                .willReturn(okJson(JSON.createObjectNode().set("payload", payload).toString())
                        .withHeader("x-amzn-RateLimit-Limit", "20")));
    }

    /** {@code getOrderItems} of an order of one item, {@code shipped} of {@code ordered} shipped. */
    static String amazonItems(String amazonOrderId, String orderItemId, String sku, int ordered, int shipped) {
        ObjectNode payload = JSON.createObjectNode().put("AmazonOrderId", amazonOrderId);
        payload.putArray("OrderItems").addObject().put("ASIN", "B0RELAY001").put("SellerSKU", sku)
                .put("OrderItemId", orderItemId).put("QuantityOrdered", ordered).put("QuantityShipped", shipped);
        return JSON.createObjectNode().set("payload", payload).toString();
    }

    static String amazonPage(ArrayNode orders) {
        ObjectNode payload = JSON.createObjectNode();
        payload.set("Orders", orders);
        payload.put("LastUpdatedBefore", "2026-11-23T10:00:00Z");
        return JSON.createObjectNode().set("payload", payload).toString();
    }

    /** Walmart's answer to a shipping update: the order ({@code GetOrderResponse}) with the line Shipped. */
    static String walmartShipped(String purchaseOrderId, String sku) {
        ObjectNode order = WalmartSimulator.order(purchaseOrderId, sku);
        ObjectNode status = (ObjectNode) order.at("/orderLines/orderLine/0/orderLineStatuses/orderLineStatus/0");
        status.put("status", "Shipped");
        status.putObject("trackingInfo").put("shipDateTime", Instant.now().toEpochMilli())
                .put("methodCode", "Standard").put("trackingNumber", "794644790138").putObject("carrierName")
                .put("carrier", "FedEx");
        return JSON.createObjectNode().set("order", order).toString();
    }

    static String amazonOrderId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "1%02d-%07d-%07d".formatted(r.nextInt(100), r.nextInt(10_000_000), r.nextInt(10_000_000));
    }

    static String orderItemId() {
        return String.valueOf(10_000_000_000_000L + ThreadLocalRandom.current().nextLong(89_999_999_999_999L));
    }

    static String sku(String stem) {
        return stem + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toUpperCase();
    }
}
