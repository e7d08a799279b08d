package io.railhead.channel.pos;

import io.railhead.channel.FileRejection;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a POS sales CSV (one row per sale line, columns in {@code docs/channels/pos.md}) into
 * sales, checking every row on its own: a malformed row is reported with its row number and
 * reason, and the sale it belongs to is held back whole (a sale with a missing line would reach
 * the ERP with wrong totals); every other sale of the file goes on. One pass over a stream
 * (RFC 4180 records, quoted fields across lines): memory grows with the sales kept, not with the
 * file, and the errors listed stop at a bound while the rest are counted. No Camel types: the
 * route calls it through {@link PosCsvIntake}.
 */
public final class PosCsvParser {

    static final List<String> REQUIRED = List.of("store_id", "sale_id", "sold_at", "line_no", "sku", "quantity",
            "unit_price", "currency");
    static final List<String> OPTIONAL = List.of("description", "discount", "tax", "payment_status", "customer_email");
    static final int DEFAULT_ERRORS_LISTED = 1000;


    private PosCsvParser() {
    }

    /** One sale line as read. */
    public record Line(int row, String lineNo, String sku, String description, int quantity, BigDecimal unitPrice,
                       BigDecimal discount, BigDecimal tax) {
    }

    /** One sale: its lines in file order. */
    public record Sale(String storeId, String saleId, Instant soldAt, String currency, String paymentStatus,
                       String customerEmail, List<Line> lines) {
    }

    /** A row that could not be read, and why. */
    public record RowError(int row, String saleId, String reason) {
    }

    /**
     * What a file gave: the sales to send on, the first malformed rows (of {@code errorCount}), the
     * sales held back ({@code store/sale}), or why the file as a whole could not be used.
     */
    public record Result(List<Sale> sales, List<RowError> errors, long errorCount, List<String> rejectedSales,
                         FileRejection fileRejection, String fileError) {

        public static Result failed(FileRejection rejection, String why) {
            return new Result(List.of(), List.of(), 0, List.of(), rejection, why);
        }

        public boolean fileFailed() {
            return fileError != null || (sales.isEmpty() && errorCount > 0);
        }

        /** The reason code of the file exception entry, or null when every row was used. */
        public FileRejection rejection() {
            if (fileRejection != null) {
                return fileRejection;
            }
            return errorCount == 0 ? null : sales.isEmpty() ? FileRejection.NOTHING_USABLE : FileRejection.ROWS_REJECTED;
        }
    }

