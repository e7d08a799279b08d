package io.railhead.channel.walmart;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The wait Walmart's throttling headers ask for, and the URL built from a verbatim cursor. */
class WalmartThrottleTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static Function<String, Optional<String>> headers(Map<String, String> h) {
        return name -> h.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst();
    }

    @Test
    void retryAfterSecondsOrHttpDateWins() {
        assertThat(WalmartThrottle.requestedWait(headers(Map.of("Retry-After", "7",
                "x-next-replenish-time", String.valueOf(NOW.plusSeconds(30).toEpochMilli()))), NOW))
                .contains(Duration.ofSeconds(7));
        assertThat(WalmartThrottle.requestedWait(headers(Map.of("Retry-After", "Mon, 23 Nov 2026 10:00:12 GMT")), NOW))
                .contains(Duration.ofSeconds(12));
    }

    @Test
    void replenishTimeInEpochMillisSecondsOrIso() {
        assertThat(WalmartThrottle.requestedWait(headers(Map.of("x-next-replenish-time",
                String.valueOf(NOW.plusMillis(2500).toEpochMilli()))), NOW)).contains(Duration.ofMillis(2500));
        assertThat(WalmartThrottle.requestedWait(headers(Map.of("X-Next-Replenishment-Time",
                String.valueOf(NOW.plusSeconds(4).getEpochSecond()))), NOW)).contains(Duration.ofSeconds(4));
        assertThat(WalmartThrottle.requestedWait(headers(Map.of("x-next-replenish-time", "2026-11-23T10:00:03Z")), NOW))
                .contains(Duration.ofSeconds(3));
    }

    @Test
    void withoutHeadersNoWaitIsAsked_anAbsurdWaitIsCapped() {
        assertThat(WalmartThrottle.requestedWait(headers(Map.of()), NOW)).isEmpty();
        assertThat(WalmartThrottle.requestedWait(headers(Map.of("Retry-After", "86400")), NOW))
                .contains(WalmartThrottle.MAX_WAIT);
    }

    @Test
    void emptyWindowAfterSuccess_pauseUntilReplenished() {
        assertThat(WalmartThrottle.exhaustedWindow(headers(Map.of("x-current-token-count", "0",
                "x-next-replenish-time", String.valueOf(NOW.plusSeconds(5).toEpochMilli()))), NOW))
                .contains(Duration.ofSeconds(5));
        assertThat(WalmartThrottle.exhaustedWindow(headers(Map.of("x-current-token-count", "12")), NOW)).isEmpty();
        assertThat(WalmartThrottle.exhaustedWindow(headers(Map.of()), NOW)).isEmpty();
    }

    @Test
    void cursorIsSentVerbatim_onlyCharactersIllegalInAUriAreEscaped() {
        String cursor = "?limit=2&hasMoreElements=true&soIndex=4&poIndex=2&partnerId=100009&sellerId=8"
                + "&createdStartDate=2026-11-16&createdEndDate=2026-11-23T10:41:15.701Z&token=a%2Bb+c/d=";
        assertThat(WalmartApiClient.uri("http://127.0.0.1:1", "/v3/orders/released" + cursor).toString())
                .isEqualTo("http://127.0.0.1:1/v3/orders/released" + cursor);
        assertThat(WalmartApiClient.uri("http://127.0.0.1:1", "/v3/orders?x=a b|c").getRawQuery())
                .isEqualTo("x=a%20b%7Cc");
    }

    @Test
    void nextPageUsesTheCursorForTheSameResource() {
        assertThat(WalmartPoller.nextPage("/v3/orders/released",
                WalmartOrders.JSON.getNodeFactory().textNode("?limit=10&soIndex=10"))).isEqualTo("/v3/orders/released?limit=10&soIndex=10");
        assertThat(WalmartPoller.nextPage("/v3/orders", WalmartOrders.JSON.getNodeFactory().textNode("limit=10")))
                .isEqualTo("/v3/orders?limit=10");
        assertThat(WalmartPoller.nextPage("/v3/orders", WalmartOrders.JSON.getNodeFactory().nullNode())).isNull();
        assertThat(WalmartPoller.nextPage("/v3/orders", WalmartOrders.JSON.getNodeFactory().textNode(""))).isNull();
    }
}
