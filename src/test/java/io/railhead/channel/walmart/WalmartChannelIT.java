package io.railhead.channel.walmart;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.railhead.channel.walmart.WalmartSimulator.authorized;
import static io.railhead.channel.walmart.WalmartSimulator.error;
import static io.railhead.channel.walmart.WalmartSimulator.newPurchaseOrderId;
import static io.railhead.channel.walmart.WalmartSimulator.order;
import static io.railhead.channel.walmart.WalmartSimulator.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.railhead.channel.ChannelIntake;
import io.railhead.channel.CheckpointStore;
import io.railhead.support.HubIT;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Walmart channel end to end against a Marketplace API simulator ({@link WalmartSimulator}):
 * token and headers, released-order paging with the cursor sent back verbatim, token expiry
 * mid-run, 429 pacing, a run that dies between pages and a restarted poller that resumes from the
 * checkpoint, cancellations through the changes query, and the acknowledgement (once per order,
 * retried, dead-lettered, refused). Each test polls its own account (own token, own checkpoint);
 * the leader route polls every account once at start-up, then waits an hour.
 */
@DirtiesContext
class WalmartChannelIT extends HubIT {

    static final WireMockServer WALMART = WalmartSimulator.start();
    static final List<String> ACCOUNTS = List.of("default", "token", "throttled", "crash", "cancel");
    static final String ACK_QUEUE = "walmart.acks.v1";

    @DynamicPropertySource
    static void walmart(DynamicPropertyRegistry registry) {
        registry.add("railhead.channels.walmart.enabled", () -> "true");
        registry.add("railhead.channels.walmart.endpoint", WALMART::baseUrl);
        registry.add("railhead.channels.walmart.client-id", () -> WalmartSimulator.CLIENT_ID);
        registry.add("railhead.channels.walmart.client-secret", () -> WalmartSimulator.CLIENT_SECRET);
        registry.add("railhead.channels.walmart.poll-interval", () -> "1h");
        registry.add("railhead.channels.walmart.requests-per-second", () -> "50");
        for (String account : ACCOUNTS.subList(1, ACCOUNTS.size())) {
            registry.add("railhead.channels.walmart.accounts." + account + ".client-id", () -> WalmartSimulator.CLIENT_ID);
            registry.add("railhead.channels.walmart.accounts." + account + ".client-secret",
                    () -> WalmartSimulator.CLIENT_SECRET);
        }
    }

    @Autowired
    WalmartPoller poller;

    @Autowired
    WalmartProperties properties;

    @Autowired
    CheckpointStore checkpoints;

    @Autowired
    ChannelIntake intake;

    @Autowired
    MeterRegistry metrics;

    @Autowired
    CamelContext camel;

    @Value("${railhead.broker.name}")
    String brokerName;

    @BeforeEach
    void simulator() {
        // The leader route's own first run of every account is over before a test scripts the simulator.
        await().atMost(Duration.ofSeconds(30)).until(() -> ACCOUNTS.stream().allMatch(a -> runs(a) > 0));
        WALMART.resetAll();
        WalmartSimulator.defaults(WALMART);
    }

    private double runs(String account) {
        return metrics.counter("railhead.poll.runs", "channel", "walmart", "account", account).count()
                + metrics.counter("railhead.poll.failures", "channel", "walmart", "account", account).count();
    }

