package io.railhead.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Builds realistic Shopify REST {@code orders/create} payloads (snake_case) from the bench's own
 * template ({@code shopify-order-template.json}). Every order gets a unique 64-bit id; the number of
 * line items is configurable and all money totals are recomputed with {@link BigDecimal} so that
 * {@code total_line_items_price - total_discounts + shipping + total_tax == total_price} always holds.
 */
public final class OrderFactory {

    public static final String TEMPLATE = "shopify-order-template.json";
    static final BigDecimal TAX_RATE = new BigDecimal("0.0825");
    static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode template;
    private final int lines;

    public OrderFactory(int lines) {
        if (lines < 1) {
            throw new IllegalArgumentException("lines must be >= 1");
        }
        this.template = loadTemplate();
        this.lines = lines;
    }

    public int lines() {
        return lines;
    }

    public static ObjectNode loadTemplate() {
        try (InputStream in = OrderFactory.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("resource not found on classpath: " + TEMPLATE);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The order as JSON bytes (compact, UTF-8). */
    public byte[] orderBytes(long orderId, long seq) {
        try {
            return JSON.writeValueAsBytes(order(orderId, seq));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String orderJson(long orderId, long seq) {
        return new String(orderBytes(orderId, seq), StandardCharsets.UTF_8);
    }

    /** A fresh order tree: id {@code orderId}, order number {@code 1000 + seq}. */
    public ObjectNode order(long orderId, long seq) {
        ObjectNode o = template.deepCopy();
        long number = 1000 + seq;
        o.put("id", orderId);
        o.put("admin_graphql_api_id", "gid://shopify/Order/" + orderId);
        o.put("name", "#" + number);
        o.put("order_number", number);
        o.put("number", number - 1000 + 1);

        ArrayNode templateLines = (ArrayNode) template.get("line_items");
        ArrayNode out = JSON.createArrayNode();
        BigDecimal itemsTotal = BigDecimal.ZERO;
        BigDecimal discounts = BigDecimal.ZERO;
        BigDecimal tax = BigDecimal.ZERO;
        int grams = 0;
        for (int k = 0; k < lines; k++) {
            ObjectNode base = (ObjectNode) templateLines.get(k % templateLines.size());
            ObjectNode li = base.deepCopy();
            // line ids: unique within the order, stable and 64-bit
            long lineId = 14_820_033_410_000L + (Math.floorMod(orderId, 1_000_000_000L) * 100) + k;
            li.put("id", lineId);
            li.put("admin_graphql_api_id", "gid://shopify/LineItem/" + lineId);
            BigDecimal price = new BigDecimal(base.get("price").asText()).add(BigDecimal.valueOf(k / 2));
            int qty = k < templateLines.size() ? base.get("quantity").asInt() : 1 + (k % 3);
            BigDecimal discount = k == 0 ? new BigDecimal("4.00") : new BigDecimal("0.00");
            BigDecimal gross = price.multiply(BigDecimal.valueOf(qty));
            BigDecimal lineTax = gross.subtract(discount).multiply(TAX_RATE).setScale(2, RoundingMode.HALF_UP);
            if (k >= templateLines.size()) {
                li.put("sku", base.get("sku").asText() + "-" + (k + 1));
                li.put("name", base.get("name").asText() + " #" + (k + 1));
                li.put("variant_id", base.get("variant_id").asLong() + k);
            }
            li.put("price", money(price));
            setMoney(li, "price_set", price);
            li.put("quantity", qty);
            li.put("fulfillable_quantity", qty);
            li.put("total_discount", money(discount));
            setMoney(li, "total_discount_set", discount);
            ObjectNode taxLine = (ObjectNode) li.get("tax_lines").get(0);
            taxLine.put("price", money(lineTax));
            setMoney(taxLine, "price_set", lineTax);
            ArrayNode allocs = JSON.createArrayNode();
            if (discount.signum() > 0) {
                allocs.addObject().put("amount", money(discount)).put("discount_application_index", 0);
            }
            li.set("discount_allocations", allocs);
            grams += li.get("grams").asInt() * qty;
            itemsTotal = itemsTotal.add(gross);
            discounts = discounts.add(discount);
            tax = tax.add(lineTax);
            out.add(li);
        }
        o.set("line_items", out);

        BigDecimal shipping = new BigDecimal(template.at("/total_shipping_price_set/shop_money/amount").asText());
        BigDecimal subtotal = itemsTotal.subtract(discounts);
        BigDecimal total = subtotal.add(shipping).add(tax);
        o.put("total_line_items_price", money(itemsTotal));
        setMoney(o, "total_line_items_price_set", itemsTotal);
        o.put("total_discounts", money(discounts));
        o.put("current_total_discounts", money(discounts));
        setMoney(o, "total_discounts_set", discounts);
        o.put("subtotal_price", money(subtotal));
        o.put("current_subtotal_price", money(subtotal));
        setMoney(o, "subtotal_price_set", subtotal);
        o.put("total_tax", money(tax));
        o.put("current_total_tax", money(tax));
        setMoney(o, "total_tax_set", tax);
        ((ObjectNode) o.get("tax_lines").get(0)).put("price", money(tax));
        o.put("total_price", money(total));
        o.put("current_total_price", money(total));
        setMoney(o, "total_price_set", total);
        o.put("total_weight", grams);
        return o;
    }

    /** Checks lines - discounts + shipping + tax == total_price and the per-line sums; throws if not. */
    public static void checkTotals(JsonNode o) {
        BigDecimal items = BigDecimal.ZERO;
        BigDecimal disc = BigDecimal.ZERO;
        BigDecimal tax = BigDecimal.ZERO;
        for (JsonNode li : o.get("line_items")) {
            items = items.add(new BigDecimal(li.get("price").asText()).multiply(BigDecimal.valueOf(li.get("quantity").asLong())));
            disc = disc.add(new BigDecimal(li.get("total_discount").asText()));
            for (JsonNode t : li.get("tax_lines")) {
                tax = tax.add(new BigDecimal(t.get("price").asText()));
            }
        }
        BigDecimal ship = new BigDecimal(o.at("/total_shipping_price_set/shop_money/amount").asText());
        requireEq("total_line_items_price", items, o.get("total_line_items_price").asText());
        requireEq("total_discounts", disc, o.get("total_discounts").asText());
        requireEq("subtotal_price", items.subtract(disc), o.get("subtotal_price").asText());
        requireEq("total_tax", tax, o.get("total_tax").asText());
        requireEq("total_price", items.subtract(disc).add(ship).add(tax), o.get("total_price").asText());
    }

    private static void requireEq(String field, BigDecimal expected, String actual) {
        if (expected.compareTo(new BigDecimal(actual)) != 0) {
            throw new IllegalStateException(field + ": expected " + expected + " but order says " + actual);
        }
    }

    private static String money(BigDecimal v) {
        return v.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }

    private static void setMoney(ObjectNode parent, String field, BigDecimal v) {
        ObjectNode set = (ObjectNode) parent.get(field);
        ((ObjectNode) set.get("shop_money")).put("amount", money(v));
        ((ObjectNode) set.get("presentment_money")).put("amount", money(v));
    }
}