    public static Result parse(String content) {
        try {
            return parse(new StringReader(content), DEFAULT_ERRORS_LISTED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param errorsListed how many malformed rows are kept for the report; the rest are counted
     * @throws IOException when the stream cannot be read; text that is not valid in the reader's
     *                     charset gives a result with {@link FileRejection#UNREADABLE} instead
     */
    public static Result parse(Reader in, int errorsListed) throws IOException {
        CsvRecords records = new CsvRecords(in);
        try {
            return new Reading(records, errorsListed).run();
        } catch (CharacterCodingException e) {
            // the decoder reads ahead of the records, so the row it failed in is not known
            return Result.failed(FileRejection.UNREADABLE, "the file is not UTF-8 text (a byte sequence that is not "
                    + "valid UTF-8, e.g. a Latin-1 or Windows-1252 export), after row " + records.rowNumber());
        }
    }

    /** One file's pass: header, then every row into its sale. */
    private static final class Reading {
        private final CsvRecords records;
        private final int errorsListed;
        private final Map<String, Integer> column = new HashMap<>();
        private final Map<String, SaleBuilder> sales = new LinkedHashMap<>();
        private final Set<String> rejected = new LinkedHashSet<>();
        private final List<RowError> errors = new ArrayList<>();
        private long errorCount;
        private String lastSoldAtText;
        private Instant lastSoldAt;

        Reading(CsvRecords records, int errorsListed) {
            this.records = records;
            this.errorsListed = errorsListed;
        }

        Result run() throws IOException {
            List<String> header = records.next();
            if (header == null) {
                return Result.failed(FileRejection.EMPTY_FILE, "empty file");
            }
            for (int c = 0; c < header.size(); c++) {
                column.putIfAbsent(header.get(c).trim().toLowerCase(Locale.ROOT), c);
            }
            List<String> missing = REQUIRED.stream().filter(c -> !column.containsKey(c)).toList();
            if (!missing.isEmpty()) {
                return Result.failed(FileRejection.MISSING_COLUMNS, "header lacks column(s) " + missing);
            }
            for (List<String> cells = records.next(); cells != null; cells = records.next()) {
                row(records.rowNumber(), cells, header.size());
            }
            List<Sale> out = new ArrayList<>(sales.size());
            sales.values().forEach(b -> out.add(b.build()));
            return new Result(out, List.copyOf(errors), errorCount,
                    rejected.stream().map(k -> k.replace('\u0000', '/')).toList(), null, null);
        }

        private void row(int rowNumber, List<String> cells, int width) {
            if (cells.size() == 1 && cells.get(0).isBlank()) {
                return;
            }
            if (cells.size() != width) {
                error(rowNumber, null, "has " + cells.size() + " fields, the header has " + width);
                return;
            }
            Row row = new Row(cells);
            String key = row.get("store_id") + "\u0000" + row.get("sale_id");
            try {
                Line line = line(rowNumber, row);
                Instant soldAt = soldAt(row.get("sold_at"));
                if (rejected.contains(key)) {
                    return;
                }
                SaleBuilder sale = sales.get(key);
                if (sale == null) {
                    sales.put(key, new SaleBuilder(row.get("store_id"), row.get("sale_id"), soldAt, row.get("currency"),
                            blankToNull(row.get("payment_status")), blankToNull(row.get("customer_email")), line));
                } else if (!sale.soldAt.equals(soldAt) || !sale.currency.equals(row.get("currency"))) {
                    throw new Malformed("sold_at or currency differs from the sale's first row");
                } else {
                    sale.lines.add(line);
                }
            } catch (Malformed e) {
                error(rowNumber, row.get("sale_id"), e.getMessage());
                sales.remove(key);
                rejected.add(key);
            }
        }

        /** Rows of one sale, and often of a whole file, repeat the same time: parsed once. */
        private Instant soldAt(String v) {
            if (!v.equals(lastSoldAtText)) {
                lastSoldAt = instant(v);
                lastSoldAtText = v;
            }
            return lastSoldAt;
        }

        private void error(int rowNumber, String saleId, String reason) {
            if (errors.size() < errorsListed) {
                errors.add(new RowError(rowNumber, saleId, reason));
            }
            errorCount++;
        }

        /** A row's cells by column name; optional columns the header lacks read as empty. */
        private final class Row {
            private final List<String> cells;

            Row(List<String> cells) {
                this.cells = cells;
            }

            String get(String name) {
                Integer c = column.get(name);
                return c == null ? "" : cells.get(c).trim();
            }
        }

        private static Line line(int rowNumber, Row row) {
            for (String c : List.of("store_id", "sale_id", "line_no", "currency")) {
                if (row.get(c).isEmpty()) {
                    throw new Malformed(c + " is empty");
                }
            }
            if (!isCurrencyCode(row.get("currency"))) {
                throw new Malformed("currency '" + row.get("currency") + "' is not an ISO 4217 code");
            }
            int quantity;
            try {
                quantity = Integer.parseInt(row.get("quantity"));
            } catch (NumberFormatException e) {
                throw new Malformed("quantity '" + row.get("quantity") + "' is not a whole number");
            }
            return new Line(rowNumber, row.get("line_no"), row.get("sku"), blankToNull(row.get("description")),
                    quantity, money(row, "unit_price", true), money(row, "discount", false), money(row, "tax", false));
        }

        private static BigDecimal money(Row row, String column, boolean required) {
            String v = row.get(column);
            if (v.isEmpty()) {
                if (required) {
                    throw new Malformed(column + " is empty");
                }
                return new BigDecimal("0.00");
            }
            if (!isDecimal(v)) {
                throw new Malformed(column + " '" + v + "' is not a decimal amount");
            }
            return new BigDecimal(v);
        }
    }

    /** A sale being read: the facts of its first row and its lines so far. */
    private static final class SaleBuilder {
        final String storeId;
        final String saleId;
        final Instant soldAt;
        final String currency;
        final String paymentStatus;
        final String customerEmail;
        final List<Line> lines = new ArrayList<>(2);

        SaleBuilder(String storeId, String saleId, Instant soldAt, String currency, String paymentStatus,
                    String customerEmail, Line first) {
            this.storeId = storeId;
            this.saleId = saleId;
            this.soldAt = soldAt;
            this.currency = currency;
            this.paymentStatus = paymentStatus;
            this.customerEmail = customerEmail;
            lines.add(first);
        }

        Sale build() {
            return new Sale(storeId, saleId, soldAt, currency, paymentStatus, customerEmail, List.copyOf(lines));
        }
    }

    /** Three capital letters (checked by hand: a regex per row is the slowest part of a big file). */
    private static boolean isCurrencyCode(String v) {
        return v.length() == 3 && v.chars().allMatch(c -> c >= 'A' && c <= 'Z');
    }

    /** {@code -?[0-9]+(\.[0-9]+)?} */
    static boolean isDecimal(String v) {
        int i = v.startsWith("-") ? 1 : 0;
        int digits = 0;
        while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
            i++;
            digits++;
        }
        if (digits == 0) {
            return false;
        }
        if (i == v.length()) {
            return true;
        }
        if (v.charAt(i++) != '.' || i == v.length()) {
            return false;
        }
        while (i < v.length()) {
            char c = v.charAt(i++);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static Instant instant(String v) {
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e2) {
                throw new Malformed("sold_at '" + v + "' is not an ISO-8601 time with offset");
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Why a row is malformed; thrown per bad row, so without a stack trace. */
    private static final class Malformed extends RuntimeException {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }
}