    /** Waits until a changes window can open after the account's checkpoint (windows end on whole seconds). */
    private void awaitWindowAfterCheckpoint(String account) {
        Instant checkpoint = Instant.parse(checkpoints.get("walmart", account, "lastModifiedStartDate")
                .orElseThrow());
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().minus(properties.settleTime())
                .truncatedTo(ChronoUnit.SECONDS).isAfter(checkpoint));
    }

    private WalmartProperties.ResolvedAccount account(String name) {
        return properties.account(name).orElseThrow();
    }

    /** Three pages of released orders; the cursors carry encoded characters that must come back untouched. */
    private static List<String> releasedPages(int perPage) {
        List<String> ids = new ArrayList<>();
        String[] cursors = {null,
                "?limit=200&hasMoreElements=true&soIndex=" + 3 * perPage + "&poIndex=" + perPage
                        + "&partnerId=100009&sellerId=8&status=Created&createdStartDate=2026-11-16"
                        + "&createdEndDate=2026-11-23T10:41:15.701Z&nextToken=a%2Bb%3D%3D",
                "?limit=200&hasMoreElements=true&soIndex=" + 3 * perPage + "&poIndex=" + 2 * perPage
                        + "&partnerId=100009&sellerId=8&status=Created&nextToken=c%2Fd+e"};
        for (int p = 0; p < 3; p++) {
            List<ObjectNode> orders = new ArrayList<>();
            for (int i = 0; i < perPage; i++) {
                String id = newPurchaseOrderId();
                ids.add(id);
                orders.add(order(id, "MUG-" + id.substring(9)));
            }
            String next = p < 2 ? cursors[p + 1] : null;
            WALMART.stubFor(authorized(cursors[p] == null
                    ? get(urlEqualTo("/v3/orders/released?limit=200&shipNodeType=SellerFulfilled"))
                    : get(urlEqualTo("/v3/orders/released" + cursors[p]))).atPriority(1).willReturn(page(orders, next)));
        }
        return ids;
    }

    private JsonNode walmartOrder(String purchaseOrderId) {
        JsonNode orders = json(ops("GET", "/api/orders?channel=walmart&channelOrderId=" + purchaseOrderId)).get("orders");
        return orders.isEmpty() ? null : orders.get(0);
    }

    private JsonNode awaitWalmart(String purchaseOrderId, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode o = walmartOrder(purchaseOrderId);
            return o != null && status.equals(o.get("status").asText());
        });
        return walmartOrder(purchaseOrderId);
    }

    private static List<ServeEvent> ackCalls(String purchaseOrderId) {
        return WALMART.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/v3/orders/" + purchaseOrderId + "/acknowledge"))
                .sorted((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate())).toList();
    }

    private static long acked(String purchaseOrderId) {
        return ackCalls(purchaseOrderId).stream().filter(e -> e.getResponse().getStatus() == 200).count();
    }

    private static void awaitAckedOnceEach(List<String> ids) {
        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(id -> acked(id) == 1));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> ids.stream().allMatch(id -> ackCalls(id).size() == 1 && acceptedErpCalls(id).size() == 1));
    }

    private static List<String> timelineCauses(JsonNode order, String stage) {
        return StreamSupport.stream(order.get("timeline").spliterator(), false)
                .filter(t -> stage.equals(t.path("stage").asText())).map(t -> t.path("cause").asText()).toList();
    }

    @Test
    void leaderRoutePollsEveryAccountOnItsOwn_tokenOncePerAccount_headersAsWalmartRequires() throws Exception {
        // master: found the leader election service, this instance leads, and the tick route ran.
        assertThat(camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("channel-poll-walmart").getExchangesCompleted()).isPositive();
        assertThat(ACCOUNTS).allSatisfy(a -> assertThat(metrics.counter("railhead.poll.runs", "channel", "walmart",
                "account", a).count()).as("run of " + a).isPositive());

        awaitWindowAfterCheckpoint("default");
        poller.poll(account("default"));
        poller.poll(account("default"));

        // The token of the route's first run is reused: a run is a released query and a changes query, nothing else.
        WALMART.verify(0, postRequestedFor(urlPathEqualTo("/v3/token")));
        List<LoggedRequest> calls = WALMART.findAll(getRequestedFor(urlPathMatching("/v3/orders.*")));
        assertThat(calls).hasSizeGreaterThanOrEqualTo(3).allSatisfy(r -> {
            assertThat(r.getHeader("WM_SEC.ACCESS_TOKEN")).isEqualTo("wm-token-1");
            assertThat(r.getHeader("WM_SVC.NAME")).isEqualTo("Walmart Marketplace");
            assertThat(r.getHeader("Accept")).isEqualTo("application/json");
        });
        assertThat(calls).extracting(r -> r.getHeader("WM_QOS.CORRELATION_ID")).doesNotHaveDuplicates();
        LoggedRequest changes = calls.stream().filter(r -> r.getUrl().startsWith("/v3/orders?"))
                .max((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate())).orElseThrow();
        assertThat(changes.queryParameter("lastModifiedStartDate").firstValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(changes.queryParameter("lastModifiedEndDate").isPresent()).isTrue();
        assertThat(checkpoints.get("walmart", "default", "lastModifiedStartDate"))
                .contains(changes.queryParameter("lastModifiedEndDate").firstValue());
    }

    @Test
    void threePagesFollowingTheCursorVerbatim_eachOrderToTheErpOnce_acknowledgedOnce() throws Exception {
        List<String> ids = releasedPages(2);

        poller.poll(account("default"));
        poller.poll(account("default")); // Walmart lists unacknowledged orders again: duplicates die at intake

        for (String id : ids) {
            JsonNode order = awaitWalmart(id, "RELEASED");
            assertThat(order.get("sourceAccount").asText()).isEqualTo("default");
            assertThat(order.at("/canonical/channel").asText()).isEqualTo("walmart");
            assertThat(order.at("/canonical/lines/0/quantity").asInt()).isEqualTo(2);
            assertThat(order.at("/canonical/lines/0/unitPrice").asText()).isEqualTo("12.50");
            assertThat(order.at("/canonical/totals/grandTotal").asText()).isEqualTo("32.05");
            assertThat(order.at("/canonical/shipTo/countryCode").asText()).isEqualTo("US");
        }
        awaitAckedOnceEach(ids);
        assertThat(ackCalls(ids.get(0)).get(0).getRequest().getHeader("WM_SEC.ACCESS_TOKEN")).isEqualTo("wm-token-1");
        JsonNode first = walmartOrder(ids.get(0));
        assertThat(timelineCauses(first, "walmart-ack")).containsExactly("acknowledged at Walmart (HTTP 200)");
        WALMART.verify(2, getRequestedFor(urlEqualTo("/v3/orders/released?limit=200&shipNodeType=SellerFulfilled")));
    }

    @Test
    void tokenExpiresMidRun_renewedAndTheRunContinues() throws Exception {
        List<String> ids = releasedPages(1);
        String pageTwo = WALMART.getStubMappings().stream().map(s -> s.getRequest().getUrl())
                .filter(u -> u != null && u.contains("poIndex=1&")).findFirst().orElseThrow();
        // From now on Walmart issues a new token, and page two refuses the old one, as after an expiry.
        WALMART.stubFor(post(urlPathEqualTo("/v3/token")).atPriority(1)
                .willReturn(WalmartSimulator.token("wm-token-2", 900)));
        WALMART.stubFor(get(urlEqualTo(pageTwo)).atPriority(0).withHeader("WM_SEC.ACCESS_TOKEN", equalTo("wm-token-1"))
                .willReturn(error(401, "UNAUTHORIZED.GMP_GATEWAY_API", "Unauthorized")));

        poller.poll(account("token")); // holds wm-token-1 since the route's first run

        ids.forEach(id -> awaitWalmart(id, "RELEASED"));
        WALMART.verify(1, postRequestedFor(urlPathEqualTo("/v3/token")));
        assertThat(WALMART.findAll(getRequestedFor(urlEqualTo(pageTwo))))
                .extracting(r -> r.getHeader("WM_SEC.ACCESS_TOKEN")).containsExactly("wm-token-1", "wm-token-2");
        assertThat(WALMART.findAll(getRequestedFor(urlPathEqualTo("/v3/orders/released"))).stream()
                .filter(r -> r.getUrl().contains("poIndex=2&")).map(r -> r.getHeader("WM_SEC.ACCESS_TOKEN")))
                .containsOnly("wm-token-2");
        awaitAckedOnceEach(ids);
    }

    @Test
    void throttled429_noRequestBeforeWalmartsWait_thenTheSameCallAgain() throws Exception {
        List<String> ids = releasedPages(1);
        String pageTwo = WALMART.getStubMappings().stream().map(s -> s.getRequest().getUrl())
                .filter(u -> u != null && u.contains("poIndex=1&")).findFirst().orElseThrow();
        WALMART.stubFor(authorized(get(urlEqualTo(pageTwo))).atPriority(0).inScenario("throttle")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(429, "REQUEST_THRESHOLD_VIOLATED.GMP_GATEWAY_API", "Too many requests")
                        .withHeader("Retry-After", "2").withHeader("x-current-token-count", "0"))
                .willSetStateTo("open"));

        poller.poll(account("throttled"));

        ids.forEach(id -> awaitWalmart(id, "RELEASED"));
        List<ServeEvent> calls = WALMART.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(pageTwo))
                .sorted((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate())).toList();
        assertThat(calls).extracting(e -> e.getResponse().getStatus()).containsExactly(429, 200);
        long waited = calls.get(1).getRequest().getLoggedDate().getTime() - calls.get(0).getRequest().getLoggedDate().getTime();
        assertThat(waited).as("Retry-After: 2 means nothing before 2 s").isGreaterThanOrEqualTo(2000);
        // Nor any other call of the account in between.
        assertThat(WALMART.getAllServeEvents().stream().filter(e -> "GET".equals(e.getRequest().getMethod().getName()))
                .map(e -> e.getRequest().getLoggedDate().getTime())
                .filter(t -> t > calls.get(0).getRequest().getLoggedDate().getTime() && t < calls.get(1).getRequest()
                        .getLoggedDate().getTime())).isEmpty();
    }

    @Test
    void runDiesBetweenPages_checkpointStays_restartedPollerResumes_noOrderLostOrDoubled() throws Exception {
        WalmartProperties.ResolvedAccount account = account("crash");
        List<String> ids = new ArrayList<>();
        String[] cursors = {null, "?limit=200&hasMoreElements=true&soIndex=6&poIndex=2&lastModifiedStartDate=x",
                "?limit=200&hasMoreElements=true&soIndex=6&poIndex=4&lastModifiedStartDate=x"};
        for (int p = 0; p < 3; p++) {
            String a = newPurchaseOrderId();
            String b = newPurchaseOrderId();
            ids.add(a);
            ids.add(b);
            WALMART.stubFor(authorized(cursors[p] == null
                    ? get(urlPathEqualTo("/v3/orders")).withQueryParam("lastModifiedStartDate", matching(".+")).withQueryParam("soIndex", absent())
                    : get(urlEqualTo("/v3/orders" + cursors[p]))).atPriority(1)
                    .willReturn(page(List.of(order(a, "MUG-A"), order(b, "MUG-B")), p < 2 ? cursors[p + 1] : null)));
        }
        // The connection drops while page 3 is read, as when the hub dies between pages.
        StubMapping drop = WALMART.stubFor(
                get(urlEqualTo("/v3/orders" + cursors[2])).atPriority(0).willReturn(aResponse()
                        .withFault(Fault.CONNECTION_RESET_BY_PEER)));
        String before = checkpoints.get("walmart", "crash", "lastModifiedStartDate").orElseThrow();
        awaitWindowAfterCheckpoint("crash");

        try {
            poller.poll(account);
        } catch (IOException expected) {
            // the run fails: the window is not done
        }
        assertThat(checkpoints.get("walmart", "crash", "lastModifiedStartDate")).contains(before);
        ids.subList(0, 4).forEach(id -> awaitWalmart(id, "RELEASED"));

        // A new hub process: fresh poller and clients, nothing but the database and the broker survive.
        WALMART.removeStub(drop);
        WalmartPoller restarted = new WalmartPoller(properties, new WalmartClients(properties, metrics), checkpoints, intake,
                metrics);
        restarted.poll(account);

        ids.forEach(id -> awaitWalmart(id, "RELEASED"));
        // The dropped connection can take an acknowledgement in flight with it (the client multiplexes
        // the poller's and the acknowledger's requests on one HTTP/2 connection): Walmart may have
        // answered it, the hub never saw the answer and acknowledges again. Acknowledging is idempotent
        // at Walmart; what must hold is every order acknowledged and in the ERP exactly once.
        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(id -> acked(id) >= 1));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> ids.stream().allMatch(id -> acceptedErpCalls(id).size() == 1));
        List<LoggedRequest> windows = WALMART.findAll(getRequestedFor(urlPathEqualTo("/v3/orders"))
                .withQueryParam("soIndex", absent()));
        assertThat(windows).hasSize(2).allSatisfy(r -> assertThat(r.queryParameter("lastModifiedStartDate").firstValue())
                .as("the restarted poller starts from the stored checkpoint").isEqualTo(before));
        assertThat(checkpoints.get("walmart", "crash", "lastModifiedStartDate").orElseThrow()).isGreaterThan(before);
    }

    @Test
    void cancellationArrivesThroughTheChangesQuery_orderCancelled_notAcknowledgedAgain() throws Exception {
        String id = newPurchaseOrderId();
        ObjectNode released = order(id, "MUG-C");
        WALMART.stubFor(authorized(get(urlPathEqualTo("/v3/orders/released"))).atPriority(1)
                .willReturn(page(List.of(released), null)));
        poller.poll(account("cancel"));
        awaitWalmart(id, "RELEASED");
        awaitAckedOnceEach(List.of(id));

        WALMART.stubFor(authorized(get(urlPathEqualTo("/v3/orders/released"))).atPriority(1)
                .willReturn(page(List.of(), null)));
        WALMART.stubFor(authorized(get(urlPathEqualTo("/v3/orders"))).atPriority(1)
                .willReturn(page(List.of(WalmartSimulator.withStatus(released, "Cancelled", 1_795_000_900_000L)), null)));
        poller.poll(account("cancel"));

        JsonNode cancelled = awaitWalmart(id, "CANCELLED");
        assertThat(timelineCauses(cancelled, "cancel")).anySatisfy(c -> assertThat(c).contains("orders/cancelled"));
        String orderId = cancelled.get("orderId").asText();
        assertThat(erpCalls(orderId)).anySatisfy(e -> assertThat(e.getRequest().getUrl()).endsWith("/cancel"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(4)).until(() -> ackCalls(id).size() == 1);
    }

    @Test
    void heldOrderIsAcknowledgedToo_walmartFulfilledOrderIsNot() throws Exception {
        String held = newPurchaseOrderId();
        String wfs = newPurchaseOrderId();
        ObjectNode wfsOrder = order(wfs, "MUG-W");
        wfsOrder.putObject("shipNode").put("type", "WFSFulfilled");
        WALMART.stubFor(authorized(get(urlPathEqualTo("/v3/orders/released"))).atPriority(1)
                .willReturn(page(List.of(order(held, null), wfsOrder), null)));

        poller.poll(account("default"));

        JsonNode onHold = awaitWalmart(held, "ON_HOLD");
        assertThat(onHold.get("holdReasons").toString()).contains("MISSING_SKU");
        await().atMost(Duration.ofSeconds(10)).until(() -> acked(held) == 1);
        JsonNode byWalmart = awaitWalmart(wfs, "RELEASED");
        assertThat(byWalmart.at("/canonical/fulfilledBy").asText()).isEqualTo("CHANNEL");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(4)).until(() -> ackCalls(wfs).isEmpty());
    }

    @Test
    void acknowledgeThrottled_retriedAfterWalmartsWait_once() throws Exception {
        String id = newPurchaseOrderId();
        WALMART.stubFor(authorized(get(urlPathEqualTo("/v3/orders/released"))).atPriority(1)
                .willReturn(page(List.of(order(id, "MUG-T")), null)));
        WALMART.stubFor(authorized(post(urlEqualTo("/v3/orders/" + id + "/acknowledge"))).atPriority(1)
                .inScenario("ack-throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(429, "REQUEST_THRESHOLD_VIOLATED.GMP_GATEWAY_API", "Too many requests")
                        .withHeader("Retry-After", "1"))
                .willSetStateTo("open"));

        poller.poll(account("default"));

        await().atMost(Duration.ofSeconds(15)).until(() -> acked(id) == 1);
        List<ServeEvent> calls = ackCalls(id);
        assertThat(calls).extracting(e -> e.getResponse().getStatus()).containsExactly(429, 200);
        assertThat(calls.get(1).getRequest().getLoggedDate().getTime() - calls.get(0).getRequest().getLoggedDate().getTime())
                .isGreaterThanOrEqualTo(1000);
    }

    @Test
    void acknowledgeRefused4xx_onTheTimeline_notRetried() throws Exception {
        String id = newPurchaseOrderId();
        WALMART.stubFor(authorized(get(urlPathEqualTo("/v3/orders/released"))).atPriority(1)
                .willReturn(page(List.of(order(id, "MUG-R")), null)));
        WALMART.stubFor(authorized(post(urlEqualTo("/v3/orders/" + id + "/acknowledge"))).atPriority(1)
                .willReturn(error(400, "INVALID_REQUEST_CONTENT.GMP_ORDER_API", "Order is not in Created status")));

        poller.poll(account("default"));

        await().atMost(Duration.ofSeconds(15)).until(() -> timelineCauses(walmartOrder(id), "walmart-ack").size() == 1);
        assertThat(timelineCauses(walmartOrder(id), "walmart-ack").get(0))
                .startsWith("Walmart refused acknowledge: HTTP 400").contains("INVALID_REQUEST_CONTENT");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> ackCalls(id).size() == 1);
    }

    @Test
    void acknowledgeFailsOn503_retriedThenDeadLetteredWithCause_brokerRetryAcknowledgesOnce() throws Exception {
        String id = newPurchaseOrderId();
        WALMART.stubFor(authorized(get(urlPathEqualTo("/v3/orders/released"))).atPriority(1)
                .willReturn(page(List.of(order(id, "MUG-D")), null)));
        WALMART.stubFor(authorized(post(urlEqualTo("/v3/orders/" + id + "/acknowledge"))).atPriority(1)
                .willReturn(error(503, "SERVICE_UNAVAILABLE.GMP_GATEWAY_API", "unavailable")));

        poller.poll(account("default"));
        String orderId = awaitWalmart(id, "RELEASED").get("orderId").asText();

        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName pattern = new ObjectName("org.apache.activemq.artemis:broker=\"" + brokerName
                + "\",*,subcomponent=queues,queue=\"DLQ." + ACK_QUEUE + "\"");
        JsonNode letter = await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ObjectName dlq : jmx.queryNames(pattern, null)) {
                Object listed = jmx.invoke(dlq, "listMessagesAsJSON", new Object[] {""}, new String[] {String.class.getName()});
                for (JsonNode m : JSON.readTree(listed.toString())) {
                    if (orderId.equals(m.path("RailheadOrderId").asText())) {
                        return m;
                    }
                }
            }
            return null;
        }, l -> l != null);
        assertThat(letter.path("RailheadErrorClass").asText()).isEqualTo("io.railhead.shared.TransientEndpointException");
        assertThat(letter.path("RailheadErrorMessage").asText()).contains("503").contains(id);
        assertThat(letter.path("RailheadFailedRouteId").asText()).isEqualTo("walmart-ack-send");
        assertThat(letter.path("RailheadOriginalQueue").asText()).isEqualTo(ACK_QUEUE);
        assertThat(ackCalls(id)).hasSize(3);
        assertThat(acceptedErpCalls(id)).as("the order itself went on to the ERP").hasSize(1);

        // Walmart is back; the operator retries the dead letter with the broker's own operation (Hawtio, JMX).
        WALMART.stubFor(authorized(post(urlEqualTo("/v3/orders/" + id + "/acknowledge"))).atPriority(1)
                .willReturn(okJson("{\"order\":{}}")));
        ObjectName dlq = jmx.queryNames(pattern, null).iterator().next();
        assertThat((Boolean) jmx.invoke(dlq, "retryMessage", new Object[] {letter.get("messageID").asLong()},
                new String[] {"long"})).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> acked(id) == 1);
        assertThat(timelineCauses(walmartOrder(id), "walmart-ack")).containsExactly("acknowledged at Walmart (HTTP 200)");
    }
}
