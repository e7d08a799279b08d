package io.railhead.channel.shopify;

import io.railhead.channel.ChannelIntake;
import io.railhead.channel.WebhookRequests;
import io.railhead.channel.WebhookSignature;
import io.railhead.shared.Headers;
import io.railhead.shared.Sha256;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
    /** Longest event or webhook id taken (Shopify's are UUIDs); the event key column holds 255. */
    private static final int MAX_ID = 128;
    private static final int MAX_TOPIC = 64;
    private static final Pattern SHOP_DOMAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,254}");
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
        if (!WebhookSignature.verify(body, header(request, "Hmac-Sha256"), properties.webhookSecret())) {
            LOG.warn("Shopify webhook rejected: missing or invalid signature");
            return answer(HttpStatus.UNAUTHORIZED, "missing or invalid X-Shopify-Hmac-Sha256");
        }
        String topic = header(request, "Topic");
        if (topic == null || !topic.startsWith("orders/") || topic.length() > MAX_TOPIC) {
            return answer(HttpStatus.BAD_REQUEST, "unsupported topic " + (topic == null ? null
                    : topic.substring(0, Math.min(topic.length(), MAX_TOPIC))));
        }
        Optional<String> badHeader = Stream.of(prefixed(request, "Event-Id"), prefixed(request, "Webhook-Id"))
                .map(name -> WebhookRequests.badId(request, name, MAX_ID)).flatMap(Optional::stream).findFirst()
                .or(() -> WebhookRequests.badId(request, Headers.HTTP_CORRELATION_ID, WebhookRequests.MAX_CORRELATION_ID));
        if (badHeader.isPresent()) {
            return answer(HttpStatus.BAD_REQUEST, badHeader.get());
        }
        String shopHeader = header(request, "Shop-Domain");
        if (shopHeader != null && !SHOP_DOMAIN.matcher(shopHeader).matches()) {
            return answer(HttpStatus.BAD_REQUEST, "X-Shopify-Shop-Domain is not a shop domain");
        }
        Optional<String> shop = properties.accountFor(shopHeader);
        if (shop.isEmpty()) {
            LOG.warn("Shopify webhook refused: shop {} is not configured", shopHeader);
            return answer(HttpStatus.UNAUTHORIZED, shopHeader == null ? "X-Shopify-Shop-Domain is missing"
                    : "shop " + shopHeader + " is not configured here (railhead.channels.shopify.shop-domain(s))");
        }
        String digest = Sha256.hex(body);
        // What makes a delivery unique at Shopify: its event (or webhook) id and topic; the payload's digest
        // tells a retry of it (same payload) from another payload sent under the same id (a conflict, held).
        String eventKey = firstNonBlank(header(request, "Event-Id"), header(request, "Webhook-Id"), "sha256:" + digest)
                + "|" + topic;
        String correlationId = firstNonBlank(request.getHeader(Headers.HTTP_CORRELATION_ID), UUID.randomUUID().toString());
        MDC.put("correlationId", correlationId);
        try {
            intake.enqueue("shopify", shop.get(), eventKey, topic, new String(body, StandardCharsets.UTF_8),
                    correlationId, Map.of(Headers.PAYLOAD_DIGEST, digest));
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
        return request.getHeader(prefixed(request, name));
    }

    /** The header's name as this delivery spells it: with the {@code X-} prefix unless only the short one is there. */
    private static String prefixed(HttpServletRequest request, String name) {
        return request.getHeader("X-Shopify-" + name) == null && request.getHeader("Shopify-" + name) != null
                ? "Shopify-" + name : "X-Shopify-" + name;
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
}
