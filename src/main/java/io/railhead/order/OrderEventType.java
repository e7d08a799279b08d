package io.railhead.order;

import java.util.List;

/**
 * What happened to an order, as its events say on {@code order.events.v1}: the contract subscribers
 * (a channel's acknowledgement, stock, sourcing, shipment relay) build on. One event per committed
 * transition ({@link OrderLifecycle}).
 */
public enum OrderEventType {
    /** The hub durably took a new order (its first transition, whatever its status). */
    ORDER_ACCEPTED,
    /** The order passed its checks again (after an update or an operator's release). */
    ORDER_VALIDATED,
    /** The order is held for an operator; the event's status is ON_HOLD. */
    ORDER_HELD,
    /** The order was sourced to its fulfillment nodes and goes on to the ERP. */
    ORDER_ALLOCATED,
    /** The ERP accepted the order. */
    ORDER_RELEASED,
    /** The ERP refused the order for good (4xx): held ERP_REJECTED. */
    ORDER_ERP_REJECTED,
    ORDER_CANCELLED,
    /** A shipment was recorded (one event per shipment, partial or full). */
    ORDER_SHIPPED,
    /** An invoice was recorded. */
    ORDER_INVOICED;

    /** The event of moving to {@code after} from {@code before} (null: first stored), if the status changed. */
    static List<OrderEventType> of(StoredOrder before, StoredOrder after) {
        if (before == null) {
            return switch (after.status()) {
                case ON_HOLD -> after.channelOrderId() == null ? List.of(ORDER_HELD) : List.of(ORDER_ACCEPTED, ORDER_HELD);
                case CANCELLED -> List.of(ORDER_ACCEPTED, ORDER_CANCELLED);
                default -> List.of(ORDER_ACCEPTED);
            };
        }
        if (before.status() == after.status()) {
            return List.of();
        }
        return switch (after.status()) {
            case VALIDATED -> List.of(ORDER_VALIDATED);
            case ON_HOLD -> List.of(after.holdReasons().contains(HoldReason.ERP_REJECTED.name())
                    && (before.status() == OrderStatus.VALIDATED || before.status() == OrderStatus.ALLOCATED)
                    ? ORDER_ERP_REJECTED : ORDER_HELD);
            case ALLOCATED -> List.of(ORDER_ALLOCATED);
            case RELEASED -> List.of(ORDER_RELEASED);
            case SHIPPED -> List.of(ORDER_SHIPPED);
            case INVOICED -> List.of(ORDER_INVOICED);
            case CANCELLED -> List.of(ORDER_CANCELLED);
            default -> List.of();
        };
    }
}
