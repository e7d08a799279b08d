package io.railhead.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.railhead.support.HubIT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input/*.yaml}) against the whole hub, one case at a
 * time: Shopify and Square webhooks, EDI files, POS CSV files and ops API calls as a hostile or careless
 * sender shapes them. Each case names its outcome class — refused with a reason, held with a reason code,
 * or processed — and every case must also get no 5xx, no stack trace and no secret in what comes back,
 * leave nothing silently dropped (a held or processed delivery is in the order store, a refused one was
 * told why), and leave the hub healthy.
 */
class BadInputCorpusIT extends HubIT implements Hub {

    static final WireMockServer SQUARE = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort().usingFilesUnderDirectory("src/test/resources/wiremock"));
    private static final List<String> SECRETS = List.of(SECRET, "test-secret-old", OPS_PASSWORD, "test-erp-token",
            SquareDeliveries.KEY, SquareDeliveries.TOKEN);
    private static final Pattern STACK_TRACE = Pattern.compile("(?m)(^\\s+at [\\w$.]+\\(|Caused by: |\\bat java\\.|"
            + "\\bat org\\.springframework\\.|\\bat io\\.railhead\\.)");
    private static final Map<String, Deliveries> DELIVERIES = Map.of("shopify", new ShopifyDeliveries(),
            "square", new SquareDeliveries(SQUARE), "ops", new OpsDeliveries(), "edi", new EdiDeliveries(),
            "pos", new PosDeliveries());

    static {
        SQUARE.start();
    }

    @DynamicPropertySource
    static void channels(DynamicPropertyRegistry registry) {
        SquareDeliveries.configure(registry, SQUARE);
        registry.add("railhead.channels.pos.poll-interval", () -> "300");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Value("${railhead.data-dir}")
    Path dataDir;

    static Stream<BadInputCase> cases() {
        return BadInputCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyBadInputGetsAClearAnswer_nothingIsDropped_andTheHubStaysHealthy(BadInputCase c) throws Exception {
        Deliveries deliveries = DELIVERIES.get(c.channel());
        assertThat(deliveries).as("a driver for corpus file " + c.channel()).isNotNull();
        Hub.Answer answer = deliveries.deliver(c, this);
        assertThat(answer.status()).as(c + ": no 5xx, ever").isLessThan(500);
        switch (c.expect()) {
            case "refused" -> refused(c, deliveries, answer);
            case "held" -> held(c, deliveries, answer);
            case "processed" -> processed(c, deliveries, answer);
            default -> throw new IllegalArgumentException(c + ": unknown outcome class " + c.expect());
        }
        assertClean(c, deliveries.settle(c, answer, this));
        assertThat(send(HttpRequest.newBuilder(uri("/actuator/health")).build()).statusCode())
                .as(c + ": the hub is healthy after it").isEqualTo(200);
    }

    private void refused(BadInputCase c, Deliveries deliveries, Hub.Answer first) {
        Hub.Answer answer = deliveries.settle(c, first, this);
        if (answer.status() >= 0) {
            assertThat(answer.status()).as(c + ": refused with a 4xx").isBetween(400, 499);
            assertThat(answer.status()).as(c + ": the status").isEqualTo(c.status(answer.status()));
        }
        assertThat(answer.text()).as(c + ": the refusal says why").isNotBlank();
        if (c.reason() != null) {
            assertThat(answer.text()).as(c + ": the reason").contains(c.reason());
        }
        assertThat(deliveries.records(c, answer, this)).as(c + ": a refused input makes no order").isEmpty();
    }

    private void held(BadInputCase c, Deliveries deliveries, Hub.Answer answer) {
        assertAccepted(c, answer);
        List<Hub.Record> records = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> deliveries.records(c, answer, this), r -> r.stream().anyMatch(o -> isHeld(c, o)));
        Hub.Record held = records.stream().filter(o -> isHeld(c, o)).findFirst().orElseThrow();
        if (c.reason() != null) {
            assertThat(held.holdDetail()).as(c + ": the hold detail").contains(c.reason());
        }
        if (held.channelOrderId() != null) {
            assertThat(erpAccepted(held.channelOrderId())).as(c + ": a held order never reaches the ERP").isZero();
        }
    }

    private static boolean isHeld(BadInputCase c, Hub.Record o) {
        return "ON_HOLD".equals(o.status()) && o.holdReasons() != null
                && List.of(o.holdReasons().split(",")).contains(c.hold());
    }

    private void processed(BadInputCase c, Deliveries deliveries, Hub.Answer answer) {
        assertAccepted(c, answer);
        if (c.reason() != null) {
            assertThat(deliveries.settle(c, answer, this).text()).as(c + ": the answer").contains(c.reason());
        }
        if (!deliveries.makesOrders() || c.spec().path("noOrder").asBoolean()) {
            return;
        }
        String status = c.string("orderStatus", "RELEASED");
        List<Hub.Record> records = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> deliveries.records(c, answer, this), r -> r.stream().anyMatch(o -> status.equals(o.status())));
        if (!c.spec().has("erpCalls") && !"RELEASED".equals(status)) {
            return;
        }
        String channelOrderId = records.stream().filter(o -> status.equals(o.status())).findFirst().orElseThrow()
                .channelOrderId();
        int calls = c.spec().path("erpCalls").asInt(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> erpAccepted(channelOrderId) >= calls);
        assertThat(erpAccepted(channelOrderId)).as(c + ": reaches the ERP once").isEqualTo(calls);
    }

    private static void assertAccepted(BadInputCase c, Hub.Answer answer) {
        if (answer.status() >= 0) {
            assertThat(answer.status()).as(c + ": accepted (" + answer.text() + ")").isBetween(200, 299);
        }
    }

    private static void assertClean(BadInputCase c, Hub.Answer answer) {
        String all = answer.text() + " " + answer.headers();
        assertThat(STACK_TRACE.matcher(all).find()).as(c + ": no stack trace in " + abbreviate(all)).isFalse();
        for (String secret : SECRETS) {
            assertThat(all).as(c + ": no secret in what comes back").doesNotContain(secret);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400) + "…";
    }

    @Override
    public HttpResponse<String> http(HttpRequest request) {
        return send(request);
    }

    @Override
    public URI uri(String path) {
        return super.uri(path);
    }

    @Override
    public String opsAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((OPS_USER + ":" + OPS_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public JdbcTemplate jdbc() {
        return jdbc;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public int erpAccepted(String marker) {
        return acceptedErpCalls(marker).size();
    }
}
