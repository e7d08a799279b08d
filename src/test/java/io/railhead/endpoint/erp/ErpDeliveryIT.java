package io.railhead.endpoint.erp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.railhead.support.HubIT;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/** Delivery to the ERP: idempotency key and auth, retry of transient failures, holds, dead letters and replay. */
class ErpDeliveryIT extends HubIT {

    @Value("${railhead.broker.name}")
    String brokerName;

    @Autowired
    ProducerTemplate producer;

    private static void erpAnswers(String channelOrderId, String scenario, int... statuses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < statuses.length; i++) {
            String next = i == statuses.length - 1 ? state : scenario + "-" + (i + 1);
            ERP.stubFor(post(urlEqualTo("/erp/orders")).atPriority(1).inScenario(scenario).whenScenarioStateIs(state)
                    .withRequestBody(containing("\"channelOrderId\":\"" + channelOrderId + "\""))
                    .willReturn(aResponse().withStatus(statuses[i]).withBody("{\"answer\":" + statuses[i] + "}"))
                    .willSetStateTo(next));
            state = next;
        }
    }

    @Test
    void sendsCanonicalOrderWithIdempotencyKeyAndBearerToken() {
        ObjectNode order = shopifyOrder();
        postShopify(order, "orders/create");
        JsonNode released = awaitStatus(id(order), "RELEASED");

        ServeEvent call = acceptedErpCalls(id(order)).get(0);
        assertThat(call.getRequest().getHeader("Idempotency-Key")).isEqualTo(released.get("orderId").asText());
        assertThat(call.getRequest().getHeader("Authorization")).isEqualTo("Bearer test-erp-token");
        assertThat(call.getRequest().getHeader("Content-Type")).startsWith("application/json");
        assertThat(call.getRequest().getHeader("X-Correlation-Id")).isEqualTo(released.get("correlationId").asText());
        assertThat(call.getRequest().containsHeader("RailheadChannel")).as("internal headers stay inside").isFalse();
        assertThat(released.get("timeline").findValuesAsText("status"))
                .containsSubsequence("RECEIVED", "NORMALIZED", "VALIDATED", "RELEASED");
    }

    @Test
    void erp503Twice_then201_exactlyOneReleaseAndOneAcceptedCall() {
        ObjectNode order = shopifyOrder();
        erpAnswers(id(order), "flaky-" + id(order), 503, 503, 201);
        postShopify(order, "orders/create");

        awaitStatus(id(order), "RELEASED");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(6)).until(() -> erpCalls(id(order)).size() == 3);
        assertThat(erpCalls(id(order))).extracting(e -> e.getResponse().getStatus()).containsExactly(503, 503, 201);
        assertThat(acceptedErpCalls(id(order))).hasSize(1);
        JsonNode timeline = shopifyOrderView(id(order)).get("timeline");
        assertThat(timeline.findValuesAsText("status").stream().filter("RELEASED"::equals)).hasSize(1);
    }

    @Test
    void retryAfterIsHonoured() {
        ObjectNode order = shopifyOrder();
        String scenario = "throttled-" + id(order);
        ERP.stubFor(post(urlEqualTo("/erp/orders")).atPriority(1).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing(id(order)))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")).willSetStateTo("open"));
        ERP.stubFor(post(urlEqualTo("/erp/orders")).atPriority(1).inScenario(scenario).whenScenarioStateIs("open")
                .withRequestBody(containing(id(order))).willReturn(aResponse().withStatus(201)));
        postShopify(order, "orders/create");

        awaitStatus(id(order), "RELEASED");
        List<ServeEvent> calls = erpCalls(id(order));
        assertThat(calls).hasSize(2);
        long waitedMillis = calls.get(1).getRequest().getLoggedDate().getTime()
                - calls.get(0).getRequest().getLoggedDate().getTime();
        assertThat(waitedMillis).as("no request before Retry-After elapsed").isGreaterThanOrEqualTo(2000);
    }

    @Test
    void connectionFailureIsRetried() {
        ObjectNode order = shopifyOrder();
        String scenario = "reset-" + id(order);
        ERP.stubFor(post(urlEqualTo("/erp/orders")).atPriority(1).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing(id(order)))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        ERP.stubFor(post(urlEqualTo("/erp/orders")).atPriority(1).inScenario(scenario).whenScenarioStateIs("ok")
                .withRequestBody(containing(id(order))).willReturn(aResponse().withStatus(200)));
        postShopify(order, "orders/create");

        awaitStatus(id(order), "RELEASED");
        assertThat(erpCalls(id(order))).hasSize(2);
    }

    @Test
    void erp4xx_onHoldErpRejected_withAnswerKept_notRetried() {
        ObjectNode order = shopifyOrder();
        ERP.stubFor(post(urlEqualTo("/erp/orders")).atPriority(1).withRequestBody(containing(id(order)))
                .willReturn(aResponse().withStatus(422).withBody("{\"error\":\"unknown customer account\"}")));
        postShopify(order, "orders/create");

        JsonNode held = awaitStatus(id(order), "ON_HOLD");
        assertThat(held.get("holdReasons").toString()).contains("ERP_REJECTED");
        assertThat(held.get("endpointResponse").asText()).contains("422").contains("unknown customer account");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> erpCalls(id(order)).size() == 1);
        assertThat(json(ops("GET", "/api/exceptions?reason=ERP_REJECTED")).get("orders").findValuesAsText("orderId"))
                .contains(held.get("orderId").asText());
    }

    @Test
    void erpAlways500_deadLetterWithCause_thenReplayAfterRecovery_deliveredOnce() {
        ObjectNode order = shopifyOrder();
        ERP.stubFor(post(urlEqualTo("/erp/orders")).atPriority(1).withRequestBody(containing(id(order)))
                .willReturn(aResponse().withStatus(500).withBody("{\"error\":\"down\"}")));
        postShopify(order, "orders/create");
        String orderId = awaitStatus(id(order), "VALIDATED").get("orderId").asText();

        JsonNode letter = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterFor(orderId), l -> l != null);
        assertThat(letter.get("queue").asText()).isEqualTo("DLQ.erp.orders.v1");
        assertThat(letter.get("originalQueue").asText()).isEqualTo("erp.orders.v1");
        assertThat(letter.get("errorClass").asText()).isEqualTo("io.railhead.shared.TransientEndpointException");
        assertThat(letter.get("errorMessage").asText()).contains("500");
        assertThat(letter.get("failedRouteId").asText()).isEqualTo("order-send-erp");
        assertThat(letter.get("attempts").asInt()).isEqualTo(3);
        assertThat(letter.get("failedAt").asText()).isNotBlank();
        assertThat(letter.get("endpointResponse").asText()).as("the ERP's answer on the dead letter")
                .startsWith("HTTP 500").contains("{\"error\":\"down\"}");
        assertThat(erpCalls(id(order))).hasSize(3);
        JsonNode view = shopifyOrderView(id(order));
        assertThat(view.get("status").asText()).isEqualTo("VALIDATED");
        List<String> causes = view.get("timeline").findValuesAsText("cause");
        assertThat(causes).as("every failed attempt and the dead letter on the order's timeline")
                .anyMatch(c -> c.startsWith("attempt 1 of 3 failed") && c.contains("HTTP 500"))
                .anyMatch(c -> c.startsWith("attempt 2 of 3 failed"))
                .anyMatch(c -> c.startsWith("dead-lettered to DLQ.erp.orders.v1 after 3 attempt(s)")
                        && c.contains("{\"error\":\"down\"}"));

        ERP.stubFor(post(urlEqualTo("/erp/orders")).atPriority(1).withRequestBody(containing(id(order)))
                .willReturn(aResponse().withStatus(201)));
        assertThat(ops("POST", "/api/dead-letters/" + letter.get("id").asText() + "/replay").statusCode()).isEqualTo(200);

        awaitStatus(id(order), "RELEASED");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> acceptedErpCalls(id(order)).size() == 1);
        assertThat(deadLetterFor(orderId)).as("replayed letter left the DLQ").isNull();
        assertThat(ops("POST", "/api/dead-letters/" + letter.get("id").asText() + "/replay").statusCode()).isEqualTo(404);
    }

    @Test
    void deadLetterCanBeRetriedWithTheBrokersOwnOperation() throws Exception {
        ObjectNode order = shopifyOrder();
        ERP.stubFor(post(urlEqualTo("/erp/orders")).atPriority(1).withRequestBody(containing(id(order)))
                .willReturn(aResponse().withStatus(503)));
        postShopify(order, "orders/create");
        String orderId = awaitStatus(id(order), "VALIDATED").get("orderId").asText();
        JsonNode letter = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterFor(orderId), l -> l != null);

        ERP.stubFor(post(urlEqualTo("/erp/orders")).atPriority(1).withRequestBody(containing(id(order)))
                .willReturn(aResponse().withStatus(201)));
        // What an operator does in Hawtio's JMX tree: the DLQ's retryMessage operation.
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName dlq = jmx.queryNames(new ObjectName("org.apache.activemq.artemis:broker=\"" + brokerName
                + "\",*,subcomponent=queues,queue=\"DLQ.erp.orders.v1\""), null).iterator().next();
        Object listed = jmx.invoke(dlq, "listMessagesAsJSON", new Object[] {""}, new String[] {String.class.getName()});
        long internalId = StreamSupport.stream(JSON.readTree(listed.toString()).spliterator(), false)
                .filter(m -> orderId.equals(m.path("RailheadOrderId").asText()))
                .findFirst().orElseThrow().get("messageID").asLong();
        assertThat((Boolean) jmx.invoke(dlq, "retryMessage", new Object[] {internalId}, new String[] {"long"})).isTrue();

        awaitStatus(id(order), "RELEASED");
        assertThat(acceptedErpCalls(id(order))).hasSize(1);
    }

    @Test
    void erpCommandForAnOrderTheStoreDoesNotHave_isDeadLetteredWithTheCause_notSkipped() {
        String orderId = "ord-" + UUID.randomUUID();
        producer.sendBodyAndHeaders("jms:queue:erp.orders.v1", orderId, Map.of("RailheadOrderId", orderId,
                "RailheadAction", "CREATE", "RailheadDispatchSeq", 1, "RailheadCorrelationId", "lost-" + orderId));

        JsonNode letter = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterFor(orderId), l -> l != null);
        assertThat(letter.get("errorMessage").asText()).contains(orderId).contains("the order store has no such order");
        assertThat(letter.get("failedRouteId").asText()).isEqualTo("order-send-erp");
        assertThat(letter.get("correlationId").asText()).isEqualTo("lost-" + orderId);
        assertThat(erpCalls(orderId)).isEmpty();
    }

    private JsonNode deadLetterFor(String orderId) {
        JsonNode all = json(ops("GET", "/api/dead-letters")).get("deadLetters");
        return StreamSupport.stream(all.spliterator(), false)
                .filter(d -> orderId.equals(d.path("orderId").asText())).findFirst().orElse(null);
    }
}
