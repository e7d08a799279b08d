package io.railhead.order;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The one order shape every channel is mapped to and every endpoint (ERP, WMS, 3PL) receives.
 * The contract is described in {@code docs/canonical-order.md} and checked against
 * {@code docs/canonical-order.schema.json}. Money is {@link BigDecimal} (a decimal string in
 * JSON), channel ids are strings, and anything a channel sent that has no field here is kept
 * in {@code extensions}. A mapping may write its amounts in the currency's minor units and say so in
 * {@code amountsIn}; {@link CanonicalEnricher} turns them into decimals, so an enriched order's
 * amounts are always decimals and it carries no {@code amountsIn}.
 */
public record CanonicalOrder(
        String orderId,
        String channel,
        String channelOrderId,
        String channelOrderNumber,
        String sourceAccount,
        Instant orderedAt,
        Instant channelUpdatedAt,
        String currency,
        AmountUnits amountsIn,
        Customer customer,
        Address shipTo,
        Address billTo,
        List<Line> lines,
        Totals totals,
        Shipping shipping,
        Payment payment,
        String fulfilledBy,
        B2b b2b,
        String riskLevel,
        List<String> tags,
        String notes,
        Instant cancelledAt,
        JsonNode extensions,
        Fulfillment fulfillment) {

    /**
     * Where the hub sourced the order (set by sourcing when fulfillment is on, never by a channel mapping): one
     * allocation per fulfillment node, with the lines it ships.
     */
    public record Fulfillment(List<Allocation> allocations) {
    }

    /** The lines one node ships, from its ledger location. */
    public record Allocation(String nodeId, String location, List<AllocatedLine> lines) {
    }

    /** One order line (or the part of it) a node ships. */
    public record AllocatedLine(String lineId, String sku, Integer quantity) {
    }

    /**
     * How a mapping wrote the order's amounts: {@code DECIMAL} (also when absent) as decimals in the currency
     * ({@code "12.50"}), {@code MINOR_UNITS} as whole numbers of the currency's smallest unit ({@code 1250} cents),
     * for a channel that counts money that way. Only in a mapping's output: the enricher converts.
     */
    public enum AmountUnits { DECIMAL, MINOR_UNITS }

    /** Who bought; never logged at INFO. */
    public record Customer(String name, String email, String phone, String channelCustomerId) {
    }

    /**
     * A postal address; {@code countryCode} is ISO 3166-1 alpha-2. {@code latitude}/{@code longitude} (WGS84
     * degrees) when the channel geocoded it (Shopify does), so sourcing can measure the distance to a node.
     */
    public record Address(String name, String company, String line1, String line2, String city,
                          String region, String postalCode, String countryCode, String phone,
                          Double latitude, Double longitude) {
    }

    /**
     * One order line; {@code lineTotal} = unitPrice × quantity − discount. {@code amount} is the line's
     * price before discounts when the channel reports that instead of a unit price (Amazon's ItemPrice).
     */
    public record Line(String lineId, String sku, String channelSku, String title, Integer quantity,
                       String uom, BigDecimal unitPrice, BigDecimal amount, BigDecimal discount, BigDecimal tax,
                       BigDecimal lineTotal, List<TaxLine> taxLines, Boolean requiresShipping,
                       JsonNode extensions) {
    }

    /** One tax component of a line as the channel reported it. */
    public record TaxLine(String title, BigDecimal rate, BigDecimal amount) {
    }

    /**
     * Order totals; {@code subtotal} is before discounts, {@code grandTotal} what the buyer pays. A channel
     * that sends no order total has its mapping list what the total is made of instead, in
     * {@code grandTotalOf}; the enricher adds them up and leaves the list out of the stored order.
     */
    public record Totals(BigDecimal subtotal, BigDecimal discount, BigDecimal shipping, BigDecimal tax,
                         BigDecimal grandTotal, Boolean taxesIncluded, List<TotalPart> grandTotalOf) {

        public Totals(BigDecimal subtotal, BigDecimal discount, BigDecimal shipping, BigDecimal tax,
                      BigDecimal grandTotal, Boolean taxesIncluded) {
            this(subtotal, discount, shipping, tax, grandTotal, taxesIncluded, null);
        }
    }

    /** One amount an order total is made of: {@code amount} × {@code quantity} (1 when absent), subtracted when {@code subtract}. */
    public record TotalPart(BigDecimal amount, Integer quantity, Boolean subtract) {
    }

    /** How the order ships. */
    public record Shipping(String serviceLevel, String carrier, String method, Instant shipBy,
                           Instant deliverBy, List<ShippingLine> lines) {
    }

    /** One shipping charge as the channel reported it. */
    public record ShippingLine(String code, String title, BigDecimal price) {
    }

    /** Payment state; {@code status} decides whether the order may be released. */
    public record Payment(String status, String channelStatus) {
    }

    /** Business-to-business order facts (EDI purchase orders). */
    public record B2b(String poNumber, String buyerPartyId, String shipToPartyId, Instant requestedShipDate,
                      Instant requestedDeliveryDate, String terms) {
    }
}
