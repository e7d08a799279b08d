package io.railhead.endpoint.erp;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where and how orders (and returns) are delivered to the ERP ({@code railhead.endpoints.erp.*}). Credentials
 * (basic {@code username}/{@code password} or a {@code bearer-token}) come from the environment,
 * e.g. {@code RAILHEAD_ENDPOINTS_ERP_BEARER_TOKEN}, and are never logged. The timeouts are read by
 * the {@code order-send-erp} route (a connect or read timeout is a transient failure, retried).
 */
@ConfigurationProperties("railhead.endpoints.erp")
public record ErpProperties(
        String url,
        String cancelUrl,
        String returnsUrl,
        String username,
        String password,
        String bearerToken,
        long connectTimeoutMillis,
        long readTimeoutMillis) {

    /** The cancel call's URL: {@code cancel-url} with {orderId} replaced, or {url}/{orderId}/cancel. */
    public String cancelUrlFor(String orderId) {
        String template = cancelUrl != null && !cancelUrl.isBlank() ? cancelUrl : stripSlash(url) + "/{orderId}/cancel";
        return template.replace("{orderId}", orderId);
    }

    /** The returns call's URL: {@code returns-url} with {orderId} replaced, or {url}/{orderId}/returns. */
    public String returnsUrlFor(String orderId) {
        String template = returnsUrl != null && !returnsUrl.isBlank() ? returnsUrl : stripSlash(url) + "/{orderId}/returns";
        return template.replace("{orderId}", orderId);
    }

    private static String stripSlash(String s) {
        return s != null && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
