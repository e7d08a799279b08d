package io.railhead.fulfillment;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * One place orders can be fulfilled from (a WMS, a 3PL, a store), as {@code railhead.fulfillment.nodes-file}
 * describes it: its ledger location, where and how its fulfillment requests go, where it ships from, the
 * service levels it offers (authoritative: a cost for a service it does not offer makes nothing eligible),
 * its daily cut-off and capacity, its cost per service level, the secret its shipment webhooks are signed
 * with, and after how many consecutive dead-lettered requests it is marked down.
 */
public record FulfillmentNode(String id, Type type, String location, Endpoint endpoint, Address address,
                              List<String> services, Cutoff cutoff, Integer ordersPerDay, Map<String, BigDecimal> cost,
                              String webhookSecret, int downAfterFailures) {

    public enum Type { WMS, THIRD_PARTY_LOGISTICS, STORE }

    /** Where the node's fulfillment requests go and with which credentials ({@code bearer}, {@code basic}, {@code header}). */
    public record Endpoint(String url, String authType, String token, String username, String password, String header) {
    }

    /** The ship-from address; {@code lat}/{@code lon} when known, for proximity. */
    public record Address(String countryCode, String region, String postalCode, Double lat, Double lon) {
    }

    /** Orders sourced before {@code time} in {@code zone} ship that day, later ones the next. */
    public record Cutoff(LocalTime time, ZoneId zone) {
    }

    public boolean offers(String serviceLevel) {
        return services.contains(serviceLevel);
    }

    /** The node's cost for a service level it offers, or null. */
    public BigDecimal costOf(String serviceLevel) {
        return offers(serviceLevel) ? cost.get(serviceLevel) : null;
    }
}
