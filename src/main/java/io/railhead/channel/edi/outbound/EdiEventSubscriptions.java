package io.railhead.channel.edi.outbound;

import io.railhead.shared.HubProperties;
import io.railhead.shared.QueueSubscription;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the EDI adapter hears of the order core: the ERP's decisions on EDI orders (ORDER_RELEASED,
 * ORDER_ERP_REJECTED), on a queue of its own ({@code railhead.queues.edi-po-acks}), which
 * {@link OrderAcknowledgments} answers with the partner's 855.
 */
@Configuration(proxyBeanMethods = false)
public class EdiEventSubscriptions {

    @Bean
    QueueSubscription ediPurchaseOrderAcks(HubProperties hub) {
        return new QueueSubscription(hub.queues().orderEvents(), hub.queues().ediPoAcks(),
                "RailheadChannel = 'edi' AND RailheadEventType IN ('ORDER_RELEASED', 'ORDER_ERP_REJECTED')");
    }
}
