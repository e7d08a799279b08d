package io.railhead.order;

import java.time.Instant;
import java.util.List;

/**
 * An order as the order store keeps it: lifecycle status, hold reasons and the canonical JSON
 * exactly as it will be (or was) sent to the endpoints.
 */
public record StoredOrder(
        String orderId,
        String channel,
        String sourceAccount,
        String channelOrderId,
        String channelOrderNumber,
        OrderStatus status,
        List<String> holdReasons,
        String holdDetail,
        String canonical,
        String rawMessageId,
        Instant channelUpdatedAt,
        String correlationId,
        String endpointResponse,
        Instant createdAt,
        Instant updatedAt,
        int version) {

    public StoredOrder withState(OrderStatus newStatus, List<String> reasons, String detail) {
        return new StoredOrder(orderId, channel, sourceAccount, channelOrderId, channelOrderNumber, newStatus, reasons,
                detail, canonical, rawMessageId, channelUpdatedAt, correlationId, endpointResponse, createdAt, updatedAt,
                version);
    }
}
