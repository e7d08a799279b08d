package io.railhead.order;

import java.util.List;

/**
 * The result of a stage for one order: which order, its status, and what to send now —
 * {@code dispatch} is the command to queue for the ERP ({@code NONE}: nothing) under number
 * {@code dispatchSeq} (see {@link StoredOrder.Dispatch}).
 */
public record IntakeOutcome(String orderId, OrderStatus status, List<String> holdReasons, DispatchAction dispatch,
                            int dispatchSeq) {
}
