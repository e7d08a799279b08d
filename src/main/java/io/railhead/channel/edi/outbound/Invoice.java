package io.railhead.channel.edi.outbound;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * An invoice for (part of) an order as the ERP reports it ({@code POST /api/orders/{orderId}/invoices}):
 * the invoiced quantities per order line, the unit price (the PO price when left out), charges
 * and allowances, and optionally the total the ERP computed, which must agree with the lines. The
 * 810 is written from it, and it is kept so a repeated report is recognised and invoiced
 * quantities add up across invoices.
 */
public record Invoice(String invoiceId, LocalDate invoiceDate, List<Line> lines, List<Charge> charges,
                      BigDecimal total) {

    /** An invoiced quantity of one order line ({@code lineId} = the PO line number). */
    public record Line(String lineId, Integer quantity, BigDecimal unitPrice) {
    }

    /**
     * A charge (e.g. freight) or an allowance, written as SAC: {@code type} "charge" (default) or
     * "allowance", {@code code} the X12 charge code (element 1300, e.g. D240 freight), a positive
     * {@code amount} and an optional description.
     */
    public record Charge(String type, String code, BigDecimal amount, String description) {

        public boolean allowance() {
            return "allowance".equalsIgnoreCase(type);
        }
    }
}
