package io.railhead.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one Retry-After reader of the ERP delivery and the channel clients. */
class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void secondsDecimalSecondsAndHttpDates() {
        assertThat(RetryAfter.parse("7", NOW)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("2.0", NOW)).contains(Duration.ofSeconds(2));
        assertThat(RetryAfter.parse("0.5", NOW)).contains(Duration.ofMillis(500));
        assertThat(RetryAfter.parse("Mon, 23 Nov 2026 10:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
    }

    @Test
    void neverNegative_andUnknownIsEmpty() {
        assertThat(RetryAfter.parse("-3", NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("Mon, 23 Nov 2026 09:00:00 GMT", NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    }
}
