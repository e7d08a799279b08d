package io.railhead.order;

import java.util.List;

/** The result of the intake stage for one message: which order, its status, and what to send. */
public record IntakeOutcome(String orderId, OrderStatus status, List<String> holdReasons, DispatchAction dispatch) {
}
