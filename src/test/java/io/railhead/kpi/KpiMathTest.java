package io.railhead.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The definitions' arithmetic: nearest-rank percentiles, absent ratios, on-time in the node's zone. */
class KpiMathTest {

    @Test
    void percentileIsTheNearestRank_ofTheSortedValues() {
        List<Double> ten = List.of(10.0, 1.0, 9.0, 2.0, 8.0, 3.0, 7.0, 4.0, 6.0, 5.0);
        assertThat(KpiMath.percentile(ten, 50)).isEqualTo(5.0);   // rank ceil(5) = 5
        assertThat(KpiMath.percentile(ten, 90)).isEqualTo(9.0);   // rank ceil(9) = 9
        assertThat(KpiMath.percentile(ten, 100)).isEqualTo(10.0);
        assertThat(KpiMath.percentile(ten, 1)).isEqualTo(1.0);    // rank ceil(0.1) = 1
        List<Double> three = List.of(30.0, 10.0, 20.0);
        assertThat(KpiMath.percentile(three, 50)).isEqualTo(20.0); // rank ceil(1.5) = 2
        assertThat(KpiMath.percentile(three, 90)).isEqualTo(30.0); // rank ceil(2.7) = 3
        assertThat(KpiMath.percentile(List.of(4.0), 90)).isEqualTo(4.0);
    }

    @Test
    void percentileOfNothingIsAbsent_andOutsideZeroToHundredIsRefused() {
        assertThat(KpiMath.percentile(List.of(), 50)).isNull();
        assertThatThrownBy(() -> KpiMath.percentile(List.of(1.0), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KpiMath.percentile(List.of(1.0), 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rateIsRoundedToFourDecimals_andAbsentWithoutADenominator() {
        assertThat(KpiMath.rate(3, 4)).isEqualTo(0.75);
        assertThat(KpiMath.rate(4, 6)).isEqualTo(0.6667);
        assertThat(KpiMath.rate(1, 3)).isEqualTo(0.3333);
        assertThat(KpiMath.rate(0, 5)).isEqualTo(0.0);
        assertThat(KpiMath.rate(0, 0)).isNull();
    }

    @Test
    void secondsAreCountedToTheMillisecond() {
        Instant a = Instant.parse("2026-12-01T10:00:00.000100Z");
        assertThat(KpiMath.seconds(a, Instant.parse("2026-12-01T10:01:30.250900Z"))).isEqualTo(90.250);
    }

    @Test
    void aShipmentIsOnTimeWhenItsDateInTheNodesZoneIsNotAfterThePromise() {
        LocalDate promised = LocalDate.parse("2026-12-01");
        ZoneId newYork = ZoneId.of("America/New_York");
        // 2026-12-02T03:00Z is still 1 December in New York, already 2 December in UTC.
        Instant lateUtcNight = Instant.parse("2026-12-02T03:00:00Z");
        assertThat(KpiMath.onTime(lateUtcNight, newYork, promised)).isTrue();
        assertThat(KpiMath.onTime(lateUtcNight, ZoneOffset.UTC, promised)).isFalse();
        assertThat(KpiMath.onTime(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC, promised)).isTrue();
        assertThat(KpiMath.onTime(Instant.parse("2026-12-01T23:59:59Z"), ZoneOffset.UTC, promised)).isTrue();
    }
}
