package io.railhead.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import io.railhead.support.HubIT;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The shipment and return endpoints in the shared hub (no nodes in force): an unsigned or unknown node's webhook is
 * 401, unreadable input is 400 with every reason, an unknown order is 404, never 500.
 */
class NodeShipmentEndpointsIT extends HubIT {

    @Test
    void unknownNodeOrBadSignature_401_badInput_400_unknownOrder_404() {
        byte[] body = "{\"shipmentId\":\"S-IT-1\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> hook = send(HttpRequest.newBuilder(uri("/webhooks/nodes/NOPE/shipments"))
                .header("Content-Type", "application/json").header(NodeSignature.HEADER, NodeSignature.sign(body, "x"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(hook.statusCode()).isEqualTo(401);

        HttpResponse<String> bad = ops("POST", "/api/fulfillment/shipments", "application/json", body);
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(json(bad).path("reasons").toString()).contains("shippedAt", "carrier", "lines", "orderId");

        byte[] ret = ("{\"returnId\":\"R-IT-1\",\"orderId\":\"ord-none\",\"location\":\"DC-TEST\","
                + "\"receivedAt\":\"2026-12-01T10:00:00Z\",\"lines\":[{\"sku\":\"A\",\"quantity\":1,"
                + "\"disposition\":\"RESTOCK\"}]}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> unknown = ops("POST", "/api/returns", "application/json", ret);
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        assertThat(ops("POST", "/api/returns", "application/json", "{}".getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(400);
    }
}
