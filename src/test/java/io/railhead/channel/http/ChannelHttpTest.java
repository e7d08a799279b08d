package io.railhead.channel.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one classification every channel client gets: what is repeated and after how long, what
 * goes back to the adapter, the credentials renewed once, and the metrics by operation and outcome.
 */
class ChannelHttpTest {

    static final WireMockServer API = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeAll
    static void start() {
        API.start();
    }

    @AfterAll
    static void stop() {
        API.stop();
    }

    @BeforeEach
    void reset() {
        API.resetAll();
    }

    private ChannelHttp.Builder client() {
        return ChannelHttp.builder("test", "acct", metrics).timeout(Duration.ofSeconds(2)).operations(50, 5, "things");
    }

    private HttpRequest.Builder things() {
        return HttpRequest.newBuilder(URI.create(API.baseUrl() + "/things")).GET();
    }

    private void sequence(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... answers) {
        String state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = "step" + (i + 1);
            API.stubFor(get(urlPathEqualTo("/things")).inScenario("s").whenScenarioStateIs(state)
                    .willReturn(answers[i]).willSetStateTo(next));
            state = next;
        }
    }

    private List<Long> gapsMillis() {
        List<Instant> times = API.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .map(r -> r.getLoggedDate().toInstant()).sorted(Comparator.naturalOrder()).toList();
        return java.util.stream.IntStream.range(1, times.size())
                .mapToObj(i -> Duration.between(times.get(i - 1), times.get(i)).toMillis()).toList();
    }

    private double count(String outcome) {
        var timer = metrics.find("railhead.channel.calls").tags("channel", "test", "operation", "things",
                "outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void throttledThenOk_waitsRetryAfterSeconds_thenTheSameCall() throws Exception {
        sequence(aResponse().withStatus(429).withHeader("Retry-After", "1"), okJson("{\"n\":1}"));

        ChannelAnswer answer = client().build().send("things", this::things);

        assertThat(answer.json().path("n").asInt()).isEqualTo(1);
        assertThat(gapsMillis()).singleElement().satisfies(gap -> assertThat(gap).isGreaterThanOrEqualTo(950));
        assertThat(count("throttled")).isEqualTo(1);
        assertThat(count("success")).isEqualTo(1);
        assertThat(metrics.find("railhead.channel.calls").tag("outcome", "success").timer().totalTime(
                java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    }

    @Test
    void retryAfterAsHttpDate_isHonoured() throws Exception {
        String in2s = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
        sequence(aResponse().withStatus(503).withHeader("Retry-After", in2s), okJson("{}"));

        client().build().send("things", this::things);

        // HTTP dates have whole seconds: at least a second, at most the two asked for (and some slack).
        assertThat(gapsMillis()).singleElement().satisfies(gap -> assertThat(gap).isBetween(900L, 3500L));
        assertThat(count("server-error")).isEqualTo(1);
    }

    @Test
    void serverErrorsAndTimeouts_areTransient_repeatedUpToTheirLastAttempt_thenAClassifiedFailure() {
        API.stubFor(get(urlPathEqualTo("/things")).willReturn(aResponse().withStatus(500)));
        ChannelHttp http = client().maxAttempts(2).build();

        assertThatThrownBy(() -> http.send("things", this::things)).isInstanceOfSatisfying(ChannelCallException.class,
                e -> {
                    assertThat(e.transientFailure()).isTrue();
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.getMessage()).contains("test things for acct answered 500 2 time(s)");
                });
        API.verify(2, getRequestedFor(urlPathEqualTo("/things")));

        API.resetAll();
        API.stubFor(get(urlPathEqualTo("/things")).willReturn(okJson("{}").withFixedDelay(1500)));
        ChannelHttp impatient = ChannelHttp.builder("test", "acct", metrics).timeout(Duration.ofMillis(300))
                .operations(50, 5, "things").build();
        assertThatThrownBy(() -> impatient.send("things", this::things))
                .isInstanceOfSatisfying(ChannelCallException.class, e -> {
                    assertThat(e.transientFailure()).isTrue();
                    assertThat(e.status()).isZero();
                });
        assertThat(count("io-error")).as("timeouts: three attempts, whatever maxAttempts says").isEqualTo(3);
    }

    @Test
    void clientErrorsGoBackToTheAdapter_unrepeated_andRequireOkClassifiesThemPermanent() throws Exception {
        API.stubFor(get(urlPathEqualTo("/things")).willReturn(aResponse().withStatus(404).withBody("nope")));
        ChannelHttp http = client().build();

        ChannelAnswer answer = http.send("things", this::things);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo("nope");
        API.verify(1, getRequestedFor(urlPathEqualTo("/things")));
        assertThatThrownBy(() -> http.requireOk("things", answer)).isInstanceOfSatisfying(ChannelCallException.class,
                e -> assertThat(e.transientFailure()).isFalse());
        assertThat(count("client-error")).isEqualTo(1);
    }

    @Test
    void refusedToken_renewedOnce_andTheCallRepeatedWithTheNewOne() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        AccessToken token = new AccessToken("X-Token", "Bearer ", "acct",
                () -> new AccessToken.Token("t" + fetched.incrementAndGet(), Duration.ofHours(1)));
        API.stubFor(get(urlPathEqualTo("/things")).withHeader("X-Token", equalTo("Bearer t1"))
                .willReturn(aResponse().withStatus(401)));
        API.stubFor(get(urlPathEqualTo("/things")).withHeader("X-Token", equalTo("Bearer t2")).willReturn(okJson("{}")));

        assertThat(client().auth(token).build().send("things", this::things).status()).isEqualTo(200);
        assertThat(fetched).hasValue(2);
        assertThat(count("unauthorized")).isEqualTo(1);

        // Refused again with a fresh token: the credentials are wrong, the 401 goes back (no loop).
        API.stubFor(get(urlPathEqualTo("/things")).atPriority(1).willReturn(aResponse().withStatus(401)));
        assertThat(client().auth(token).build().send("things", this::things).status()).isEqualTo(401);
        assertThat(fetched).as("t2 refused, t3 fetched and refused too").hasValue(3);
    }

    @Test
    void tokenRenewedShortlyBeforeItExpires_notOnEveryCall() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        Instant[] now = {Instant.parse("2026-12-01T10:00:00Z")};
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        AccessToken token = new AccessToken("X-Token", "", "acct",
                () -> new AccessToken.Token("t" + fetched.incrementAndGet(), Duration.ofSeconds(900)), clock);
        assertThat(token.get()).isEqualTo("t1");
        now[0] = now[0].plusSeconds(839);
        assertThat(token.get()).isEqualTo("t1");
        now[0] = now[0].plusSeconds(1); // a minute before its 15 minutes are up
        assertThat(token.get()).isEqualTo("t2");
    }

    @Test
    void channelRules_waitTheChannelAsks_andFollowTheRateItReports() throws Exception {
        ChannelThrottle rules = new ChannelThrottle() {
            @Override
            public void observe(ChannelAnswer answer, TokenBucket bucket, Instant now) {
                answer.header("x-rate").map(Double::parseDouble).ifPresent(bucket::setRate);
            }

            @Override
            public boolean throttled(ChannelAnswer answer) {
                return answer.status() == 429 || answer.body().contains("SLOW DOWN");
            }

            @Override
            public Optional<Duration> requestedWait(ChannelAnswer answer, Instant now) {
                return answer.header("x-wait-ms").map(v -> Duration.ofMillis(Long.parseLong(v)));
            }
        };
        sequence(okJson("{\"error\":\"SLOW DOWN\"}").withHeader("x-wait-ms", "700"),
                okJson("{}").withHeader("x-rate", "2"), okJson("{}"));
        ChannelHttp http = client().throttle(rules).build();

        http.send("things", this::things);
        http.send("things", this::things);

        List<Long> gaps = gapsMillis();
        assertThat(gaps.get(0)).as("the channel's own wait").isGreaterThanOrEqualTo(650);
        assertThat(count("throttled")).isEqualTo(1);
        // The reported rate (2/s) paces the operation: the burst left is used up, then half a second per call.
        for (int i = 0; i < 6; i++) {
            http.send("things", this::things);
        }
        List<Long> later = gapsMillis();
        // The largest of the last gaps, not the last one: on a loaded machine a slow call lets the bucket refill,
        // so the call after it goes at once; unpaced, every gap would be a few milliseconds.
        assertThat(later.subList(later.size() - 3, later.size()).stream().mapToLong(Long::longValue).max().orElse(0))
                .isGreaterThanOrEqualTo(400);
    }

    @Test
    void withoutAnyWaitAsked_theBackOffDoublesFromTheOperationsPace_andIsCapped() throws Exception {
        sequence(aResponse().withStatus(502), aResponse().withStatus(502), okJson("{}"));

        client().build().send("things", this::things);

        List<Long> gaps = gapsMillis();
        assertThat(gaps.get(0)).isGreaterThanOrEqualTo(950);
        assertThat(gaps.get(1)).isGreaterThanOrEqualTo(1950);
        assertThat(ChannelHttp.MAX_WAIT).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void anUndeclaredOperationIsAProgrammingError() {
        assertThatThrownBy(() -> client().build().send("other", this::things))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no operation 'other'");
    }
}
