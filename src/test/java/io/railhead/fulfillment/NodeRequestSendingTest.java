package io.railhead.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a fulfillment request goes to its node: the credential header of each auth type, the idempotency key and
 * correlation id on the call, the body as the schema says or reshaped by the node's JSLT mapping when it has
 * one, and what each HTTP status of the node means.
 */
class NodeRequestSendingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static FulfillmentNode node(FulfillmentNode.Endpoint endpoint) {
        return new FulfillmentNode("DC-EAST", FulfillmentNode.Type.WMS, "DC-EAST", endpoint,
                new FulfillmentNode.Address("US", "NJ", "07001", null, null), List.of("STANDARD"), null, null,
                Map.of(), null, 5);
    }

    private static FulfillmentNode.Endpoint endpoint(String type, String token, String user, String password, String header) {
        return new FulfillmentNode.Endpoint("https://wms.example/fulfillments", type, token, user, password, header);
    }

    @Test
    void eachAuthTypeSendsItsCredentialHeader() {
        assertThat(NodeCall.auth(endpoint("bearer", "tok", null, null, null)))
                .contains(new NodeCall.Header("Authorization", "Bearer tok"));
        assertThat(NodeCall.auth(endpoint("basic", null, "wms", "p:w", null)))
                .contains(new NodeCall.Header("Authorization", "Basic d21zOnA6dw=="));
        assertThat(NodeCall.auth(endpoint("header", "k-1", null, null, "X-Api-Key")))
                .contains(new NodeCall.Header("X-Api-Key", "k-1"));
        assertThat(NodeCall.auth(endpoint("none", null, null, null, null))).isEmpty();
        assertThat(NodeCall.auth(endpoint(null, null, null, null, null))).isEmpty();
    }

    @Test
    void aCredentialNeverShowsInTheHeadersDescription() {
        assertThat(NodeCall.auth(endpoint("bearer", "secret-tok", null, null, null)).orElseThrow().toString())
                .doesNotContain("secret-tok");
    }

    @Test
    void theCallIsAJsonPostWithTheIdempotencyKeyCorrelationAndCredential() {
        HttpRequest call = NodeCall.build(node(endpoint("bearer", "tok", null, null, null)), "ful-9", "cid-9", "{}",
                Duration.ofSeconds(3));
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.uri().toString()).isEqualTo("https://wms.example/fulfillments");
        assertThat(call.headers().firstValue("Idempotency-Key")).contains("ful-9");
        assertThat(call.headers().firstValue("X-Correlation-Id")).contains("cid-9");
        assertThat(call.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(call.headers().firstValue("Authorization")).contains("Bearer tok");
        assertThat(call.timeout()).contains(Duration.ofSeconds(3));
    }

    @Test
    void withoutAMappingTheNodeGetsTheRequestAsTheSchemaSaysIt(@TempDir Path dir) throws IOException {
        FulfillmentRequest r = FulfillmentRequestSchemaTest.sample(null);
        JsonNode body = JSON.readTree(new NodeMappings(dir, true).body(r));
        assertThat(body.get("fulfillmentId").asText()).isEqualTo("ful-1");
        assertThat(body.get("lines")).hasSize(2);
        assertThat(body.get("promisedShipDate").asText()).isEqualTo("2026-12-04");
    }

    @Test
    void aNodesJsltMappingReshapesTheBody(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("DC-EAST.jslt"), """
                {"ref": .fulfillmentId, "items": [for (.lines) {"item": .sku, "qty": .quantity}],
                 "country": .shipTo.countryCode}
                """);
        FulfillmentRequest r = FulfillmentRequestSchemaTest.sample(null);
        assertThat(JSON.readTree(new NodeMappings(dir, true).body(r))).isEqualTo(JSON.readTree("""
                {"ref": "ful-1", "items": [{"item": "TEE-ORG-M-BLK", "qty": 2}, {"item": "MUG", "qty": 1}],
                 "country": "US"}"""));
    }

    @Test
    void aBrokenMappingFailsLoudly(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("DC-EAST.jslt"), "{\"ref\": .fulfillmentId");
        assertThatThrownBy(() -> new NodeMappings(dir, false).body(FulfillmentRequestSchemaTest.sample(null)))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void theNodesStatusDecidesTheOutcome() {
        assertThat(List.of(200, 201, 202, 204, 409)).allMatch(s -> NodeAnswer.of(s) == NodeAnswer.ACCEPTED);
        assertThat(List.of(408, 429, 500, 502, 503, 504)).allMatch(s -> NodeAnswer.of(s) == NodeAnswer.RETRY);
        assertThat(List.of(400, 401, 403, 404, 410, 422, 301)).allMatch(s -> NodeAnswer.of(s) == NodeAnswer.REFUSED);
    }
}
