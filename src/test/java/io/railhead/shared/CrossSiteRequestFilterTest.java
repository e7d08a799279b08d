package io.railhead.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Which browser origins count as the hub's own, the way {@link CrossSiteRequestFilter} compares them. */
class CrossSiteRequestFilterTest {

    private final CrossSiteRequestFilter filter = new CrossSiteRequestFilter(request -> false, request -> false,
            List.of("https://Hub.Example.com/"));

    private static MockHttpServletRequest post(String scheme, String host, int port) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/orders/x/cancel");
        request.setScheme(scheme);
        request.setServerName(host);
        request.setServerPort(port);
        return request;
    }

    private String refusal(MockHttpServletRequest request, String header, String value) {
        request.addHeader(header, value);
        return filter.refusal(request);
    }

    @Test
    void theRequestsOwnOriginAndListedOnesPass_withDefaultPortsWrittenOrNot() {
        assertThat(refusal(post("http", "127.0.0.1", 8080), "Origin", "http://127.0.0.1:8080")).isNull();
        assertThat(refusal(post("http", "hub.local", 80), "Origin", "HTTP://Hub.Local")).isNull();
        assertThat(refusal(post("http", "10.0.0.5", 8080), "Origin", "https://hub.example.com")).isNull();
        assertThat(refusal(post("http", "10.0.0.5", 8080), "Origin", "https://hub.example.com:443")).isNull();
        assertThat(refusal(post("http", "10.0.0.5", 8080), "Sec-Fetch-Site", "same-origin")).isNull();
        assertThat(filter.refusal(post("http", "10.0.0.5", 8080))).isNull();
    }

    @Test
    void anotherPortSchemeOrHostAndBrowserCrossSiteSignalsAreRefused() {
        assertThat(refusal(post("http", "127.0.0.1", 8080), "Origin", "http://127.0.0.1:8081")).contains("Origin");
        assertThat(refusal(post("http", "127.0.0.1", 8080), "Origin", "https://127.0.0.1:8080")).isNotNull();
        assertThat(refusal(post("http", "127.0.0.1", 8080), "Origin", "http://localhost:8080")).isNotNull();
        assertThat(refusal(post("http", "127.0.0.1", 8080), "Origin", "null")).isNotNull();
        assertThat(refusal(post("http", "127.0.0.1", 8080), "Origin", "http://hub.example.com.attacker.example")).isNotNull();
        assertThat(refusal(post("http", "127.0.0.1", 8080), "Sec-Fetch-Site", "cross-site")).contains("Sec-Fetch-Site");
        assertThat(refusal(post("http", "127.0.0.1", 8080), "Sec-Fetch-Site", "same-site")).isNotNull();
    }
}
