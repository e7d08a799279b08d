package io.railhead.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The KPI window: defaults, and every bad window refused with its reason. */
class KpiWindowTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);
    private static final Duration MAX = Duration.ofDays(31);

    @Test
    void withoutFromOrTo_theDefaultWindowEndingNow() {
        assertThat(KpiWindow.of(null, "", NOW, DAY, MAX))
                .isEqualTo(new KpiWindow(Instant.parse("2026-12-03T12:00:00Z"), NOW));
        assertThat(KpiWindow.of(null, "2026-12-01T00:00:00Z", NOW, DAY, MAX))
                .isEqualTo(new KpiWindow(Instant.parse("2026-11-30T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z")));
        assertThat(KpiWindow.of("2026-12-04T00:00:00Z", null, NOW, DAY, MAX))
                .isEqualTo(new KpiWindow(Instant.parse("2026-12-04T00:00:00Z"), NOW));
    }

    @Test
    void exactlyTheLongestWindowIsAllowed() {
        assertThat(KpiWindow.of("2026-11-01T00:00:00Z", "2026-12-02T00:00:00Z", NOW, DAY, MAX).from())
                .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void badWindowsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> KpiWindow.of("2026-12-02T00:00:00Z", "2026-12-02T00:00:00Z", NOW, DAY, MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be before to");
        assertThatThrownBy(() -> KpiWindow.of("2026-12-03T00:00:00Z", "2026-12-02T00:00:00Z", NOW, DAY, MAX))
                .hasMessageContaining("must be before to");
        assertThatThrownBy(() -> KpiWindow.of("yesterday", null, NOW, DAY, MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from is not an ISO-8601 instant");
        assertThatThrownBy(() -> KpiWindow.of(null, "2026-12-02", NOW, DAY, MAX))
                .hasMessageContaining("to is not an ISO-8601 instant");
        assertThatThrownBy(() -> KpiWindow.of("2026-10-01T00:00:00Z", "2026-12-02T00:00:00Z", NOW, DAY, MAX))
                .hasMessageContaining("longer than 31 days");
    }
}
