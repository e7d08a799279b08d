package io.railhead.shared;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.support.HubIT;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hub on an external broker by configuration only: a separate Artemis server started from
 * {@code config/artemis/broker.xml} (the file an operator deploys) with a login like the one
 * {@code artemis create --require-login --role railhead} sets up (a JAAS user in role
 * {@code railhead}), and the hub pointed at it with {@code spring.artemis.mode=native} and that
 * user. Orders flow, failures land in that broker's DLQ, nobody else may use the hub's
 * queues, and the file lists every queue of the hub (those it names, those its capabilities
 * declare such as a shipment relay queue per channel, and its subscribers') with its DLQ. The external broker lives until the test JVM ends, so the hub's consumers never see it
 * vanish under them.
 */
@DirtiesContext
class ExternalBrokerIT extends HubIT {

    private static final EmbeddedActiveMQ EXTERNAL = new EmbeddedActiveMQ();
    /** config/artemis/broker.xml as read. */
    private static final FileConfiguration BROKER_XML = new FileConfiguration();
    private static final int PORT = freePort();
    private static final String HUB_USER = "hub";
    private static final String HUB_PASSWORD = "external-hub-pw";

    static {
        try {
            // broker.xml reads the cluster password from the broker's environment (ARTEMIS_PASSWORD);
            // Artemis looks for a system property of that name first.
            System.setProperty("ARTEMIS_PASSWORD", HUB_PASSWORD);
            FileConfiguration config = BROKER_XML;
            FileDeploymentManager deployment = new FileDeploymentManager(
                    Path.of("config/artemis/broker.xml").toAbsolutePath().toUri().toString());
            deployment.addDeployable(config);
            deployment.readConfiguration();
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target/test-data")), "external-broker-");
            config.setBrokerInstance(dir.toFile());
            config.setJournalType(JournalType.NIO);
            config.setJMXManagementEnabled(false);
            config.clearAcceptorConfigurations();
            config.addAcceptorConfiguration("test", "tcp://127.0.0.1:" + PORT);
            SecurityConfiguration users = new SecurityConfiguration();
            users.addUser(HUB_USER, HUB_PASSWORD);
            users.addRole(HUB_USER, "railhead");
            users.addUser("intruder", "intruder-pw"); // a valid broker user, but not in the hub's role
            users.addRole("intruder", "amq");
            EXTERNAL.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
            EXTERNAL.setConfiguration(config);
            EXTERNAL.start();
        } catch (Exception e) {
            throw new IllegalStateException("external broker did not start", e);
        }
    }

    @DynamicPropertySource
    static void externalBroker(DynamicPropertyRegistry registry) {
        registry.add("spring.artemis.mode", () -> "native");
        registry.add("spring.artemis.embedded.enabled", () -> "false");
        registry.add("spring.artemis.broker-url", () -> "tcp://127.0.0.1:" + PORT);
        registry.add("spring.artemis.user", () -> HUB_USER);
        registry.add("spring.artemis.password", () -> HUB_PASSWORD);
    }

    @Test
    void ordersFlowAndDeadLettersLandOnTheExternalBroker() {
        assertThat(broker).as("no embedded broker in native mode").isNull();
        ObjectNode ok = shopifyOrder();
        postShopify(ok, "orders/create");
        awaitStatus(id(ok), "RELEASED");

        ObjectNode failing = shopifyOrder();
        ERP.stubFor(post(urlEqualTo("/erp/orders")).atPriority(1).withRequestBody(containing(id(failing)))
                .willReturn(aResponse().withStatus(500)));
        postShopify(failing, "orders/create");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                EXTERNAL.getActiveMQServer().locateQueue(SimpleString.of("DLQ.erp.orders.v1")).getMessageCount() == 1);
        assertThat(EXTERNAL.getActiveMQServer().locateQueue(SimpleString.of("order.received.v1")).getMessagesAdded())
                .isEqualTo(2);
    }

    @Autowired
    HubProperties hub;

    @Autowired
    ObjectProvider<DeclaredQueues> declared;

    @Autowired
    List<QueueSubscription> subscriptions;

    /** What an operator deploys lists every queue the hub has, also those its capabilities declare at start-up. */
    @Test
    void brokerXmlHasEveryQueueOfTheHubWithItsDeadLetterQueue() {
        List<String> pointToPoint = DeclaredQueues.pointToPoint(hub, declared);
        assertThat(pointToPoint).contains("fulfillment.shipment-relay.shopify.v1", "fulfillment.shipment-relay.amazon.v1",
                "fulfillment.shipment-relay.walmart.v1");
        for (String queue : pointToPoint) {
            assertThat(queuesOf(queue)).as(queue).containsExactly(queue);
            assertThat(BROKER_XML.getAddressSettings().get(queue)).as("address-setting of " + queue).isNotNull();
            assertThat(BROKER_XML.getAddressSettings().get(queue).getDeadLetterAddress().toString())
                    .isEqualTo(HubProperties.Queues.deadLetter(queue));
        }
        for (QueueSubscription sub : subscriptions) {
            assertThat(BROKER_XML.getAddressConfigurations().stream().filter(a -> a.getName().equals(sub.address()))
                    .flatMap(a -> a.getQueueConfigs().stream()).filter(q -> q.getName().toString().equals(sub.queue()))
                    .map(q -> q.getFilterString().toString())).as(sub.queue()).containsExactly(sub.filter());
        }
        Stream.concat(pointToPoint.stream(), subscriptions.stream().map(QueueSubscription::queue))
                .map(HubProperties.Queues::deadLetter)
                .forEach(dlq -> assertThat(queuesOf(dlq)).as(dlq).containsExactly(dlq));
    }

    /** The anycast queues broker.xml declares on {@code address}. */
    private static List<String> queuesOf(String address) {
        return BROKER_XML.getAddressConfigurations().stream().filter(a -> a.getName().equals(address))
                .flatMap(a -> a.getQueueConfigs().stream()).map(q -> q.getName().toString()).toList();
    }

    @Test
    void clientsOutsideTheHubsRoleAreRefused() throws Exception {
        long before = EXTERNAL.getActiveMQServer().locateQueue(SimpleString.of("order.received.v1")).getMessagesAdded();
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + PORT)) {
            cf.setInitialConnectAttempts(1);
            cf.setReconnectAttempts(0);
            assertThatThrownBy(() -> cf.createConnection().close()).isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> cf.createConnection(HUB_USER, "wrong").close()).isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> cf.createConnection("ACTIVEMQ.CLUSTER.ADMIN.USER", "CHANGE ME!!").close())
                    .isInstanceOf(JMSException.class).hasMessageContaining("Unable to authenticate");
            try (Connection c = cf.createConnection("intruder", "intruder-pw")) {
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                assertThatThrownBy(() -> s.createProducer(s.createQueue("order.received.v1")).send(s.createTextMessage("{}")))
                        .isInstanceOf(JMSSecurityException.class);
                assertThatThrownBy(() -> s.createConsumer(s.createQueue("erp.orders.v1")))
                        .isInstanceOf(JMSSecurityException.class);
            }
        }
        assertThat(EXTERNAL.getActiveMQServer().locateQueue(SimpleString.of("order.received.v1")).getMessagesAdded())
                .isEqualTo(before);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
