package io.railhead.order;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.railhead.channel.WebhookSignature;
import io.railhead.support.HubProcess;
import io.railhead.support.TestEnvironment;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hub's first promise under the hardest stop there is: the built jar runs as a child process on
 * its own data directory, takes a load of signed Shopify webhooks, and is killed with SIGKILL at a
 * random point of the load, then started again on the same data directory (H2 by default,
 * PostgreSQL when the run says {@code -Drailhead.test.db=postgres}) while the senders go on
 * retrying until they get a 200, as Shopify does. Afterwards every order that was answered 200 has
 * reached the ERP, every channel order is exactly one hub order (at the ERP and in the store), and
 * no order is left part-way.
 *
 * <p>{@code -Drailhead.crash.orders=N}, {@code -Drailhead.crash.kills=K} and
 * {@code -Drailhead.crash.seed=S} repeat it bigger, at more kill points, or exactly again; the
 * summary line ({@code CRASH RESULT}) is what {@code bench/crash-bench.sh} collects.
 */
class CrashRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "crash-test-secret";
    private static final String OPS_PASSWORD = "crash-ops-pw";
    private static final int SENDERS = 8;

    private final int orders = Integer.getInteger("railhead.crash.orders", 1000);
    private final int kills = Integer.getInteger("railhead.crash.kills", 1);
    private final long seed = Long.getLong("railhead.crash.seed", System.nanoTime());
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final WireMockServer erp = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .usingFilesUnderDirectory("src/test/resources/wiremock").dynamicPort().containerThreads(20));
    private final String schema = "rh_crash_" + Long.toHexString(System.nanoTime());
    private HubProcess hub;

    @AfterEach
    void tearDown() throws Exception {
        if (hub != null) {
            hub.close();
        }
        erp.stop();
        if (TestEnvironment.postgres()) {
            try (Connection c = DriverManager.getConnection(postgresUrl(""), pgUser(), "");
                 Statement st = c.createStatement()) {
                st.execute("drop schema if exists " + schema + " cascade");
            }
        }
    }

    @Test
    void killedWithSigkillMidLoad_everyOrderAnswered200ReachesTheErp_asOneHubOrder_noneLeftPartWay() throws Exception {
        erp.start();
        erp.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"created\"}")));
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target/test-data")), "crash-").toAbsolutePath();
        hub = new HubProcess(List.of("-Xmx512m"), hubArgs(dir), Map.of(
                "RAILHEAD_CHANNELS_SHOPIFY_WEBHOOK_SECRET", SECRET, "SPRING_SECURITY_USER_PASSWORD", OPS_PASSWORD),
                dir.resolve("hub.log")).start().awaitHealthy(Duration.ofSeconds(120));

        long started = System.nanoTime();
        Random random = new Random(seed);
        List<Integer> killPoints = new ArrayList<>();
        for (int i = 0; i < kills; i++) {
            killPoints.add(orders / 10 + random.nextInt(orders * 8 / 10));
        }
        killPoints.sort(Integer::compare);
        long base = 8_200_000_000_000_000_000L + (Math.abs(seed) % 1_000_000) * 1_000_000;
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicBoolean failed = new AtomicBoolean();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            String id = Long.toString(base + i);
            sent.add(senders.submit(() -> sendUntilAccepted(id, answered, failed)));
        }
        senders.shutdown();
        List<Integer> answeredAtKill = new ArrayList<>();
        for (int point : killPoints) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(5)).until(() -> answered.size() >= point);
            answeredAtKill.add(answered.size());
            hub.kill();
            hub.start().awaitHealthy(Duration.ofSeconds(120));
        }
        for (Future<?> f : sent) {
            f.get(5, TimeUnit.MINUTES);
        }
        assertThat(failed).as("a sender gave up").isFalse();
        assertThat(answered).as("every order was answered 200 in the end").hasSize(orders);

        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> erpOrders().keySet().containsAll(answered));
        } catch (ConditionTimeoutException e) {
            // the orders missing at the ERP are counted and reported below
        }
        long drained = System.nanoTime();
        Map<String, Set<String>> atErp = erpOrders();
        // What the order store says, asked until every order is RELEASED (a last ERP answer may still be landing).
        Map<String, List<JsonNode>> inStore = new ConcurrentHashMap<>();
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                readStore(answered.stream().filter(id -> !"RELEASED".equals(status(inStore.get(id)))).toList(), inStore);
                return answered.stream().allMatch(id -> "RELEASED".equals(status(inStore.get(id))));
            });
        } catch (ConditionTimeoutException e) {
            // reported below, with the orders and their statuses
        }
        List<String> lost = answered.stream().filter(id -> !atErp.containsKey(id)).toList();
        List<String> notStored = answered.stream().filter(id -> inStore.getOrDefault(id, List.of()).isEmpty()).toList();
        List<String> twoHubOrders = answered.stream().filter(id -> atErp.getOrDefault(id, Set.of()).size() > 1
                || inStore.getOrDefault(id, List.of()).size() > 1).toList();
        Map<String, String> stuck = answered.stream().filter(id -> !"RELEASED".equals(status(inStore.get(id))))
                .collect(Collectors.toMap(id -> id, id -> status(inStore.get(id))));
        long calls = erp.getAllServeEvents().size();
        System.out.printf("CRASH TIMING load+drain %d s, store check %d s%n", (drained - started) / 1_000_000_000,
                (System.nanoTime() - drained) / 1_000_000_000);
        System.out.printf("CRASH RESULT db=%s seed=%d orders=%d kills=%s answered200=%d atErp=%d erpCalls=%d "
                        + "lost=%d notStored=%d duplicated=%d stuck=%d%n", TestEnvironment.postgres() ? "postgres" : "h2",
                seed, orders, answeredAtKill, answered.size(), atErp.size(), calls, lost.size(), notStored.size(),
                twoHubOrders.size(), stuck.size());
        assertThat(lost).as("answered 200 but never at the ERP (seed " + seed + ")").isEmpty();
        assertThat(notStored).as("answered 200 but not in the order store").isEmpty();
        assertThat(twoHubOrders).as("channel orders with more than one hub order").isEmpty();
        assertThat(stuck).as("orders left part-way (not RELEASED), with their status").isEmpty();
    }

    private List<String> hubArgs(Path dir) {
        List<String> args = new ArrayList<>(List.of("--railhead.data-dir=" + dir,
                "--railhead.broker.name=railhead-crash", "--railhead.endpoints.erp.url=" + erp.baseUrl() + "/erp/orders",
                "--spring.security.user.name=ops"));
        if (TestEnvironment.postgres()) {
            args.addAll(List.of("--spring.datasource.url=" + postgresUrl("?currentSchema=" + schema),
                    "--spring.datasource.username=" + pgUser(), "--spring.flyway.schemas=" + schema,
                    "--spring.flyway.create-schemas=true"));
        }
        return args;
    }

    /** Posts one order until the hub answers 200, as Shopify retries a webhook it got no 200 for. */
    private void sendUntilAccepted(String id, Set<String> answered, AtomicBoolean failed) {
        ObjectNode order = order(id);
        byte[] body = order.toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(hub.uri("/webhooks/shopify/orders")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("X-Shopify-Topic", "orders/create")
                .header("X-Shopify-Shop-Domain", "crash.myshopify.com").header("X-Shopify-Webhook-Id", "crash-wh-" + id)
                .header("X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(WebhookSignature.sign(body, SECRET)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            await().atMost(Duration.ofMinutes(4)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .until(() -> status(request) == 200);
            answered.add(id);
        } catch (RuntimeException e) {
            failed.set(true);
        }
    }

    private int status(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static ObjectNode order(String id) {
        try {
            ObjectNode order = (ObjectNode) JSON.readTree(Files.readString(
                    Path.of("src/test/resources/mappings/shopify/paid-taxes-excluded/input.json")));
            order.put("id", Long.parseLong(id)).put("name", "#K" + id.substring(id.length() - 6));
            return order;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Channel order id -> the hub order ids the ERP accepted for it. */
    private Map<String, Set<String>> erpOrders() {
        return erp.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() / 100 == 2)
                .map(e -> readJson(e.getRequest().getBodyAsString())).filter(n -> n.has("channelOrderId"))
                .collect(Collectors.groupingBy(n -> n.get("channelOrderId").asText(),
                        Collectors.mapping(n -> n.path("orderId").asText(), Collectors.toCollection(HashSet::new))));
    }

    private static String status(List<JsonNode> orders) {
        return orders == null ? "not read" : orders.size() == 1 ? orders.get(0).path("status").asText()
                : orders.size() + " orders";
    }

    /** Reads the given channel orders from the ops API, in parallel. */
    private void readStore(List<String> ids, Map<String, List<JsonNode>> into) throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(SENDERS);
        try {
            for (Future<?> f : readers.invokeAll(ids.stream().<java.util.concurrent.Callable<Object>>map(id -> () ->
                    into.put(id, storedOrders(id))).toList())) {
                f.get();
            }
        } finally {
            readers.shutdown();
        }
    }

    private List<JsonNode> storedOrders(String channelOrderId) {
        HttpRequest request = HttpRequest.newBuilder(hub.uri("/api/orders?channel=shopify&channelOrderId=" + channelOrderId))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("ops:" + OPS_PASSWORD).getBytes(StandardCharsets.UTF_8))).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("ops API").isEqualTo(200);
            List<JsonNode> found = new ArrayList<>();
            readJson(r.body()).get("orders").forEach(found::add);
            return found;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readJson(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String postgresUrl(String query) {
        return "jdbc:postgresql://127.0.0.1:5432/" + System.getenv().getOrDefault("RAILHEAD_TEST_PGDATABASE", "test") + query;
    }

    private static String pgUser() {
        return System.getenv().getOrDefault("RAILHEAD_TEST_PGUSER", "postgres");
    }
}
