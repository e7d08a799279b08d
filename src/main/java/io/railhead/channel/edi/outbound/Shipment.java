package io.railhead.channel.edi.outbound;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A shipment of an order as the warehouse reports it ({@code POST /api/orders/{orderId}/shipments}):
 * what left, when, with which carrier, in which cartons. The 856 ship notice is written from it,
 * and it is kept so a repeated report is recognised and shipped quantities add up across
 * shipments. {@code carrier} is the SCAC; {@code sscc} the carton's SSCC-18 (with or without the
 * leading application identifier 00); {@code weight} in {@code weightUnit} (LB or KG, default LB).
 */
public record Shipment(String shipmentId, Instant shippedAt, String carrier, String service, String trackingNumber,
                       String billOfLading, List<Package> packages) {

    /** One carton (pack) with what is in it. */
    public record Package(String sscc, BigDecimal weight, String weightUnit, List<Item> lines) {
    }

    /** A quantity of one order line ({@code lineId} = the PO line number; {@code sku} optional, checked). */
    public record Item(String lineId, String sku, Integer quantity) {
    }
}
