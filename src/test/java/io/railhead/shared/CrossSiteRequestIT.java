package io.railhead.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.channel.WebhookSignature;
import io.railhead.support.BrowserSession;
import io.railhead.support.HubIT;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What another web site can make an operator's browser do to the hub: nothing that changes state.
 * A form-login session needs the CSRF token (Hawtio reads it from the {@code XSRF-TOKEN} cookie and
 * sends it in {@code X-XSRF-TOKEN}), a foreign {@code Origin} is refused whatever the credential,
 * the session cookie is {@code SameSite=Strict}. API clients with Basic auth and signed webhooks
 * keep working without tokens.
 */
class CrossSiteRequestIT extends HubIT {

    private static final String EVIL = "http://attacker.example";
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
            (OPS_USER + ":" + OPS_PASSWORD).getBytes(StandardCharsets.UTF_8));

    private BrowserSession loggedIn() {
        BrowserSession browser = new BrowserSession(this::uri);
        HttpResponse<String> login = browser.login(OPS_USER, OPS_PASSWORD);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return browser;
    }

    /** A held order (payment pending) to try to cancel; its hub order id. */
    private String heldOrder() {
        ObjectNode order = shopifyOrder();
        order.put("financial_status", "pending");
        postShopify(order, "orders/create");
        return awaitStatus(id(order), "ON_HOLD").get("orderId").asText();
    }

    private String statusOf(String orderId) {
        return json(ops("GET", "/api/orders/" + orderId)).get("status").asText();
    }

    private static HttpResponse<String> call(HttpRequest.Builder request) {
        return send(request.build());
    }

    private static HttpRequest.Builder formPost(HttpRequest.Builder request) {
        return request.header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("why=x"));
    }

    @Test
    void aFormPostCarryingOnlyTheSessionCookieCannotCancel() {
        BrowserSession browser = loggedIn();
        String orderId = heldOrder();
        assertThat(browser.send(browser.request("/api/orders/" + orderId)).statusCode()).isEqualTo(200);

        HttpResponse<String> sameSite = browser.send(formPost(browser.request("/api/orders/" + orderId + "/cancel")));
        HttpResponse<String> crossSite = browser.send(formPost(browser.request("/api/orders/" + orderId + "/cancel")
                .header("Origin", EVIL).header("Referer", EVIL + "/")));

        assertThat(sameSite.statusCode()).isEqualTo(403);
        assertThat(json(sameSite).get("reason").asText()).contains("CSRF token");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(json(crossSite).get("reason").asText()).contains("Origin " + EVIL);
        assertThat(statusOf(orderId)).isEqualTo("ON_HOLD");
    }

    @Test
    void basicAuthClientsNeedNoToken_butAForeignOriginIsRefusedWhateverTheCredential() {
        String refused = heldOrder();
        HttpResponse<String> foreign = call(HttpRequest.newBuilder(uri("/api/orders/" + refused + "/cancel"))
                .header("Authorization", BASIC).header("Origin", EVIL).POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> fromAnotherSite = call(HttpRequest.newBuilder(uri("/api/orders/" + refused + "/cancel"))
                .header("Authorization", BASIC).header("Sec-Fetch-Site", "cross-site").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(json(foreign).get("status").asText()).isEqualTo("rejected");
        assertThat(fromAnotherSite.statusCode()).isEqualTo(403);
        assertThat(statusOf(refused)).isEqualTo("ON_HOLD");

        String curl = heldOrder();
        assertThat(ops("POST", "/api/orders/" + curl + "/cancel").statusCode()).isEqualTo(200);
        assertThat(statusOf(curl)).isEqualTo("CANCELLED");

        String ownOrigin = heldOrder();
        assertThat(call(HttpRequest.newBuilder(uri("/api/orders/" + ownOrigin + "/cancel")).header("Authorization", BASIC)
                .header("Origin", "http://127.0.0.1:" + port).header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);

        String allowed = heldOrder();
        assertThat(call(HttpRequest.newBuilder(uri("/api/orders/" + allowed + "/cancel")).header("Authorization", BASIC)
                .header("Origin", "https://console.example.test").POST(HttpRequest.BodyPublishers.noBody())).statusCode())
                .isEqualTo(200);

        // Webhooks are signed by servers, not sent by browsers: no Origin check.
        ObjectNode order = shopifyOrder();
        byte[] body = order.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(call(HttpRequest.newBuilder(uri("/webhooks/shopify/orders")).header("Origin", EVIL)
                .header("Content-Type", "application/json").header("X-Shopify-Topic", "orders/create")
                .header("X-Shopify-Shop-Domain", "test-shop.myshopify.com").header("X-Shopify-Webhook-Id", "wh-origin-" + id(order))
                .header("X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(WebhookSignature.sign(body, SECRET)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))).statusCode()).isEqualTo(200);
    }

    @Test
    void hawtioSendsTheTokenFromItsCookie_andJolokiaAcceptsThePostOnlyWithIt() {
        BrowserSession browser = loggedIn();
        assertThat(browser.send(browser.request("/actuator/hawtio/")).statusCode()).isLessThan(400);
        String token = browser.cookie("XSRF-TOKEN");
        assertThat(token).as("XSRF-TOKEN cookie for Hawtio's front end").isNotBlank();

        String version = "{\"type\":\"version\"}";
        HttpResponse<String> withToken = browser.send(browser.request("/actuator/jolokia")
                .header("Content-Type", "text/plain").header("X-XSRF-TOKEN", token)
                .header("Origin", "http://127.0.0.1:" + port).POST(HttpRequest.BodyPublishers.ofString(version)));
        HttpResponse<String> withoutToken = browser.send(browser.request("/actuator/jolokia")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(version)));

        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(json(withToken).path("value").path("agent").asText()).isNotBlank();
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(json(withoutToken).get("reason").asText()).contains("CSRF token");
    }

    @Test
    void jolokiaGivesAForeignOriginNoCredentialedCors() {
        for (String method : List.of("POST", "GET")) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(method.equals("GET") ? "/actuator/jolokia/version" : "/actuator/jolokia"))
                    .header("Authorization", BASIC).header("Origin", EVIL).header("Content-Type", "text/plain");
            HttpResponse<String> answer = call(method.equals("GET") ? request.GET()
                    : request.POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"version\"}")));
            assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).as(method).isEmpty();
            assertThat(answer.headers().firstValue("Access-Control-Allow-Credentials")).as(method).isEmpty();
            assertThat(answer.statusCode()).as(method).isEqualTo(403);
        }
    }

    @Test
    void theSessionCookieIsStrictAndHttpOnly() {
        HttpResponse<String> login = new BrowserSession(this::uri).login(OPS_USER, OPS_PASSWORD);
        List<String> cookies = login.headers().allValues("Set-Cookie");
        String session = cookies.stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
        assertThat(session).containsIgnoringCase("SameSite=Strict").containsIgnoringCase("HttpOnly");
        assertThat(cookies).filteredOn(c -> c.startsWith("XSRF-TOKEN=") && !c.startsWith("XSRF-TOKEN=;"))
                .allSatisfy(c -> assertThat(c).containsIgnoringCase("SameSite=Strict").doesNotContainIgnoringCase("HttpOnly"));
    }
}
