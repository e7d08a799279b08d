package io.railhead.channel.shopify;

import io.railhead.shared.Headers;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import io.railhead.channel.ChannelIntake;
import io.railhead.channel.WebhookRequests;
import org.apache.camel.CamelExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shopify order webhooks ({@code orders/create}, {@code orders/updated}, {@code orders/cancelled}).
 *
 * <p>Why a controller and not a Camel HTTP consumer: the signature is an HMAC over the exact raw
 * bytes, and the answer must be 401/413 before anything is stored; the controller reads the body
 * once, bounded, verifies it, and hands it to the {@code order-receive} route, which puts it
 * on the durable intake queue. 200 is answered only after the broker has the message; parsing and
 * everything else happen after, from the queue (Shopify waits 5 s and deletes subscriptions that
 * keep failing, so even an unparseable but authentic payload is accepted and held).
 */
@RestController
public class ShopifyWebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(ShopifyWebhookController.class);
    private final ShopifyProperties properties;
    private final ChannelIntake intake;

    public ShopifyWebhookController(ShopifyProperties properties, ChannelIntake intake) {
        this.properties = properties;
        this.intake = intake;
    }

    @PostMapping("/webhooks/shopify/orders")
    public ResponseEntity<Map<String, String>> receive(HttpServletRequest request) throws IOException {
        long limit = properties.maxBodySize().toBytes();
        Optional<byte[]> read = WebhookRequests.body(request, limit);
        if (read.isEmpty()) {
            return WebhookRequests.tooLarge(limit);
        }
        byte[] body = read.get();
        if (!ShopifySignature.verify(body, header(request, "Hmac-Sha256"), properties.webhookSecret())) {
            LOG.warn("Shopify webhook rejected: missing or invalid signature");
            return answer(HttpStatus.UNAUTHORIZED, "missing or invalid X-Shopify-Hmac-Sha256");
        }
        String topic = header(request, "Topic");
        if (topic == null || !topic.startsWith("orders/")) {
            return answer(HttpStatus.BAD_REQUEST, "unsupported topic " + topic);
        }
        String shop = header(request, "Shop-Domain");
        String eventKey = firstNonBlank(header(request, "Event-Id"), header(request, "Webhook-Id"), sha256(body));
        String correlationId = firstNonBlank(request.getHeader(Headers.HTTP_CORRELATION_ID), UUID.randomUUID().toString());
        MDC.put("correlationId", correlationId);
        try {
            intake.enqueue("shopify", shop == null ? "unknown-shop" : shop, eventKey, topic,
                    new String(body, StandardCharsets.UTF_8), correlationId);
        } catch (CamelExecutionException e) {
            LOG.error("Shopify webhook {} could not be queued: {}", eventKey, e.getCause() == null ? e : e.getCause().toString());
            return answer(HttpStatus.SERVICE_UNAVAILABLE, "not stored, please retry");
        } finally {
            MDC.remove("correlationId");
        }
        return ResponseEntity.ok()
                .header(Headers.HTTP_CORRELATION_ID, correlationId)
                .body(Map.of("status", "accepted", "correlationId", correlationId));
    }

    /** Shopify sends X-Shopify-* headers; newer deliveries may drop the prefix. Lookup ignores case. */
    private static String header(HttpServletRequest request, String name) {
        String v = request.getHeader("X-Shopify-" + name);
        return v != null ? v : request.getHeader("Shopify-" + name);
    }

    private static ResponseEntity<Map<String, String>> answer(HttpStatus status, String reason) {
        return WebhookRequests.reject(status, reason);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String sha256(byte[] body) {
        try {
            return "sha256:" + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
