package io.railhead.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.railhead.support.HubIT;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker's TCP acceptor as an outside process sees it: without the hub user's
 * password nobody gets in (not even right after the hub's own in-VM logins, which Artemis could
 * otherwise answer from its authentication cache), with it the bench and tools work, and only a
 * logged-in operator learns the acceptor's address.
 */
class BrokerSecurityIT extends HubIT {

    private static final String BROKER_PASSWORD = "test-broker-pw"; // application-test.yaml

    private String acceptor() {
        HttpResponse<String> info = ops("GET", "/actuator/info");
        assertThat(info.statusCode()).isEqualTo(200);
        return json(info).path("broker").path("acceptor").asText();
    }

    private static ActiveMQConnectionFactory client(String url) {
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url);
        cf.setCallTimeout(10_000);
        cf.setInitialConnectAttempts(1);
        cf.setReconnectAttempts(0);
        return cf;
    }

    @Test
    void aClientWithoutCredentialsIsRefused_andPutsNothingOnTheIntake() throws Exception {
        // The hub's consumers logged in over in-VM (no user, no password) when it started.
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.getActiveMQServer().getConnectionCount() > 0);
        String url = acceptor();
        long before = messagesAdded("order.received.v1");

        try (ActiveMQConnectionFactory cf = client(url)) {
            assertThatThrownBy(() -> {
                try (Connection c = cf.createConnection()) {
                    Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    s.createProducer(s.createQueue("order.received.v1")).send(s.createTextMessage("{}"));
                }
            }).isInstanceOf(JMSSecurityException.class);
        }
        assertThat(messagesAdded("order.received.v1")).isEqualTo(before);
    }

    @Test
    void onlyTheHubUserWithItsPasswordGetsIn() throws Exception {
        String url = acceptor();
        try (ActiveMQConnectionFactory cf = client(url)) {
            assertThatThrownBy(() -> cf.createConnection("railhead", "not-the-password").close())
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> cf.createConnection("someone-else", BROKER_PASSWORD).close())
                    .isInstanceOf(JMSSecurityException.class);
            // Artemis lets its cluster user past every check; its password must not be the well-known default.
            assertThatThrownBy(() -> cf.createConnection("ACTIVEMQ.CLUSTER.ADMIN.USER", "CHANGE ME!!").close())
                    .isInstanceOf(JMSException.class).hasMessageContaining("Unable to authenticate");

            try (Connection c = cf.createConnection("railhead", BROKER_PASSWORD)) {
                c.start();
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                s.createProducer(s.createQueue("test.broker-login")).send(s.createTextMessage("hello"));
                try (MessageConsumer consumer = s.createConsumer(s.createQueue("test.broker-login"))) {
                    assertThat(((TextMessage) consumer.receive(5000)).getText()).isEqualTo("hello");
                }
            }
        }
    }

    @Test
    void theBrokerAddressIsShownOnlyToALoggedInOperator() {
        HttpResponse<String> anonymous = anonymous("GET", "/actuator/info");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("tcp://");
        assertThat(acceptor()).startsWith("tcp://127.0.0.1:");
        assertThat(anonymous("GET", "/actuator/health").statusCode()).isEqualTo(200);
    }
}
