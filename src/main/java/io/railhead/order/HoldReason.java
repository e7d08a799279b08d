package io.railhead.order;

/**
 * The catalogue of reasons an order is held for an operator. Reason codes are part of the ops
 * API contract: operators filter the exception list by them and fix the cause before release.
 */
public enum HoldReason {
    /** The channel payload could not be read as JSON at all; the raw payload is kept. */
    UNPARSEABLE,
    /** The payload was read but the mapping or the canonical model rejected it. */
    MAPPING_FAILED,
    /** The canonical order does not satisfy the canonical JSON Schema. */
    SCHEMA_INVALID,
    MISSING_SKU,
    INVALID_QUANTITY,
    /** Lines that need shipping but no ship-to address. */
    MISSING_SHIP_TO,
    /** Payment status is not one of the statuses configured to release. */
    PAYMENT_PENDING,
    /** lines − discounts + shipping (+ tax unless included) differs from the grand total. */
    TOTALS_MISMATCH,
    HIGH_RISK,
    /** The ERP answered with a permanent (4xx) error; its answer is kept on the order. */
    ERP_REJECTED
}
