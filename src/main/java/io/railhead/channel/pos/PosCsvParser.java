package io.railhead.channel.pos;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a POS sales CSV (one row per sale line, columns in {@code docs/channels/pos.md}) into
 * sales, checking every row on its own: a malformed row is reported with its row number and
 * reason, and the sale it belongs to is held back whole (a sale with a missing line would reach
 * the ERP with wrong totals); every other sale of the file goes on. No Camel types: the route
 * calls it through {@link PosCsvIntake}.
 */
public final class PosCsvParser {

    static final List<String> REQUIRED = List.of("store_id", "sale_id", "sold_at", "line_no", "sku", "quantity",
            "unit_price", "currency");
    static final List<String> OPTIONAL = List.of("description", "discount", "tax", "payment_status", "customer_email");

    private PosCsvParser() {
    }

    /** One sale line as read. */
    public record Line(int row, String lineNo, String sku, String description, int quantity, BigDecimal unitPrice,
                       BigDecimal discount, BigDecimal tax) {
    }

    /** One sale: its lines in file order. */
    public record Sale(String storeId, String saleId, Instant soldAt, String currency, String paymentStatus,
                       String customerEmail, List<Line> lines) {

        public BigDecimal total() {
            return lines.stream().map(l -> l.unitPrice().multiply(BigDecimal.valueOf(l.quantity()))
                    .subtract(l.discount()).add(l.tax())).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /** A row that could not be read, and why. */
    public record RowError(int row, String saleId, String reason) {
    }

    /** What a file gave: the sales to send on, and the rows (and sales) held back. */
    public record Result(List<Sale> sales, List<RowError> errors, List<String> rejectedSales, String fileError) {

        public boolean fileFailed() {
            return fileError != null || (sales.isEmpty() && !errors.isEmpty());
        }
    }

    public static Result parse(String content) {
        List<List<String>> rows = split(content);
        if (rows.isEmpty()) {
            return new Result(List.of(), List.of(), List.of(), "empty file");
        }
        List<String> header = rows.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        List<String> missing = REQUIRED.stream().filter(c -> !header.contains(c)).toList();
        if (!missing.isEmpty()) {
            return new Result(List.of(), List.of(), List.of(), "header lacks column(s) " + missing);
        }
        Map<String, List<Line>> linesBySale = new LinkedHashMap<>();
        Map<String, String[]> saleFacts = new LinkedHashMap<>();
        List<RowError> errors = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            int rowNumber = i + 1;
            List<String> cells = rows.get(i);
            if (cells.size() == 1 && cells.get(0).isBlank()) {
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            if (cells.size() != header.size()) {
                errors.add(new RowError(rowNumber, null, "has " + cells.size() + " fields, the header has " + header.size()));
                continue;
            }
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), cells.get(c).trim());
            }
            String key = row.get("store_id") + "\u0000" + row.get("sale_id");
            try {
                Line line = line(rowNumber, row);
                String[] facts = {row.get("store_id"), row.get("sale_id"), instant(row.get("sold_at")).toString(),
                        row.get("currency"), blankToNull(row.get("payment_status")), blankToNull(row.get("customer_email"))};
                String[] first = saleFacts.putIfAbsent(key, facts);
                if (first != null && (!first[2].equals(facts[2]) || !first[3].equals(facts[3]))) {
                    throw new IllegalArgumentException("sold_at or currency differs from the sale's first row");
                }
                linesBySale.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                errors.add(new RowError(rowNumber, row.get("sale_id"), e.getMessage()));
                if (!rejected.contains(key)) {
                    rejected.add(key);
                }
            }
        }
        List<Sale> sales = new ArrayList<>();
        saleFacts.forEach((key, f) -> {
            if (!rejected.contains(key)) {
                sales.add(new Sale(f[0], f[1], Instant.parse(f[2]), f[3], f[4], f[5], List.copyOf(linesBySale.get(key))));
            }
        });
        return new Result(sales, errors, rejected.stream().map(k -> k.replace('\u0000', '/')).toList(), null);
    }

    private static Line line(int rowNumber, Map<String, String> row) {
        for (String c : List.of("store_id", "sale_id", "line_no", "currency")) {
            if (row.get(c).isEmpty()) {
                throw new IllegalArgumentException(c + " is empty");
            }
        }
        if (!row.get("currency").matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency '" + row.get("currency") + "' is not an ISO 4217 code");
        }
        int quantity;
        try {
            quantity = Integer.parseInt(row.get("quantity"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("quantity '" + row.get("quantity") + "' is not a whole number");
        }
        return new Line(rowNumber, row.get("line_no"), row.get("sku"), blankToNull(row.getOrDefault("description", "")),
                quantity, money(row, "unit_price", true), money(row, "discount", false), money(row, "tax", false));
    }

    private static BigDecimal money(Map<String, String> row, String column, boolean required) {
        String v = row.getOrDefault(column, "");
        if (v.isEmpty()) {
            if (required) {
                throw new IllegalArgumentException(column + " is empty");
            }
            return new BigDecimal("0.00");
        }
        if (!v.matches("-?[0-9]+(\\.[0-9]+)?")) {
            throw new IllegalArgumentException(column + " '" + v + "' is not a decimal amount");
        }
        return new BigDecimal(v);
    }

    private static Instant instant(String v) {
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("sold_at '" + v + "' is not an ISO-8601 time with offset");
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** RFC 4180 splitting: quoted fields may hold commas, doubled quotes and line breaks. */
    static List<List<String>> split(String content) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                cell.append(ch);
            }
        }
        if (cell.length() > 0 || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }
}
