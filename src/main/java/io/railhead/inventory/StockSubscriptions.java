package io.railhead.inventory;

import io.railhead.shared.HubProperties;
import io.railhead.shared.QueueSubscription;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What stock hears of the order core: accepted and cancelled orders of every channel, on a queue of its own
 * ({@code railhead.queues.stock-reservations}), which {@link StockReservations} turns into reservations.
 */
@Configuration(proxyBeanMethods = false)
public class StockSubscriptions {

    @Bean
    QueueSubscription stockReservationQueue(HubProperties hub) {
        return new QueueSubscription(hub.queues().orderEvents(), hub.queues().stockReservations(),
                "RailheadEventType IN ('ORDER_ACCEPTED', 'ORDER_HELD', 'ORDER_VALIDATED', 'ORDER_CANCELLED')");
    }
}
