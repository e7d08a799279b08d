package io.railhead.order;

import io.railhead.order.HoldReason;
import io.railhead.order.IntakeOutcome;
import io.railhead.order.OrderOperations;
import io.railhead.order.StoredOrder;
import io.railhead.shared.Headers;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' view of orders: find an order by hub id or channel id with its timeline, list the
 * held orders (the exception queue), release or cancel one.
 */
@RestController
@RequestMapping("/api")
public class OrdersController {

    private final OrderOperations orders;

    public OrdersController(OrderOperations orders) {
        this.orders = orders;
    }

    @GetMapping("/orders/{orderId}")
    public OrderView get(@PathVariable String orderId) {
        StoredOrder o = orders.get(orderId);
        return OrderView.of(o, orders.timeline(orderId));
    }

    @GetMapping("/orders")
    public Map<String, List<OrderView>> find(@RequestParam String channel, @RequestParam String channelOrderId) {
        return Map.of("orders", orders.byChannelOrder(channel, channelOrderId).stream()
                .map(o -> OrderView.of(o, orders.timeline(o.orderId()))).toList());
    }

    @GetMapping("/exceptions")
    public Map<String, List<OrderView>> exceptions(@RequestParam(required = false) HoldReason reason,
                                                   @RequestParam(defaultValue = "100") int limit) {
        return Map.of("orders", orders.held(reason, Math.min(Math.max(limit, 1), 1000)).stream()
                .map(o -> OrderView.of(o, List.of())).toList());
    }

    @PostMapping("/orders/{orderId}/release")
    public IntakeOutcome release(@PathVariable String orderId,
                                 @RequestHeader(name = Headers.HTTP_CORRELATION_ID, required = false) String correlationId) {
        return orders.release(orderId, correlationId != null ? correlationId : UUID.randomUUID().toString());
    }

    @PostMapping("/orders/{orderId}/cancel")
    public IntakeOutcome cancel(@PathVariable String orderId,
                                @RequestHeader(name = Headers.HTTP_CORRELATION_ID, required = false) String correlationId) {
        return orders.cancel(orderId, correlationId != null ? correlationId : UUID.randomUUID().toString());
    }
}
