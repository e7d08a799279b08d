package io.railhead.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Topology of the embedded Artemis broker: a TCP acceptor on loopback (for Hawtio-side tools,
 * the bench and external clients), the hub's durable queues with one dead-letter queue each,
 * and the redelivery policy for rolled-back messages. Only applies when the broker is
 * embedded ({@code spring.artemis.mode=embedded}); an external broker is configured on its own
 * side with the same names (see {@code config/artemis/broker.xml}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded", matchIfMissing = true)
public class BrokerConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConfiguration.class);

    private final AtomicReference<String> acceptorUrl = new AtomicReference<>();

    /** Shows where the embedded broker listens in {@code /actuator/info}, for Hawtio-side tools and the bench. */
    @Bean
    InfoContributor brokerInfo() {
        return builder -> builder.withDetail("broker", Map.of("embedded", true,
                "acceptor", acceptorUrl.get() == null ? "none" : acceptorUrl.get()));
    }

    /** Port 0 means "any free port": two hubs on one machine never fight over the acceptor. */
    static String withConcretePort(String url) {
        URI uri = URI.create(url);
        if (uri.getPort() != 0) {
            return url;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(uri.getHost()))) {
            return url.replaceFirst(":0(?=$|[/?])", ":" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the broker acceptor on " + uri.getHost(), e);
        }
    }

    @Bean
    ArtemisConfigurationCustomizer railheadBrokerTopology(HubProperties hub) {
        return config -> {
            HubProperties.Broker broker = hub.broker();
            config.setName(broker.name());
            config.setJMXManagementEnabled(true);
            if (broker.acceptor() != null && !broker.acceptor().isBlank()) {
                String acceptor = withConcretePort(broker.acceptor());
                try {
                    config.addAcceptorConfiguration("railhead-tcp", acceptor);
                } catch (Exception e) {
                    throw new IllegalStateException("invalid railhead.broker.acceptor " + broker.acceptor(), e);
                }
                acceptorUrl.set(acceptor.replaceFirst("\\?.*$", ""));
                LOG.info("Embedded broker accepts CORE connections at {}", acceptorUrl.get());
            }
            config.addAddressSetting("#", new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of("DLQ"))
                    .setExpiryAddress(SimpleString.of("ExpiryQueue")));
            for (String queue : hub.queues().all()) {
                String dlq = HubProperties.Queues.deadLetter(queue);
                config.addAddressSetting(queue, new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of(dlq))
                        .setRedeliveryDelay(broker.redeliveryDelay().toMillis())
                        .setRedeliveryMultiplier(broker.redeliveryMultiplier())
                        .setMaxRedeliveryDelay(broker.maxRedeliveryDelay().toMillis())
                        // The hub dead-letters with the cause itself at maxDeliveryAttempts; the broker's own
                        // limit is one higher, a safety net for a consumer that dies before it can.
                        .setMaxDeliveryAttempts(broker.maxDeliveryAttempts() + 1));
                config.addQueueConfiguration(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST)
                        .setDurable(true));
                config.addQueueConfiguration(QueueConfiguration.of(dlq).setRoutingType(RoutingType.ANYCAST)
                        .setDurable(true));
            }
            config.addQueueConfiguration(QueueConfiguration.of("DLQ").setRoutingType(RoutingType.ANYCAST).setDurable(true));
            config.addQueueConfiguration(QueueConfiguration.of("ExpiryQueue").setRoutingType(RoutingType.ANYCAST)
                    .setDurable(true));
        };
    }
}
