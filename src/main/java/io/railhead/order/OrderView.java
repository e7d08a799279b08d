package io.railhead.order;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.order.OrderJson;
import io.railhead.order.StoredOrder;
import io.railhead.order.TimelineEntry;
import java.time.Instant;
import java.util.List;

/** An order as the ops API answers "where is order X and why". */
public record OrderView(String orderId, String channel, String sourceAccount, String channelOrderId,
                        String channelOrderNumber, String status, List<String> holdReasons, String holdDetail,
                        String endpointResponse, String rawMessageId, String correlationId, Instant createdAt,
                        Instant updatedAt, JsonNode canonical, List<TimelineEntry> timeline) {

    static OrderView of(StoredOrder o, List<TimelineEntry> timeline) {
        JsonNode canonical = null;
        if (o.canonical() != null) {
            try {
                canonical = OrderJson.MAPPER.readTree(o.canonical());
            } catch (Exception e) {
                canonical = null;
            }
        }
        return new OrderView(o.orderId(), o.channel(), o.sourceAccount(), o.channelOrderId(), o.channelOrderNumber(),
                o.status().name(), o.holdReasons(), o.holdDetail(), o.endpointResponse(), o.rawMessageId(),
                o.correlationId(), o.createdAt(), o.updatedAt(), canonical, timeline);
    }
}
