package io.railhead.shared;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.channel.WebhookSignature;
import io.railhead.support.HubIT;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A correlation id set at intake travels every hop; logs name orders and outcomes, never customers or secrets. */
@ExtendWith(OutputCaptureExtension.class)
class LoggingAndCorrelationIT extends HubIT {

    @Test
    void correlationIdFromTheSenderReachesTimelineErpAndLogs(CapturedOutput output) throws Exception {
        ObjectNode order = shopifyOrder();
        String correlationId = "corr-" + id(order);
        byte[] body = order.toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/webhooks/shopify/orders"))
                .header("X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(WebhookSignature.sign(body, SECRET)))
                .header("X-Shopify-Topic", "orders/create")
                .header("X-Shopify-Shop-Domain", "test-shop.myshopify.com")
                .header("X-Shopify-Webhook-Id", "wh-corr-" + id(order))
                .header("X-Correlation-Id", correlationId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Correlation-Id")).hasValue(correlationId);

        JsonNode released = awaitStatus(id(order), "RELEASED");
        assertThat(released.get("correlationId").asText()).isEqualTo(correlationId);
        assertThat(released.get("timeline").findValuesAsText("correlationId")).containsOnly(correlationId);
        assertThat(acceptedErpCalls(id(order)).get(0).getRequest().getHeader("X-Correlation-Id")).isEqualTo(correlationId);
        String orderId = released.get("orderId").asText();
        assertThat(output.getOut().lines().filter(l -> l.contains(orderId) && l.contains("[" + correlationId + "]")))
                .as("intake and ERP log lines carry the correlation id").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void noCustomerDataOrSecretsInLogs(CapturedOutput output) {
        ObjectNode order = shopifyOrder();
        order.put("email", "ottoline.privet@example.org");
        order.put("phone", "+15550199777");
        ObjectNode customer = order.with("customer");
        customer.put("first_name", "Ottoline").put("last_name", "Privet").put("email", "ottoline.privet@example.org");
        order.with("shipping_address").put("first_name", "Ottoline").put("last_name", "Privet")
                .put("address1", "17 Quietude Lane").put("phone", "+15550199777");
        ObjectNode rejected = order.deepCopy();
        rejected.put("id", order.get("id").asLong() + 1);
        ERP.stubFor(post(urlEqualTo("/erp/orders")).atPriority(1).withRequestBody(containing(id(rejected)))
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"bad customer Ottoline Privet\"}")));
        ObjectNode held = order.deepCopy();
        held.put("id", order.get("id").asLong() + 2);
        held.put("financial_status", "pending");

        postShopify(order, "orders/create");
        postShopify(rejected, "orders/create");
        postShopify(held, "orders/create");
        postShopify("{not json Ottoline Privet".getBytes(StandardCharsets.UTF_8), "orders/create", "wh-pii-" + id(order), SECRET);
        awaitStatus(id(order), "RELEASED");
        awaitStatus(id(rejected), "ON_HOLD");
        awaitStatus(id(held), "ON_HOLD");

        String logs = output.getAll();
        assertThat(logs).contains(awaitStatus(id(order), "RELEASED").get("orderId").asText());
        assertThat(logs).doesNotContain("Ottoline", "Privet", "ottoline.privet@example.org", "Quietude", "5550199777")
                .doesNotContain(SECRET, "test-secret-old", "test-erp-token", OPS_PASSWORD);
    }
}
