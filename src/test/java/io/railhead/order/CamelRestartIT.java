package io.railhead.order;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.support.HubIT;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

/** Stopping and starting the Camel context while orders are queued and in flight loses and doubles nothing. */
@DirtiesContext
class CamelRestartIT extends HubIT {

    private static final int ORDERS = 20;

    @Autowired
    CamelContext camel;

    @Test
    void restartWithMessagesInFlight_everyOrderDeliveredExactlyOnce() throws Exception {
        String batch = "restart-" + UUID.randomUUID();
        // A slow ERP keeps most of the batch queued or in flight when the context stops.
        ERP.stubFor(post(urlEqualTo("/erp/orders")).atPriority(1).withRequestBody(containing(batch))
                .willReturn(aResponse().withStatus(201).withFixedDelay(300)));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            ObjectNode order = shopifyOrder();
            order.put("note", batch);
            ids.add(id(order));
            assertThat(postShopify(order, "orders/create").statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !erpCalls(batch).isEmpty());

        camel.stop();
        long deliveredBeforeRestart = ids.stream().filter(id -> !acceptedErpCalls(id).isEmpty()).count();
        assertThat(deliveredBeforeRestart).as("the restart happened with work left").isLessThan(ORDERS);
        camel.start();

        await().atMost(Duration.ofSeconds(60)).until(() ->
                ids.stream().allMatch(id -> "RELEASED".equals(shopifyOrderView(id).get("status").asText())));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> erpCalls(batch).size() == ORDERS);
        for (String id : ids) {
            assertThat(acceptedErpCalls(id)).as("ERP deliveries of order " + id).hasSize(1);
        }
    }
}
