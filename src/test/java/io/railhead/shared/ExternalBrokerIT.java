package io.railhead.shared;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.support.HubIT;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hub on an external broker by configuration only: a separate Artemis server started from
 * {@code config/artemis/broker.xml} (the file an operator deploys), and the hub pointed at it with
 * {@code spring.artemis.mode=native}. Orders flow, and failures land in that broker's DLQ. The external
 * broker lives until the test JVM ends, so the hub's consumers never see it vanish under them.
 */
@DirtiesContext
class ExternalBrokerIT extends HubIT {

    private static final EmbeddedActiveMQ EXTERNAL = new EmbeddedActiveMQ();
    private static final int PORT = freePort();

    static {
        try {
            FileConfiguration config = new FileConfiguration();
            FileDeploymentManager deployment = new FileDeploymentManager(
                    Path.of("config/artemis/broker.xml").toAbsolutePath().toUri().toString());
            deployment.addDeployable(config);
            deployment.readConfiguration();
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target/test-data")), "external-broker-");
            config.setBrokerInstance(dir.toFile());
            config.setJournalType(JournalType.NIO);
            config.setSecurityEnabled(false);
            config.setJMXManagementEnabled(false);
            config.clearAcceptorConfigurations();
            config.addAcceptorConfiguration("test", "tcp://127.0.0.1:" + PORT);
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

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
