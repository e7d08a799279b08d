package io.railhead.fulfillment;

import io.railhead.shared.Headers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The HTTP request that carries a fulfillment request to its node: POSTed as JSON to the node's endpoint with
 * the fulfillment id as {@code Idempotency-Key} (a repeat is the same request to the node), the correlation id,
 * and the node's credentials as its endpoint says ({@code bearer}, {@code basic}, {@code header} or none); and
 * the cancel call of such a request, to {@code <endpoint>/<fulfillmentId>/cancel} keyed {@code <fulfillmentId>:cancel}.
 * No Camel types: tested on its own.
 */
final class NodeCall {

    private NodeCall() {
    }

    static HttpRequest build(FulfillmentNode node, String fulfillmentId, String correlationId, String body,
                             Duration timeout) {
        return build(node, URI.create(node.endpoint().url()), fulfillmentId, correlationId, body, timeout);
    }

    /** The cancel call for a request: POSTed to {@code <endpoint>/<fulfillmentId>/cancel}. */
    static HttpRequest cancel(FulfillmentNode node, String fulfillmentId, String correlationId, String body,
                              Duration timeout) {
        String base = node.endpoint().url().replaceAll("/+$", "");
        URI uri = URI.create(base + "/" + java.net.URLEncoder.encode(fulfillmentId, StandardCharsets.UTF_8)
                .replace("%7E", "~").replace("+", "%20") + "/cancel");
        return build(node, uri, fulfillmentId + ":cancel", correlationId, body, timeout);
    }

    private static HttpRequest build(FulfillmentNode node, URI uri, String idempotencyKey, String correlationId,
                                     String body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (correlationId != null) {
            b.header(Headers.HTTP_CORRELATION_ID, correlationId);
        }
        auth(node.endpoint()).ifPresent(h -> b.header(h.name(), h.value()));
        return b.build();
    }

    /** One header and its value (a credential: never logged). */
    record Header(String name, String value) {
        @Override
        public String toString() {
            return "Header[" + name + "]";
        }
    }

    /** The credential header of the endpoint; empty for {@code none}. */
    static Optional<Header> auth(FulfillmentNode.Endpoint e) {
        return switch (e.authType() == null ? "none" : e.authType()) {
            case "bearer" -> Optional.of(new Header("Authorization", "Bearer " + e.token()));
            case "basic" -> Optional.of(new Header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (e.username() + ":" + e.password()).getBytes(StandardCharsets.UTF_8))));
            case "header" -> Optional.of(new Header(e.header(), e.token()));
            case "none" -> Optional.empty();
            default -> throw new IllegalArgumentException("unknown auth type " + e.authType());
        };
    }
}
