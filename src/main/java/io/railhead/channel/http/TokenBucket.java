package io.railhead.channel.http;

import java.time.Clock;
import java.time.Duration;

/**
 * Paces calls to a rate-limited API operation the way the API meters them: a bucket of
 * {@code burst} tokens refilled at {@code ratePerSecond}. {@link #acquire()} waits (never spins)
 * until a token is free; {@link #pauseFor(Duration)} empties the bucket after a 429 so nothing is
 * sent before the API's wait has passed; {@link #setRate(double)} follows a rate the API reports
 * (e.g. {@code x-amzn-RateLimit-Limit}).
 */
public class TokenBucket {

    private final Clock clock;
    private final double burst;
    private double ratePerSecond;
    private double tokens;
    private long lastRefillNanos;
    private long blockedUntilMillis;

    public TokenBucket(double ratePerSecond, int burst) {
        this(ratePerSecond, burst, Clock.systemUTC());
    }

    TokenBucket(double ratePerSecond, int burst, Clock clock) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        }
        this.clock = clock;
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastRefillNanos = System.nanoTime();
    }

    /** Takes one token, waiting as long as the rate requires. */
    public void acquire() throws InterruptedException {
        while (true) {
            long waitMillis;
            synchronized (this) {
                refill();
                long blocked = blockedUntilMillis - clock.millis();
                if (blocked <= 0 && tokens >= 1) {
                    tokens -= 1;
                    return;
                }
                long refillWait = (long) Math.ceil((1 - tokens) / ratePerSecond * 1000);
                waitMillis = Math.max(Math.max(blocked, refillWait), 1);
            }
            Thread.sleep(waitMillis);
        }
    }

    /** After a throttling answer: no call before {@code wait} has passed, and the burst starts over empty. */
    public synchronized void pauseFor(Duration wait) {
        tokens = 0;
        lastRefillNanos = System.nanoTime();
        blockedUntilMillis = Math.max(blockedUntilMillis, clock.millis() + wait.toMillis());
    }

    /** Follows the rate the API says applies now. */
    public synchronized void setRate(double ratePerSecond) {
        if (ratePerSecond > 0) {
            refill();
            this.ratePerSecond = ratePerSecond;
        }
    }

    public synchronized double rate() {
        return ratePerSecond;
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - lastRefillNanos) / 1e9 * ratePerSecond);
        lastRefillNanos = now;
    }
}
