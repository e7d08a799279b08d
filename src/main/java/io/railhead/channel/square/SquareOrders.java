package io.railhead.channel.square;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.function.Function;

/**
 * Turns a Square order into the POS sale payload that {@code mappings/pos/pos-order-to-canonical.jslt}
 * maps (the same shape the CSV drop produces). Square counts money in the currency's smallest unit
 * (cents): the conversion to decimals is exact arithmetic, so it happens here and not in the
 * mapping. The Square order itself travels along in {@code square} and ends in the canonical
 * order's extensions.
 */
final class SquareOrders {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SquareOrders() {
    }

    static ObjectNode toSale(JsonNode order, Function<String, String> skuOfCatalogObject) {
        ObjectNode sale = JSON.createObjectNode();
        String currency = order.path("total_money").path("currency").asText("USD");
        sale.put("storeId", order.path("location_id").asText());
        sale.put("saleId", order.path("id").asText());
        sale.put("soldAt", text(order, order.hasNonNull("closed_at") ? "closed_at" : "created_at"));
        sale.put("updatedAt", text(order, "updated_at"));
        sale.put("currency", currency);
        sale.put("paymentStatus", paymentStatus(order.path("state").asText()));
        sale.put("total", money(order.path("total_money"), currency));
        sale.put("source", "square");
        ArrayNode lines = sale.putArray("lines");
        int n = 0;
        for (JsonNode item : order.path("line_items")) {
            n++;
            String catalogId = item.path("catalog_object_id").asText(null);
            ObjectNode line = lines.addObject();
            line.put("lineNo", item.path("uid").asText(String.valueOf(n)));
            line.put("sku", catalogId == null ? null : skuOfCatalogObject.apply(catalogId));
            line.put("description", item.path("name").asText(null));
            line.put("quantity", quantity(item.path("quantity").asText("0")));
            line.put("unitPrice", money(item.path("base_price_money"), currency));
            line.put("discount", money(item.path("total_discount_money"), currency));
            line.put("tax", money(item.path("total_tax_money"), currency));
            line.put("catalogObjectId", catalogId);
        }
        sale.set("square", order);
        return sale;
    }

    /** COMPLETED sales were paid at the counter; OPEN ones are not done yet; CANCELED ones never happened. */
    private static String paymentStatus(String state) {
        return switch (state) {
            case "COMPLETED" -> "PAID";
            case "CANCELED" -> "VOIDED";
            default -> "PENDING";
        };
    }

    /** Whole quantities only; a weighed quantity (e.g. 1.5 kg) is kept as 0 so the order is held for a person. */
    private static int quantity(String q) {
        try {
            return new BigDecimal(q).intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            return 0;
        }
    }

    static String money(JsonNode money, String currency) {
        if (money == null || !money.has("amount")) {
            return BigDecimal.ZERO.setScale(fractionDigits(currency)).toPlainString();
        }
        int digits = fractionDigits(money.path("currency").asText(currency));
        return new BigDecimal(money.path("amount").bigIntegerValue(), digits).toPlainString();
    }

    private static int fractionDigits(String currency) {
        try {
            return Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
