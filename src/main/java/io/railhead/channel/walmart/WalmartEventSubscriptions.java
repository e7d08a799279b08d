package io.railhead.channel.walmart;

import io.railhead.shared.HubProperties;
import io.railhead.shared.QueueSubscription;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the Walmart adapter hears of the order core: the ORDER_ACCEPTED events of Walmart orders, on a
 * queue of its own ({@code railhead.queues.walmart-acks}), which {@link WalmartAcks} answers with
 * Walmart's acknowledge call.
 */
@Configuration(proxyBeanMethods = false)
public class WalmartEventSubscriptions {

    @Bean
    QueueSubscription walmartAcknowledgements(HubProperties hub) {
        return new QueueSubscription(hub.queues().orderEvents(), hub.queues().walmartAcks(),
                "RailheadChannel = '" + WalmartPoller.CHANNEL + "' AND RailheadEventType = 'ORDER_ACCEPTED'");
    }
}
