package io.railhead.order;

/**
 * The catalogue of reasons an order is held for an operator. Reason codes are part of the ops
 * API contract: operators filter the exception list by them and fix the cause before release.
 */
public enum HoldReason {
    /**
     * The channel payload could not be read: not JSON at all, or what identifies the order is not
     * usable (an order id that is not a whole number where the channel sends one, an id too long to
     * store). The raw payload is kept.
     */
    UNPARSEABLE,
    /** The payload was read but the mapping or the canonical model rejected it. */
    MAPPING_FAILED,
    /**
     * The delivery's event id was already used by a different payload: the second one is kept and
     * held, never dropped as a duplicate; check the sender before releasing it.
     */
    EVENT_CONFLICT,
    /**
     * The channel adapter's own checks accepted the message with errors (an EDI transaction set
     * acknowledged E): an operator looks at it before it is released.
     */
    ACCEPTED_WITH_ERRORS,
    /** The canonical order does not satisfy the canonical JSON Schema. */
    SCHEMA_INVALID,
    MISSING_SKU,
    /** A quantity that is not a whole number of units, not positive, or above {@code railhead.validation.max-quantity}. */
    INVALID_QUANTITY,
    /**
     * A price or amount that is not a plain decimal, is negative, is above {@code railhead.validation.max-amount},
     * or has more decimals than its currency allows (unit prices: {@code railhead.validation.unit-price-decimals});
     * or amounts in minor units that are not whole ones, or are of a currency whose fraction digits are unknown.
     */
    INVALID_AMOUNT,
    /** Lines that need shipping but no ship-to address. */
    MISSING_SHIP_TO,
    /** Payment status is not one of the statuses configured to release. */
    PAYMENT_PENDING,
    /**
     * lines − discounts + shipping (+ tax unless included) differs from the grand total, or the lines
     * do not add up to the subtotal the channel sent.
     */
    TOTALS_MISMATCH,
    HIGH_RISK,
    /** The ERP answered with a permanent (4xx) error; its answer is kept on the order. */
    ERP_REJECTED,
    /**
     * No fulfillment node can take the order now (a backorder: it keeps its reservation); it is sourced by
     * itself when a stock event or a node change makes it possible.
     */
    NO_SOURCE
}
