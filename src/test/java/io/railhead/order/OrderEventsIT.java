package io.railhead.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.support.HubIT;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The order events on {@code order.events.v1}: one for every committed transition, none for one
 * rolled back, exactly once also when the stage dies between its database commit and its broker
 * commit; every subscriber has its own queue, so one that keeps failing never holds up another.
 * Two subscribers of the test's own (one working, one failing) listen like any adapter would.
 */
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderEventsIT extends HubIT {

    private static final String EVENTS = "order.events.v1";

    @Autowired
    CamelContext camel;

    @Autowired
    OrderEventStore events;

    @Autowired
    OrderLifecycle lifecycle;

    @Autowired
    TransactionTemplate tx;

    /** Event ids the working subscriber got, per order, with the time each came. */
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();
    private final AtomicInteger failedDeliveries = new AtomicInteger();
    private final AtomicBoolean dieAfterCommit = new AtomicBoolean();
    private volatile String dyingOrder;

    @BeforeAll
    void subscribers() throws Exception {
        for (String queue : List.of("test.events.working", "test.events.failing")) {
            broker.getActiveMQServer().createQueue(QueueConfiguration.of(queue).setAddress(EVENTS)
                    .setRoutingType(RoutingType.MULTICAST).setDurable(true));
        }
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("jms:queue:" + EVENTS + "::test.events.working").routeId("test-events-working")
                        .routeConfigurationId("queue-consumer")
                        .process(e -> received.computeIfAbsent(e.getIn().getHeader("RailheadOrderId", String.class),
                                k -> new CopyOnWriteArrayList<>()).add(e.getIn().getHeader("RailheadEventType", String.class)
                                + " " + e.getIn().getHeader("RailheadEventId", String.class)));
                from("jms:queue:" + EVENTS + "::test.events.failing").routeId("test-events-failing")
                        .routeConfigurationId("queue-consumer")
                        .process(e -> {
                            failedDeliveries.incrementAndGet();
                            throw new IllegalStateException("this subscriber is down");
                        });
            }
        });
        // The intake stage dies once for the marked order, after its database commit, before its broker commit.
        AdviceWith.adviceWith(camel, "order-intake", a -> a.weaveByToUri("direct:order-dispatch").before().process(e -> {
            if (dyingOrder != null && e.getMessage().getBody(String.class).equals(dyingOrder)
                    && dieAfterCommit.compareAndSet(true, false)) {
                throw new IllegalStateException("killed between the database commit and the broker commit");
            }
        }));
    }

    private String orderIdOf(ObjectNode order) {
        return OrderIds.forChannelOrder("shopify", "default", id(order));
    }

    private List<String> types(String orderId) {
        return events.forOrder(orderId).stream().map(e -> e.type().name()).toList();
    }

    @Test
    void everyCommittedTransitionIsOneEvent_publishedOnce_andSubscribersGetEachOnce() {
        ObjectNode order = shopifyOrder();
        String orderId = orderIdOf(order);
        postShopify(order, "orders/create");
        awaitStatus(id(order), "RELEASED");

        await().atMost(Duration.ofSeconds(10)).until(() -> received.getOrDefault(orderId, List.of()).size() == 2);
        assertThat(types(orderId)).containsExactly("ORDER_ACCEPTED", "ORDER_RELEASED");
        assertThat(events.forOrder(orderId)).extracting(OrderEvent::status)
                .containsExactly(OrderStatus.VALIDATED, OrderStatus.RELEASED);
        List<String> ids = events.forOrder(orderId).stream().map(e -> e.type() + " " + e.eventId()).toList();
        assertThat(received.get(orderId)).containsExactlyElementsOf(ids);

        postShopify(order.deepCopy().put("cancelled_at", "2026-11-20T10:00:00-05:00"), "orders/cancelled");
        awaitStatus(id(order), "CANCELLED");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.get(orderId).size() == 3);
        assertThat(types(orderId)).containsExactly("ORDER_ACCEPTED", "ORDER_RELEASED", "ORDER_CANCELLED");
    }

    @Test
    void aStageKilledBetweenItsDatabaseAndBrokerCommits_publishesItsEventOnce() {
        ObjectNode order = shopifyOrder();
        String orderId = orderIdOf(order);
        dyingOrder = orderId;
        dieAfterCommit.set(true);
        postShopify(order, "orders/create");

        awaitStatus(id(order), "RELEASED");
        assertThat(dieAfterCommit).as("the stage did die once").isFalse();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> received.getOrDefault(orderId, List.of()).size() == 2);
        assertThat(types(orderId)).containsExactly("ORDER_ACCEPTED", "ORDER_RELEASED");
        assertThat(received.get(orderId)).extracting(s -> s.split(" ")[0])
                .containsExactly("ORDER_ACCEPTED", "ORDER_RELEASED");
    }

    @Test
    void aTransitionRolledBack_isNoEvent() {
        ObjectNode order = shopifyOrder();
        String orderId = orderIdOf(order);
        postShopify(order, "orders/create");
        awaitStatus(id(order), "RELEASED");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.getOrDefault(orderId, List.of()).size() == 2);

        tx.executeWithoutResult(status -> {
            StoredOrder released = lifecycle.lock(orderId).orElseThrow();
            lifecycle.change(released, released.withState(OrderStatus.CANCELLED, List.of(), null), "test",
                    "a cancel that will not commit", "rollback-" + orderId);
            status.setRollbackOnly();
        });

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> received.get(orderId).size() == 2);
        assertThat(types(orderId)).containsExactly("ORDER_ACCEPTED", "ORDER_RELEASED");
        assertThat(shopifyOrderView(id(order)).get("status").asText()).isEqualTo("RELEASED");
    }

    @Test
    void anIllegalTransition_isRefused_neverWritten() {
        ObjectNode order = shopifyOrder();
        String orderId = orderIdOf(order);
        postShopify(order, "orders/create");
        awaitStatus(id(order), "RELEASED");

        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            StoredOrder released = lifecycle.lock(orderId).orElseThrow();
            lifecycle.change(released, released.withState(OrderStatus.VALIDATED, List.of(), null), "test",
                    "back to validated", "illegal-" + orderId);
        })).isInstanceOf(OrderLifecycle.IllegalTransitionException.class)
                .hasMessageContaining("cannot go from RELEASED to VALIDATED");
        assertThat(shopifyOrderView(id(order)).get("status").asText()).isEqualTo("RELEASED");
    }

    @Test
    void aSubscriberThatKeepsFailing_doesNotHoldUpAnother() {
        int failedBefore = failedDeliveries.get();
        ObjectNode order = shopifyOrder();
        String orderId = orderIdOf(order);
        postShopify(order, "orders/create");

        // The working subscriber has both events while the failing one is still being redelivered.
        await().atMost(Duration.ofSeconds(10)).until(() -> received.getOrDefault(orderId, List.of()).size() == 2);
        assertThat(failedDeliveries.get() - failedBefore).as("the failing subscriber was tried").isPositive();
        assertThat(camel.getRouteController().getRouteStatus("test-events-working").isStarted()).isTrue();
    }
}
