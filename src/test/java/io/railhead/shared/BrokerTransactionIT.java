package io.railhead.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.railhead.support.HubIT;
import java.time.Duration;
import java.util.UUID;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a consumer sends while handling a message commits or rolls back with the consumed message:
 * sends by {@code to:} and by a ProducerTemplate on the consumer's thread share its session. A stage
 * that fails after sending therefore leaves nothing behind for its redelivery to duplicate.
 */
class BrokerTransactionIT extends HubIT {

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    private long count(String queue) {
        Queue q = broker.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getMessageCount();
    }

    @Test
    void sendsOfAFailingConsumer_rollBackWithIt() throws Exception {
        String in = "probe.in." + UUID.randomUUID();
        String viaTo = "probe.to." + UUID.randomUUID();
        String viaTemplate = "probe.template." + UUID.randomUUID();
        String ok = "probe.ok." + UUID.randomUUID();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("jms:queue:" + in).routeId("probe-" + in)
                        .to("jms:queue:" + viaTo)
                        .process(e -> producer.sendBody("jms:queue:" + viaTemplate, "x"))
                        .choice().when(body().isEqualTo("fail"))
                            .throwException(new IllegalStateException("failing on purpose"))
                        .otherwise()
                            .to("jms:queue:" + ok);
            }
        });
        long deadBefore = count("DLQ");
        producer.sendBody("jms:queue:" + in, "fail");
        await().atMost(Duration.ofSeconds(60)).until(() -> count("DLQ") > deadBefore);
        assertThat(count(viaTo)).as("sent by to: before the failure").isZero();
        assertThat(count(viaTemplate)).as("sent by a ProducerTemplate before the failure").isZero();

        producer.sendBody("jms:queue:" + in, "pass");
        await().atMost(Duration.ofSeconds(30)).until(() -> count(ok) == 1);
        assertThat(count(viaTo)).isEqualTo(1);
        assertThat(count(viaTemplate)).isEqualTo(1);
        camel.getRouteController().stopRoute("probe-" + in);
        camel.removeRoute("probe-" + in);
    }
}
