package io.railhead.fulfillment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.railhead.support.HubIT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fulfillment requests reach their node through the outbox and the {@code node-request-send} route: POSTed once
 * with the idempotency key and the node's token; 503 twice then 201 is one accepted request; a 400 is refused and
 * the listener told; a node that always answers 500 gets its requests dead-lettered as DEAD, counted as
 * consecutive failures and is marked down at its {@code downAfterFailures}; operators mark nodes down and up.
 * Two nodes on one WireMock: NODE-A for the single requests, NODE-B (down after 2) for the failing one.
 */
@Import(NodeRequestsIT.Listener.class)
class NodeRequestsIT extends HubIT {

    private static final WireMockServer NODE = new WireMockServer(WireMockConfiguration.options()
            .bindAddress("127.0.0.1").dynamicPort().usingFilesUnderDirectory(emptyDir()));
    private static final String DLQ = "DLQ.fulfillment.node-requests.v1";

    static {
        NODE.start();
    }

    @Autowired
    private NodeRequests requests;
    @Autowired
    private PlatformTransactionManager transactions;
    @Autowired
    private Recorder recorder;

    @DynamicPropertySource
    static void nodes(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target/test-data")), "nodes-");
        String base = "http://127.0.0.1:" + NODE.port();
        Path nodes = Files.writeString(dir.resolve("nodes.yml"), """
                nodes:
                  NODE-A:
                    type: wms
                    endpoint: {url: "%s/a/fulfillments", auth: {type: bearer, token: node-a-token}}
                    services: [STANDARD]
                    cost: {STANDARD: 5}
                    cutoff: {time: "15:00", zone: America/New_York}
                    capacity: {ordersPerDay: 100}
                  NODE-B:
                    type: 3pl
                    location: 3PL-WEST
                    endpoint: {url: "%s/b/fulfillments", auth: {type: basic, username: hub, password: node-b-pw}}
                    services: [STANDARD]
                    cost: {STANDARD: 4}
                    downAfterFailures: 2
                """.formatted(base, base));
        Path routing = Files.writeString(dir.resolve("routing.yml"), """
                rules:
                  - name: default
                    nodes: [NODE-A, NODE-B]
                    sortBy: [cost]
                split: {allowed: false}
                """);
        registry.add("railhead.fulfillment.nodes-file", nodes::toString);
        registry.add("railhead.fulfillment.routing-file", routing::toString);
    }

