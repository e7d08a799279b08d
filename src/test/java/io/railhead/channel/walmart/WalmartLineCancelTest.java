package io.railhead.channel.walmart;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.railhead.channel.walmart.WalmartSimulator.authorized;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.railhead.fulfillment.LineCancel;
import io.railhead.fulfillment.RelayResult;
import io.railhead.fulfillment.RelayResult.Outcome;
import io.railhead.support.ShippedDefaults;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cancelling lines of a Walmart purchase order against the simulator, shaped by the official model
 * ({@code ../shared/specs/walmart/us-mp-orders.json}, {@code cancelOrderLines}: {@code OrderCancellation} with
 * order lines, each a Cancelled status, reason and quantity): the body field by field, 5xx retried with
 * Walmart's wait, 400 refused with Walmart's error, a line without a line number not cancellable by the API.
 */
class WalmartLineCancelTest {

    static WireMockServer WALMART;
    static final String PO = "1796277083022";
    static final String CANCEL = "/v3/orders/" + PO + "/cancel";

    @BeforeAll
    static void start() {
        WALMART = WalmartSimulator.start();
    }

    @AfterAll
    static void stop() {
        WALMART.stop();
    }

    @BeforeEach
    void reset() {
        WALMART.resetAll();
        WalmartSimulator.defaults(WALMART);
    }

    private WalmartLineCancel target() {
        Map<String, Object> m = new HashMap<>();
        m.put("railhead.channels.walmart.endpoint", WALMART.baseUrl());
        m.put("railhead.channels.walmart.client-id", WalmartSimulator.CLIENT_ID);
        m.put("railhead.channels.walmart.client-secret", WalmartSimulator.CLIENT_SECRET);
        WalmartProperties properties = ShippedDefaults.bind(WalmartProperties.class, m);
        return new WalmartLineCancel(properties, new WalmartClients(properties, new SimpleMeterRegistry()));
    }

    static LineCancel cancel(List<LineCancel.Line> lines) {
        return new LineCancel("c-1", "ord-1", "walmart", PO, "default", false, "node DC-EAST cannot ship", lines);
    }

    static void answers(ResponseDefinitionBuilder answer) {
        WALMART.stubFor(authorized(post(urlPathMatching("/v3/orders/[0-9]+/cancel"))).atPriority(10).willReturn(answer));
    }

    @Test
    void cancelled_theOrderCancellationFieldByField() throws Exception {
        answers(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"order\":{\"purchaseOrderId\":\"" + PO + "\"}}"));

        RelayResult result = target().cancel(cancel(List.of(new LineCancel.Line("2", "WM-SKU-2", 1),
                new LineCancel.Line("4", "WM-SKU-4", 3))));

        assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.ACCEPTED);
        List<LoggedRequest> sent = WALMART.findAll(postRequestedFor(urlPathEqualTo(CANCEL)));
        assertThat(sent).hasSize(1);
        JsonNode lines = WalmartOrders.JSON.readTree(sent.get(0).getBodyAsString()).path("orderCancellation")
                .path("orderLines").path("orderLine");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).path("lineNumber").asText()).isEqualTo("2");
        JsonNode status = lines.get(0).path("orderLineStatuses").path("orderLineStatus").get(0);
        assertThat(status.path("status").asText()).isEqualTo("Cancelled");
        assertThat(status.path("cancellationReason").asText()).isEqualTo("SELLER_CANCEL_OUT_OF_STOCK");
        assertThat(status.path("statusQuantity").path("unitOfMeasurement").asText()).isEqualTo("EACH");
        assertThat(status.path("statusQuantity").path("amount").asText()).isEqualTo("1");
        assertThat(lines.get(1).path("orderLineStatuses").path("orderLineStatus").get(0).path("statusQuantity")
                .path("amount").asText()).isEqualTo("3");
    }

    @Test
    void serverError_5xx_isRetriedAfterWalmartsWait() throws Exception {
        answers(WalmartSimulator.error(503, "SERVICE_UNAVAILABLE.GMP_GATEWAY_API", "Service unavailable")
                .withHeader("Retry-After", "4"));

        RelayResult result = target().cancel(cancel(List.of(new LineCancel.Line("1", "WM-SKU-1", 1))));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(4));
        assertThat(WALMART.findAll(postRequestedFor(urlPathEqualTo(CANCEL)))).as("sent once: the caller repeats").hasSize(1);
    }

    @Test
    void aRefusal_400_carriesWalmartsError() throws Exception {
        answers(WalmartSimulator.error(400, "INVALID_REQUEST_CONTENT.GMP_ORDER_API", "Line 1 is already shipped"));

        RelayResult result = target().cancel(cancel(List.of(new LineCancel.Line("1", "WM-SKU-1", 1))));

        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.message()).contains("INVALID_REQUEST_CONTENT.GMP_ORDER_API").contains("already shipped");
    }

    @Test
    void aLineWithoutALineNumberCannotBeCancelledThroughTheApi() {
        assertThat(target().cannotCancel(cancel(List.of(new LineCancel.Line(" ", "WM-SKU-1", 1))))).isPresent();
        assertThat(target().cannotCancel(cancel(List.of(new LineCancel.Line("1", "WM-SKU-1", 1))))).isEmpty();
    }
}
