package io.railhead.fulfillment;

import io.railhead.shared.HubProperties;
import io.railhead.shared.QueueSubscription;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What fulfillment hears of the order core: accepted and validated orders of every channel, on a queue of its
 * own ({@code railhead.queues.sourcing}), which {@link OrderSourcing} sources when fulfillment is on; and
 * cancelled orders ({@code railhead.queues.node-cancels}), whose nodes {@link NodeCancels} tells.
 */
@Configuration(proxyBeanMethods = false)
public class FulfillmentSubscriptions {

    @Bean
    QueueSubscription sourcingQueue(HubProperties hub) {
        return new QueueSubscription(hub.queues().orderEvents(), hub.queues().sourcing(),
                "RailheadEventType IN ('ORDER_ACCEPTED', 'ORDER_VALIDATED')");
    }

    @Bean
    QueueSubscription nodeCancelsQueue(HubProperties hub) {
        return new QueueSubscription(hub.queues().orderEvents(), hub.queues().nodeCancels(),
                "RailheadEventType = 'ORDER_CANCELLED'");
    }
}