    /** WireMock reads stub files from its directory: the node's stubs are all made by the tests. */
    private static String emptyDir() {
        try {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target/test-data")), "node-sim-").toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopNode() {
        NODE.stop();
    }

    private static FulfillmentRequest request(String nodeId) {
        FulfillmentRequest sample = FulfillmentRequestSchemaTest.sample(null);
        String id = "ful-" + UUID.randomUUID();
        return new FulfillmentRequest(id, "ord-" + id.substring(4, 16), nodeId, sample.channel(), sample.channelOrderId(),
                sample.lines(), sample.shipTo(), sample.serviceLevel(), null, sample.promisedShipDate());
    }

    private void requestInTransaction(FulfillmentRequest r) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> requests.request(r));
    }

    private NodeRequestStatus awaitFinal(String fulfillmentId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> requests.status(fulfillmentId)
                .filter(s -> s != NodeRequestStatus.PENDING).isPresent());
        return requests.status(fulfillmentId).orElseThrow();
    }

    private static void answer(String node, String fulfillmentId, int status) {
        NODE.stubFor(post(urlEqualTo("/" + node + "/fulfillments")).withHeader("Idempotency-Key", equalTo(fulfillmentId))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody("{\"answer\":" + status + "}")));
    }

    private static int calls(String fulfillmentId) {
        return NODE.findAll(postRequestedFor(urlEqualTo("/a/fulfillments")).withHeader("Idempotency-Key",
                equalTo(fulfillmentId))).size() + NODE.findAll(postRequestedFor(urlEqualTo("/b/fulfillments"))
                .withHeader("Idempotency-Key", equalTo(fulfillmentId))).size();
    }

    private JsonNode node(String id) {
        return json(ops("GET", "/api/fulfillment/nodes")).get("nodes").get(id);
    }

    @Test
    void aRequestIsPostedOnceWithItsIdempotencyKeyAndTheNodesToken_andAccepted() {
        FulfillmentRequest r = request("NODE-A");
        answer("a", r.fulfillmentId(), 201);
        int takenBefore = node("NODE-A").get("ordersToday").asInt();
        requestInTransaction(r);

        assertThat(awaitFinal(r.fulfillmentId())).isEqualTo(NodeRequestStatus.ACCEPTED);
        NODE.verify(1, postRequestedFor(urlEqualTo("/a/fulfillments"))
                .withHeader("Idempotency-Key", equalTo(r.fulfillmentId()))
                .withHeader("Authorization", equalTo("Bearer node-a-token"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("X-Correlation-Id", com.github.tomakehurst.wiremock.client.WireMock.matching(".+"))
                .withRequestBody(matchingJsonPath("$.fulfillmentId", equalTo(r.fulfillmentId())))
                .withRequestBody(matchingJsonPath("$.lines[0].sku", equalTo("TEE-ORG-M-BLK"))));
        assertThat(requests.byOrder(r.orderId())).singleElement().satisfies(n -> {
            assertThat(n.attempts()).isEqualTo(1);
            assertThat(n.request()).isEqualTo(r);
        });
        assertThat(requests.openFor("NODE-A")).noneMatch(n -> n.fulfillmentId().equals(r.fulfillmentId()));
        assertThat(node("NODE-A").get("ordersToday").asInt()).isEqualTo(takenBefore + 1);
    }

    @Test
    void outsideATransactionARequestIsRefused_andNothingIsRecorded() {
        FulfillmentRequest r = request("NODE-A");
        assertThatThrownBy(() -> requests.request(r)).isInstanceOf(IllegalTransactionStateException.class);
        assertThat(requests.status(r.fulfillmentId())).isEmpty();
    }

    @Test
    void aRequestInARolledBackTransactionIsNeitherRecordedNorSent() {
        FulfillmentRequest r = request("NODE-A");
        answer("a", r.fulfillmentId(), 201);
        FulfillmentRequest after = request("NODE-A");
        answer("a", after.fulfillmentId(), 201);
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            requests.request(r);
            s.setRollbackOnly();
        });
        requestInTransaction(after);

        // The relay sends in record order: once the later request is accepted, the rolled-back one would have gone.
        assertThat(awaitFinal(after.fulfillmentId())).isEqualTo(NodeRequestStatus.ACCEPTED);
        assertThat(requests.status(r.fulfillmentId())).isEmpty();
        assertThat(calls(r.fulfillmentId())).isZero();
    }

    @Test
    void twoServiceUnavailablesThenCreated_isOneAcceptedRequest() {
        FulfillmentRequest r = request("NODE-A");
        String scenario = "flaky-" + r.fulfillmentId();
        NODE.stubFor(post(urlEqualTo("/a/fulfillments")).withHeader("Idempotency-Key", equalTo(r.fulfillmentId()))
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0")).willSetStateTo("once"));
        NODE.stubFor(post(urlEqualTo("/a/fulfillments")).withHeader("Idempotency-Key", equalTo(r.fulfillmentId()))
                .inScenario(scenario).whenScenarioStateIs("once")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("twice"));
        NODE.stubFor(post(urlEqualTo("/a/fulfillments")).withHeader("Idempotency-Key", equalTo(r.fulfillmentId()))
                .inScenario(scenario).whenScenarioStateIs("twice").willReturn(aResponse().withStatus(201)));
        requestInTransaction(r);

        assertThat(awaitFinal(r.fulfillmentId())).isEqualTo(NodeRequestStatus.ACCEPTED);
        assertThat(calls(r.fulfillmentId())).isEqualTo(3);
        assertThat(requests.find(r.fulfillmentId()).orElseThrow().attempts()).isEqualTo(3);
        assertThat(recorder.refused).noneMatch(s -> s.contains(r.fulfillmentId()));
    }

    @Test
    void aBadRequestIsRefused_deadLetteredAtOnce_andTheListenerTold() {
        FulfillmentRequest r = request("NODE-A");
        answer("a", r.fulfillmentId(), 400);
        long dead = messagesAdded(DLQ);
        requestInTransaction(r);

        assertThat(awaitFinal(r.fulfillmentId())).isEqualTo(NodeRequestStatus.REFUSED);
        await().atMost(Duration.ofSeconds(10)).until(() -> messagesAdded(DLQ) > dead);
        assertThat(calls(r.fulfillmentId())).isEqualTo(1);
        assertThat(recorder.refused).anyMatch(s -> s.startsWith(r.fulfillmentId() + " REFUSED") && s.contains("HTTP 400"));
        assertThat(requests.find(r.fulfillmentId()).orElseThrow().lastError()).contains("HTTP 400");
    }

    @Test
    void aNodeThatAlwaysFails_getsItsRequestsDead_countedAndIsMarkedDown_thenUpAgain() {
        FulfillmentRequest first = request("NODE-B");
        FulfillmentRequest second = request("NODE-B");
        answer("b", first.fulfillmentId(), 500);
        answer("b", second.fulfillmentId(), 500);
        requestInTransaction(first);
        assertThat(awaitFinal(first.fulfillmentId())).isEqualTo(NodeRequestStatus.DEAD);
        assertThat(calls(first.fulfillmentId())).isEqualTo(3);
        NODE.verify(postRequestedFor(urlEqualTo("/b/fulfillments")).withHeader("Authorization",
                equalTo("Basic aHViOm5vZGUtYi1wdw==")));
        assertThat(node("NODE-B").get("consecutiveFailures").asInt()).isEqualTo(1);
        assertThat(node("NODE-B").get("state").asText()).isEqualTo("UP");

        requestInTransaction(second);
        assertThat(awaitFinal(second.fulfillmentId())).isEqualTo(NodeRequestStatus.DEAD);
        JsonNode down = node("NODE-B");
        assertThat(down.get("state").asText()).isEqualTo("DOWN");
        assertThat(down.get("consecutiveFailures").asInt()).isEqualTo(2);
        assertThat(down.get("reason").asText()).contains("2 consecutive");
        assertThat(down.get("since").isNull()).isFalse();
        assertThat(down.get("type").asText()).isEqualTo("THIRD_PARTY_LOGISTICS");
        assertThat(down.get("location").asText()).isEqualTo("3PL-WEST");
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.down.contains("NODE-B"));
        assertThat(recorder.refused).anyMatch(s -> s.startsWith(first.fulfillmentId() + " DEAD"))
                .anyMatch(s -> s.startsWith(second.fulfillmentId() + " DEAD"));

        var up = ops("POST", "/api/fulfillment/nodes/NODE-B/up");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(json(up).get("state").asText()).isEqualTo("UP");
        assertThat(json(up).get("consecutiveFailures").asInt()).isZero();
        assertThat(recorder.up).contains("NODE-B");
    }

    @Test
    void operatorsMarkANodeDownAndUp_andAnUnknownNodeIs404() {
        var down = ops("POST", "/api/fulfillment/nodes/NODE-A/down");
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(json(down).get("state").asText()).isEqualTo("DOWN");
        assertThat(json(down).get("reason").asText()).isEqualTo("marked down by an operator");
        assertThat(node("NODE-A").get("state").asText()).isEqualTo("DOWN");
        assertThat(recorder.down).contains("NODE-A");

        var up = ops("POST", "/api/fulfillment/nodes/NODE-A/up");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(json(up).get("state").asText()).isEqualTo("UP");
        assertThat(node("NODE-A").get("ordersPerDay").asInt()).isEqualTo(100);
        assertThat(recorder.up).contains("NODE-A");

        assertThat(ops("POST", "/api/fulfillment/nodes/NOPE/down").statusCode()).isEqualTo(404);
        assertThat(ops("POST", "/api/fulfillment/nodes/NOPE/up").statusCode()).isEqualTo(404);
        assertThat(anonymous("GET", "/api/fulfillment/nodes").statusCode()).isIn(401, 403);
    }

    /** What the node events listener heard. */
    static class Recorder implements NodeEvents {
        final List<String> refused = new CopyOnWriteArrayList<>();
        final List<String> down = new CopyOnWriteArrayList<>();
        final List<String> up = new CopyOnWriteArrayList<>();

        @Override
        public void requestRefused(FulfillmentRequest request, String reason) {
            refused.add(request.fulfillmentId() + " " + reason);
        }

        @Override
        public void nodeDown(String nodeId, String reason) {
            down.add(nodeId);
        }

        @Override
        public void nodeUp(String nodeId) {
            up.add(nodeId);
        }
    }

    @TestConfiguration
    static class Listener {
        @Bean
        Recorder nodeEventsRecorder() {
            return new Recorder();
        }
    }
}
