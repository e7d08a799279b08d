package io.railhead.channel.square;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.railhead.channel.WebhookRequests;
import io.railhead.channel.WebhookSignature;
import io.railhead.shared.Headers;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Square order webhooks ({@code order.created}, {@code order.updated}) at {@code POST /webhooks/square}.
 * Square notifications are thin and only cover API-created orders, so they are hints: a verified
 * one makes the hub fetch that order at once (instead of waiting for the next poll). The signature
 * {@code x-square-hmacsha256-signature} is base64 HMAC-SHA256, keyed with the subscription's
 * signature key, over the notification URL followed by the raw body; wrong or missing → 401.
 */
@RestController
public class SquareWebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(SquareWebhookController.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1024 * 1024;
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final SquareProperties properties;
    private final SquarePoller poller;

    public SquareWebhookController(SquareProperties properties, SquarePoller poller) {
        this.properties = properties;
        this.poller = poller;
    }

    @PostMapping("/webhooks/square")
    public ResponseEntity<Map<String, String>> receive(HttpServletRequest request) throws IOException {
        Optional<byte[]> read = WebhookRequests.body(request, MAX_BODY);
        if (read.isEmpty()) {
            return WebhookRequests.tooLarge(MAX_BODY);
        }
        byte[] body = read.get();
        String url = properties.webhookUrl() != null && !properties.webhookUrl().isBlank() ? properties.webhookUrl()
                : request.getRequestURL().toString();
        byte[] signed = concat(url.getBytes(StandardCharsets.UTF_8), body);
        String signature = request.getHeader("x-square-hmacsha256-signature");
        // The subscription that signed it tells which seller account the notification is for.
        Optional<SquareProperties.ResolvedAccount> account = properties.resolvedAccounts().stream()
                .filter(a -> a.webhookSignatureKey() != null && !a.webhookSignatureKey().isBlank())
                .filter(a -> WebhookSignature.verify(signed, signature, List.of(a.webhookSignatureKey())))
                .findFirst();
        if (account.isEmpty()) {
            LOG.warn("Square webhook rejected: missing or invalid signature");
            return answer(HttpStatus.UNAUTHORIZED, "missing or invalid x-square-hmacsha256-signature");
        }
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (IOException e) {
            return answer(HttpStatus.BAD_REQUEST, "body is not JSON");
        }
        String type = event.path("type").asText();
        if (!type.startsWith("order.")) {
            return ResponseEntity.ok(Map.of("status", "ignored", "reason", "not an order event: " + type));
        }
        String orderId = event.path("data").path("id").asText("");
        if (orderId.isBlank()) {
            JsonNode object = event.path("data").path("object");
            orderId = object.path("order_created").path("order_id").asText(object.path("order_updated").path("order_id").asText(""));
        }
        if (orderId.isBlank()) {
            return answer(HttpStatus.BAD_REQUEST, "order event without an order id");
        }
        if (!ORDER_ID.matcher(orderId).matches()) {
            // Square order ids are short URL-safe tokens; anything else is not one, and is not fetched.
            return answer(HttpStatus.BAD_REQUEST, "order id is not a Square order id (at most 128 letters, digits, - and _)");
        }
        Optional<String> badCorrelation = WebhookRequests.badId(request, Headers.HTTP_CORRELATION_ID,
                WebhookRequests.MAX_CORRELATION_ID);
        if (badCorrelation.isPresent()) {
            return answer(HttpStatus.BAD_REQUEST, badCorrelation.get());
        }
        String correlationId = request.getHeader(Headers.HTTP_CORRELATION_ID) != null
                ? request.getHeader(Headers.HTTP_CORRELATION_ID) : "square-" + UUID.randomUUID();
        try {
            poller.fetch(account.get(), orderId, correlationId);
        } catch (IOException | RuntimeException e) {
            // Only a hint: the next poll brings the order all the same.
            LOG.warn("Square order {} from {} could not be fetched now, left to the next poll: {}", orderId, type,
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ResponseEntity.ok(Map.of("status", "accepted", "correlationId", correlationId));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static ResponseEntity<Map<String, String>> answer(HttpStatus status, String reason) {
        return WebhookRequests.reject(status, reason);
    }
}
