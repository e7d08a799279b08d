package io.railhead.bench;

import java.util.Arrays;
import java.util.Locale;

/** Nearest-rank percentiles over a set of nanosecond samples. */
final class Stats {
    private final long[] sorted;

    Stats(long[] samples) {
        this.sorted = samples.clone();
        Arrays.sort(this.sorted);
    }

    int count() {
        return sorted.length;
    }

    /** p in (0,100]; nearest-rank; NaN-free: returns -1 when empty. */
    long pct(double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    long max() {
        return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
    }

    static String ms(long nanos) {
        return nanos < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }
}
