package io.railhead.channel.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.railhead.shared.RetryAfter;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a channel adapter calls its channel's API, per account: credentials on every call
 * ({@link ChannelAuth}, renewed once when refused), a timeout, a token bucket per operation, and
 * one classification of failures. Timeouts, broken connections, 408, 429 (or whatever the
 * channel's {@link ChannelThrottle} calls throttled) and 5xx are transient: the call waits what
 * the channel asked for ({@code Retry-After} in seconds or as an HTTP date, then the channel's own
 * headers, else a doubling back-off from the operation's pace; at most {@link #MAX_WAIT}) and is
 * repeated, up to {@code maxAttempts} (3 for timeouts and broken connections); any other answer goes back to the adapter, which knows what
 * a 404 means for it. Every call is timed in {@code railhead.channel.calls} by channel, operation
 * and outcome (success, client-error, unauthorized, throttled, server-error, io-error).
 */
public final class ChannelHttp {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelHttp.class);
    private static final HttpClient SHARED = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    public static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    /** A host that cannot be reached is rarely back within seconds: the next poll or redelivery tries again. */
    private static final int MAX_IO_ATTEMPTS = 3;

    private final String channel;
    private final String account;
    private final MeterRegistry metrics;
    private final ChannelAuth auth;
    private final ChannelThrottle throttle;
    private final Duration timeout;
    private final int maxAttempts;
    private final HttpClient client;
    private final Map<String, TokenBucket> buckets;

    private ChannelHttp(Builder b) {
        this.channel = b.channel;
        this.account = b.account;
        this.metrics = b.metrics;
        this.auth = b.auth;
        this.throttle = b.throttle;
        this.timeout = b.timeout;
        this.maxAttempts = b.maxAttempts;
        this.client = b.client;
        this.buckets = Map.copyOf(b.buckets);
    }

    /** A client of one account of {@code channel}; {@code account} names it in logs, never a secret. */
    public static Builder builder(String channel, String account, MeterRegistry metrics) {
        return new Builder(channel, account, metrics);
    }

    /** A signed call, repeated while it fails transiently. */
    public ChannelAnswer send(String operation, Supplier<HttpRequest.Builder> request)
            throws IOException, InterruptedException {
        return call(operation, request, true, true);
    }

    /** A call without the account's credentials (a token endpoint), repeated while it fails transiently. */
    public ChannelAnswer sendUnsigned(String operation, Supplier<HttpRequest.Builder> request)
            throws IOException, InterruptedException {
        return call(operation, request, false, true);
    }

    /**
     * One signed attempt, for calls a durable queue repeats: whatever the answer, it goes back to
     * the caller (a refused token is dropped first, a throttled answer pauses the operation).
     */
    public ChannelAnswer sendOnce(String operation, Supplier<HttpRequest.Builder> request)
            throws IOException, InterruptedException {
        return call(operation, request, true, false);
    }

    /** The wait the answer asks for: {@code Retry-After}, else the channel's own headers; capped. */
    public Optional<Duration> requestedWait(ChannelAnswer answer) {
        Instant now = Instant.now();
        return answer.header("Retry-After").flatMap(v -> RetryAfter.parse(v, now))
                .or(() -> throttle.requestedWait(answer, now)).map(ChannelHttp::cap);
    }

    /** Throws a classified {@link ChannelCallException} unless the answer is a 2xx. */
    public ChannelAnswer requireOk(String operation, ChannelAnswer answer) throws ChannelCallException {
        if (!answer.ok()) {
            throw new ChannelCallException(describe(operation) + " answered " + answer.status(), answer.status(),
                    answer.status() == 401 || answer.status() == 403 ? false : transientStatus(answer),
                    requestedWait(answer).orElse(null), null);
        }
        return answer;
    }

    private ChannelAnswer call(String operation, Supplier<HttpRequest.Builder> request, boolean signed, boolean retry)
            throws IOException, InterruptedException {
        TokenBucket bucket = bucket(operation);
        boolean reauthenticated = false;
        for (int attempt = 1; ; attempt++) {
            bucket.acquire();
            HttpRequest.Builder builder = request.get().timeout(timeout);
            if (signed) {
                auth.sign(builder);
            }
            HttpRequest sent = builder.build();
            long start = System.nanoTime();
            ChannelAnswer answer;
            try {
                HttpResponse<String> response = client.send(sent, HttpResponse.BodyHandlers.ofString());
                answer = new ChannelAnswer(response.statusCode(), response.headers(), response.body(), sent.headers());
            } catch (IOException e) {
                // A timeout, a refused or broken connection: transient, with no answer to read a wait from.
                record(operation, "io-error", start);
                if (!retry || attempt >= Math.min(maxAttempts, MAX_IO_ATTEMPTS)) {
                    throw new ChannelCallException(describe(operation) + " failed after " + attempt + " attempt(s): "
                            + e, 0, true, null, e);
                }
                pause(bucket, operation, "failed (" + e.getClass().getSimpleName() + ")", backoff(bucket, attempt));
                continue;
            }
            Instant now = Instant.now();
            throttle.observe(answer, bucket, now);
            boolean throttled = throttle.throttled(answer);
            int status = answer.status();
            if (!throttled && (status == 401 || status == 403) && signed) {
                record(operation, "unauthorized", start);
                boolean renewed = auth.refused();
                if (retry && renewed && !reauthenticated) {
                    reauthenticated = true;
                    continue;
                }
                return answer;
            }
            if (!throttled && !transientStatus(answer)) {
                record(operation, answer.ok() ? "success" : "client-error", start);
                return answer;
            }
            record(operation, throttled ? "throttled" : "server-error", start);
            Optional<Duration> asked = requestedWait(answer);
            if (!retry) {
                if (throttled) {
                    bucket.pauseFor(asked.orElseGet(() -> backoff(bucket, 1)));
                }
                return answer;
            }
            if (attempt >= maxAttempts) {
                throw new ChannelCallException(describe(operation) + " answered " + status + " " + attempt
                        + " time(s)", status, true, asked.orElse(null), null);
            }
            int failures = attempt;
            pause(bucket, operation, "answered " + status, asked.orElseGet(() -> backoff(bucket, failures)));
        }
    }

    private static boolean transientStatus(ChannelAnswer answer) {
        return answer.status() == 408 || answer.status() == 429 || answer.status() >= 500;
    }

    private void pause(TokenBucket bucket, String operation, String what, Duration wait) {
        LOG.warn("{} {}; next call in {} ms", describe(operation), what, wait.toMillis());
        bucket.pauseFor(wait);
    }

    /** One call's time at the operation's pace, doubled for each repeated failure. */
    private static Duration backoff(TokenBucket bucket, int attempt) {
        double base = Math.max(FIRST_BACKOFF.toMillis(), 1000 / bucket.rate());
        return cap(Duration.ofMillis((long) Math.ceil(base * Math.pow(2, Math.min(attempt - 1, 16)))));
    }

    private static Duration cap(Duration wait) {
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    private TokenBucket bucket(String operation) {
        TokenBucket bucket = buckets.get(operation);
        if (bucket == null) {
            throw new IllegalArgumentException(channel + " has no operation '" + operation + "' (declared: "
                    + buckets.keySet() + ")");
        }
        return bucket;
    }

    private void record(String operation, String outcome, long startNanos) {
        Timer.builder("railhead.channel.calls").tag("channel", channel).tag("operation", operation)
                .tag("outcome", outcome).register(metrics).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    private String describe(String operation) {
        return channel + " " + operation + " for " + account;
    }

    /** The settings of one account's client; operations are declared with their pace. */
    public static final class Builder {

        private final String channel;
        private final String account;
        private final MeterRegistry metrics;
        private final Map<String, TokenBucket> buckets = new HashMap<>();
        private ChannelAuth auth = ChannelAuth.none();
        private ChannelThrottle throttle = ChannelThrottle.STANDARD;
        private Duration timeout = Duration.ofSeconds(30);
        private int maxAttempts = 6;
        private HttpClient client = SHARED;

        private Builder(String channel, String account, MeterRegistry metrics) {
            this.channel = channel;
            this.account = account;
            this.metrics = metrics;
        }

        public Builder auth(ChannelAuth auth) {
            this.auth = auth;
            return this;
        }

        public Builder throttle(ChannelThrottle throttle) {
            this.throttle = throttle;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** For tests that need their own connection settings. */
        public Builder client(HttpClient client) {
            this.client = client;
            return this;
        }

        /** Operations that share one pace (the channel meters them together): one bucket for all of them. */
        public Builder operations(double callsPerSecond, int burst, String... names) {
            TokenBucket bucket = new TokenBucket(callsPerSecond, burst);
            for (String name : names) {
                buckets.put(name, bucket);
            }
            return this;
        }

        public ChannelHttp build() {
            if (buckets.isEmpty()) {
                throw new IllegalStateException(channel + ": declare at least one operation");
            }
            return new ChannelHttp(this);
        }
    }
}
