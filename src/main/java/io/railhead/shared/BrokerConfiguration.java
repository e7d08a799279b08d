package io.railhead.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Topology and login of the embedded Artemis broker: a TCP acceptor on loopback (for the bench
 * and other external clients, who must log in as the hub user), the hub's durable queues with
 * one dead-letter queue each, and the redelivery policy for rolled-back messages. Only applies
 * when the broker is embedded ({@code spring.artemis.mode=embedded}); an external broker is
 * configured on its own side with the same names and role (see {@code config/artemis/broker.xml}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded", matchIfMissing = true)
public class BrokerConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConfiguration.class);

    private final AtomicReference<String> acceptorUrl = new AtomicReference<>();

    /** Shows where the embedded broker listens in {@code /actuator/info} (operators only), for the bench. */
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

    /**
     * Puts {@link BrokerSecurityManager} on Spring Boot's embedded broker before it starts (Spring
     * Boot has no setting for it). Static, as bean post-processors must be; the properties are
     * looked up only when the broker bean comes by.
     */
    @Bean
    static BeanPostProcessor railheadBrokerLogin(ObjectProvider<HubProperties> hub) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof EmbeddedActiveMQ embedded) {
                    HubProperties.Broker broker = hub.getObject().broker();
                    BrokerSecurityManager manager = BrokerSecurityManager.of(broker);
                    if (manager.generatedPassword() && broker.acceptor() != null && !broker.acceptor().isBlank()) {
                        LOG.info("railhead.broker.password (RAILHEAD_BROKER_PASSWORD) is not set: the broker acceptor "
                                + "lets no outside client in. Set it to connect the bench or other tools as user '{}'",
                                broker.user());
                    }
                    embedded.setSecurityManager(manager);
                }
                return bean;
            }
        };
    }

    /**
     * Rolled-back messages come back with back-off. The hub dead-letters with the cause itself at
     * maxDeliveryAttempts; the broker's own limit is one higher, a safety net for a consumer that dies first.
     */
    private static AddressSettings redelivery(HubProperties.Broker broker, String deadLetterQueue) {
        return new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(deadLetterQueue))
                .setRedeliveryDelay(broker.redeliveryDelay().toMillis())
                .setRedeliveryMultiplier(broker.redeliveryMultiplier())
                .setMaxRedeliveryDelay(broker.maxRedeliveryDelay().toMillis())
                .setMaxDeliveryAttempts(broker.maxDeliveryAttempts() + 1);
    }

    /**
     * The queues capabilities declare ({@link DeclaredQueues}) are created on the running broker once every bean
     * exists, before Camel starts its routes, not in the broker's configuration: what declares them may itself need
     * the broker (a relay target that writes orders publishes their events through JMS), which would make the
     * broker's configuration depend on the broker. Queues kept in the journal from an earlier run stay as they are.
     */
    @Bean
    SmartInitializingSingleton railheadDeclaredQueues(ObjectProvider<EmbeddedActiveMQ> embedded, HubProperties hub,
                                                      ObjectProvider<DeclaredQueues> declared) {
        return () -> {
            EmbeddedActiveMQ broker = embedded.getIfAvailable();
            if (broker == null) {
                return;
            }
            ActiveMQServer server = broker.getActiveMQServer();
            declared.orderedStream().flatMap(d -> d.queues().stream()).distinct().forEach(queue -> {
                String dlq = HubProperties.Queues.deadLetter(queue);
                server.getAddressSettingsRepository().addMatch(queue, redelivery(hub.broker(), dlq));
                for (String name : new String[] {queue, dlq}) {
                    if (server.locateQueue(SimpleString.of(name)) == null) {
                        try {
                            server.createQueue(QueueConfiguration.of(name).setRoutingType(RoutingType.ANYCAST)
                                    .setDurable(true).setAutoCreateAddress(true));
                        } catch (Exception e) {
                            throw new IllegalStateException("cannot create queue " + name + " on the embedded broker", e);
                        }
                    }
                }
            });
        };
    }

    @Bean
    ArtemisConfigurationCustomizer railheadBrokerTopology(HubProperties hub, ObjectProvider<QueueSubscription> subscriptions) {
        return config -> {
            HubProperties.Broker broker = hub.broker();
            config.setName(broker.name());
            config.setJMXManagementEnabled(true);
            // Every connection logs in (BrokerSecurityManager); one role may do everything on every address.
            config.setSecurityEnabled(true);
            config.putSecurityRoles("#", Set.of(new Role(BrokerSecurityManager.ROLE, true, true, true, true, true, true,
                    true, true, true, true, false, false)));
            // No authentication cache: its key is user + password + certificate, the same (all null) for an
            // in-VM connection and an anonymous TCP one, so a cached in-VM login would let the latter in.
            config.setAuthenticationCacheSize(0);
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
                config.addAddressSetting(queue, redelivery(broker, dlq));
                config.addQueueConfiguration(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST)
                        .setDurable(true));
                config.addQueueConfiguration(QueueConfiguration.of(dlq).setRoutingType(RoutingType.ANYCAST)
                        .setDurable(true));
            }
            // The order events: a multicast address, one durable queue (with its filter) per subscriber.
            String events = hub.queues().orderEvents();
            config.addAddressSetting(events, redelivery(broker, HubProperties.Queues.deadLetter(events)));
            config.addAddressConfiguration(new CoreAddressConfiguration().setName(events)
                    .addRoutingType(RoutingType.MULTICAST));
            config.addQueueConfiguration(QueueConfiguration.of(HubProperties.Queues.deadLetter(events))
                    .setRoutingType(RoutingType.ANYCAST).setDurable(true));
            subscriptions.orderedStream().forEach(sub -> {
                config.addQueueConfiguration(QueueConfiguration.of(sub.queue()).setAddress(sub.address())
                        .setRoutingType(RoutingType.MULTICAST).setFilterString(sub.filter()).setDurable(true));
                config.addQueueConfiguration(QueueConfiguration.of(HubProperties.Queues.deadLetter(sub.queue()))
                        .setRoutingType(RoutingType.ANYCAST).setDurable(true));
            });
            config.addQueueConfiguration(QueueConfiguration.of("DLQ").setRoutingType(RoutingType.ANYCAST).setDurable(true));
            config.addQueueConfiguration(QueueConfiguration.of("ExpiryQueue").setRoutingType(RoutingType.ANYCAST)
                    .setDurable(true));
        };
    }
}
