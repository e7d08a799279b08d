package io.railhead.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Stock bench: starts a Shopify-like GraphQL sink, writes stock rules + cross-reference, starts the hub jar as
 * a child process and measures (A) one big SNAPSHOT and (B) many concurrent single-item DELTAs. See bench/README.md.
 */
public final class StockDriver {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String COST = "\"extensions\":{\"cost\":{\"requestedQueryCost\":10,\"actualQueryCost\":10,"
            + "\"throttleStatus\":{\"maximumAvailable\":2000.0,\"currentlyAvailable\":1990,\"restoreRate\":100.0}}}";
    static final String SET_ANSWER = "{\"data\":{\"inventorySetQuantities\":{\"inventoryAdjustmentGroup\":{\"createdAt\":"
            + "\"2026-12-01T10:00:00Z\",\"reason\":\"correction\",\"changes\":[]},\"userErrors\":[]}}," + COST + "}";
    static final String OTHER_ANSWER = "{\"data\":{\"orders\":{\"nodes\":[],\"edges\":[],\"pageInfo\":{\"hasNextPage\":false}}},"
            + COST + "}";

    /** What the sink got for one inventory item: (quantity, nanoTime) in arrival order. */
    static final class Received {
        final List<long[]> values = new ArrayList<>();

        synchronized void add(long q, long t) {
            values.add(new long[]{q, t});
        }

        synchronized long last() {
            return values.isEmpty() ? Long.MIN_VALUE : values.get(values.size() - 1)[0];
        }

        /** First time a quantity >= q was received, or -1. */
        synchronized long firstReaching(long q) {
            for (long[] v : values) {
                if (v[0] >= q) {
                    return v[1];
                }
            }
            return -1;
        }
    }

    final Map<Integer, Received> sink = new ConcurrentHashMap<>();
    final AtomicLong inventoryCalls = new AtomicLong();
    final AtomicLong inventoryQuantities = new AtomicLong();
    final AtomicLong otherCalls = new AtomicLong();
    final AtomicLong sinkErrors = new AtomicLong();
    HttpServer server;
    Process hub;
    String hubUrl;
    String auth;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv);
        if (a.has("help")) {
            System.out.println("--jar target/railhead-*.jar --hub-dir . --delay-ms 300 --scenario A|B|both\n"
                    + "--skus 10000 (A)  --delta-skus 1000 --deltas 5000 --senders 8 --rate 0 (B; events/s, 0 = unpaced)  --timeout-s 100 --sink-threads 16");
            return;
        }
        int code = new StockDriver().run(a);
        System.exit(code);
    }

    int run(Args a) throws Exception {
        long delayMs = a.lng("delay-ms", 300);
        String scenario = a.str("scenario", "both");
        int skusA = a.integer("skus", 10_000);
        int skusB = a.integer("delta-skus", 1_000);
        int deltas = a.integer("deltas", 5_000);
        int senders = a.integer("senders", 8);
        double rate = a.integer("rate", 0);
        long timeoutS = a.lng("timeout-s", 100);
        boolean runA = !scenario.equalsIgnoreCase("B");
        boolean runB = !scenario.equalsIgnoreCase("A");
        Path tmp = Files.createTempDirectory("stock-bench");
        System.out.println("temp dir " + tmp);

        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newFixedThreadPool(a.integer("sink-threads", 16)));
        server.createContext("/", ex -> {
            try (ex) {
                byte[] body;
                try (InputStream in = ex.getRequestBody()) {
                    body = in.readAllBytes();
                }
                String path = ex.getRequestURI().getPath();
                if (!"POST".equals(ex.getRequestMethod()) || !path.equals("/admin/api/2026-04/graphql.json")) {
                    sinkErrors.incrementAndGet();
                    System.out.println("sink: unexpected " + ex.getRequestMethod() + " " + path);
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                String answer;
                if (new String(body, StandardCharsets.UTF_8).contains("inventorySetQuantities")) {
                    inventoryCalls.incrementAndGet();
                    JsonNode qs = JSON.readTree(body).path("variables").path("input").path("quantities");
                    sleep(delayMs);
                    long now = System.nanoTime();   // "applied at Shopify": when the answer goes out
                    for (JsonNode q : qs) {
                        String id = q.path("inventoryItemId").asText();
                        int n = Integer.parseInt(id.substring(id.lastIndexOf('/') + 1));
                        sink.computeIfAbsent(n, k -> new Received()).add(q.path("quantity").asLong(), now);
                        inventoryQuantities.incrementAndGet();
                    }
                    answer = SET_ANSWER;
                } else {
                    otherCalls.incrementAndGet();
                    sleep(delayMs);
                    answer = OTHER_ANSWER;
                }
                byte[] out = answer.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, out.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(out);
                }
            } catch (RuntimeException e) {
                sinkErrors.incrementAndGet();
                System.out.println("sink error: " + e);
            }
        });
        server.start();
        int sinkPort = server.getAddress().getPort();
        System.out.println("sink on 127.0.0.1:" + sinkPort + ", delay " + delayMs + " ms");

        // Rules + cross-reference. A uses SKU-1..K, B uses SKU-(K+1)..(K+KB).
        int offsetB = runA ? skusA : 0;
        int total = offsetB + (runB ? skusB : 0);
        StringBuilder csv = new StringBuilder("sku,channel,channelSku,channelItemId\n");
        for (int n = 1; n <= total; n++) {
            csv.append("SKU-").append(n).append(",shopify,,gid://shopify/InventoryItem/").append(n).append('\n');
        }
        Files.writeString(tmp.resolve("xref.csv"), csv);
        Path rules = tmp.resolve("stock.yml");
        Files.writeString(rules, "locations:\n  DC-1: {}\n  DC-2: {}\n  DC-3: {}\n"
                + "channels:\n  shopify: {locations: [DC-1, DC-2, DC-3], safetyStock: 0, locationId: \"gid://shopify/Location/1\"}\n"
                + "crossReference: xref.csv\n");

        int hubPort;
        try (ServerSocket s = new ServerSocket(0)) {
            hubPort = s.getLocalPort();
        }
        String jar = a.str("jar", null);
        if (jar == null) {
            throw new IllegalArgumentException("--jar PATH is required (the hub jar)");
        }
        Path hubDir = Path.of(a.str("hub-dir", "."));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(Arrays.asList(a.str("hub-jvm", "").isBlank() ? new String[0] : a.str("hub-jvm", "").split(" ")));
        cmd.addAll(List.of("-jar", jar, "--railhead.data-dir=" + tmp.resolve("data"),
                "--railhead.stock.rules-file=" + rules,
                "--railhead.channels.shopify.admin-endpoint=http://127.0.0.1:" + sinkPort + "/admin/api/2026-04",
                "--railhead.channels.shopify.api-version=2026-04", "--server.port=" + hubPort));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(hubDir.toFile())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("hub.log").toFile());
        // Secrets through the environment, not the command line (README: they show in ps otherwise).
        pb.environment().put("RAILHEAD_CHANNELS_SHOPIFY_ACCESS_TOKEN", "shpat_bench");
        pb.environment().put("SPRING_SECURITY_USER_NAME", "ops");
        pb.environment().put("SPRING_SECURITY_USER_PASSWORD", "bench-pw");
        System.out.println("hub: " + String.join(" ", cmd) + "  (log " + tmp.resolve("hub.log") + ")");
        long t0 = System.nanoTime();
        hub = pb.start();
        hubUrl = "http://127.0.0.1:" + hubPort;
        auth = "Basic " + Base64.getEncoder().encodeToString("ops:bench-pw".getBytes(StandardCharsets.UTF_8));
        int code = 0;
        try {
            if (!waitHealthy(120)) {
                System.out.println("hub did not become healthy; see " + tmp.resolve("hub.log"));
                return 2;
            }
            System.out.printf("hub healthy after %.1f s%n", (System.nanoTime() - t0) / 1e9);
            if (runA) {
                code |= snapshot(skusA, timeoutS);
            }
            if (runB) {
                code |= deltas(offsetB, skusB, deltas, senders, rate, timeoutS);
            }
        } finally {
            hub.destroy();
            if (!hub.waitFor(30, TimeUnit.SECONDS)) {
                hub.destroyForcibly();
            }
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
            List<String> bad = Files.readAllLines(tmp.resolve("hub.log")).stream()
                    .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
            System.out.println("hub log WARN/ERROR lines: " + bad.size());
            bad.stream().limit(15).forEach(l -> System.out.println("  " + (l.length() > 400 ? l.substring(0, 400) + "..." : l)));
            System.out.println("sink: unexpected requests / errors " + sinkErrors.get() + ", other GraphQL calls " + otherCalls.get());
        }
        return code;
    }

    int snapshot(int k, long timeoutS) throws Exception {
        System.out.println("== Scenario A: one SNAPSHOT, " + k + " SKUs x 3 locations = " + 3L * k + " items");
        long[] expected = new long[k + 1];
        StringBuilder b = new StringBuilder(k * 150);
        b.append("{\"eventId\":\"snap-").append(System.currentTimeMillis()).append("\",\"source\":\"bench\",\"occurredAt\":\"")
                .append(Instant.now()).append("\",\"kind\":\"SNAPSHOT\",\"items\":[");
        for (int n = 1; n <= k; n++) {
            for (int l = 1; l <= 3; l++) {
                long q = (n * 7L + l * 3L) % 50 + 1;
                expected[n] += q;
                if (n > 1 || l > 1) {
                    b.append(',');
                }
                b.append("{\"sku\":\"SKU-").append(n).append("\",\"location\":\"DC-").append(l).append("\",\"onHand\":")
                        .append(q).append('}');
            }
        }
        b.append("]}");
        long callsBefore = inventoryCalls.get();
        long qBefore = inventoryQuantities.get();
        long start = System.nanoTime();
        HttpResponse<String> r = post(b.toString());
        long accepted = System.nanoTime();
        System.out.printf("POST %d bytes -> %d in %.0f ms: %s%n", b.length(), r.statusCode(), (accepted - start) / 1e6,
                r.body().length() > 300 ? r.body().substring(0, 300) : r.body());
        if (r.statusCode() != 202) {
            return 1;
        }
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutS);
        int done = 0;
        while (System.nanoTime() < deadline) {
            done = 0;
            for (int n = 1; n <= k; n++) {
                Received rc = sink.get(n);
                if (rc != null && rc.last() == expected[n]) {
                    done++;
                }
            }
            if (done == k) {
                break;
            }
            Thread.sleep(100);
        }
        long last = 0;
        for (int n = 1; n <= k; n++) {
            Received rc = sink.get(n);
            long t = rc == null ? -1 : rc.firstReaching(expected[n]);
            last = Math.max(last, t);
        }
        double secs = (last - start) / 1e9;
        System.out.printf("SKUs with the final value at the sink: %d of %d%n", done, k);
        if (done == k) {
            System.out.printf("POST -> last final value at sink: %.2f s; %.0f items/s (event items), %.0f SKUs/s pushed%n",
                    secs, 3.0 * k / secs, k / secs);
        } else {
            System.out.println("TIMED OUT after " + timeoutS + " s");
        }
        System.out.printf("inventorySetQuantities calls %d, quantities pushed %d%n", inventoryCalls.get() - callsBefore,
                inventoryQuantities.get() - qBefore);
        printChannels();
        return done == k ? 0 : 1;
    }

    int deltas(int offset, int k, int m, int senders, double rate, long timeoutS) throws Exception {
        System.out.println("== Scenario B: " + m + " DELTA events (RECEIVED onHand +1) over " + k + " SKUs, " + senders + " senders"
                + (rate > 0 ? ", paced at " + rate + " events/s" : ", as fast as they are answered"));
        AtomicLongArray acceptedPerSku = new AtomicLongArray(k);
        int[] eventSku = new int[m];
        long[] eventTarget = new long[m];
        long[] eventAccepted = new long[m];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        long callsBefore = inventoryCalls.get();
        long qBefore = inventoryQuantities.get();
        String run = Long.toString(System.currentTimeMillis());
        long start = System.nanoTime();
        AtomicLong lastAccept = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            Thread t = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < m; ) {
                    if (rate > 0) {
                        // open loop: event i is due at start + i / rate, however long earlier answers took
                        long due = start + (long) (i * 1e9 / rate);
                        for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                    }
                    int sku = i % k;
                    String body = "{\"eventId\":\"d-" + run + "-" + i + "\",\"source\":\"bench\",\"occurredAt\":\""
                            + Instant.now() + "\",\"kind\":\"DELTA\",\"reason\":\"RECEIVED\",\"items\":[{\"sku\":\"SKU-"
                            + (offset + 1 + sku) + "\",\"location\":\"DC-" + (i % 3 + 1) + "\",\"onHand\":1}]}";
                    int status;
                    try {
                        status = post(body).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    statuses.computeIfAbsent(status, x -> new AtomicInteger()).incrementAndGet();
                    eventSku[i] = sku;
                    if (status == 202) {
                        eventTarget[i] = acceptedPerSku.incrementAndGet(sku);
                        eventAccepted[i] = System.nanoTime();
                        lastAccept.accumulateAndGet(eventAccepted[i], Math::max);
                        ok.incrementAndGet();
                    } else {
                        eventTarget[i] = -1;
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double sendSecs = (lastAccept.get() - start) / 1e9;
        System.out.printf("answers by status %s; %.0f events/s accepted (202) over %.2f s%n", statuses, ok.get() / sendSecs,
                sendSecs);
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutS);
        int done = 0;
        while (System.nanoTime() < deadline) {
            done = 0;
            for (int s = 0; s < k; s++) {
                Received rc = sink.get(offset + 1 + s);
                if (rc != null && rc.last() == acceptedPerSku.get(s)) {
                    done++;
                }
            }
            if (done == k) {
                break;
            }
            Thread.sleep(100);
        }
        Thread.sleep(1500);   // linger: anything pushed after the final value shows up in the check below
        int exact = 0;
        int over = 0;
        long lastArrival = 0;
        for (int s = 0; s < k; s++) {
            Received rc = sink.get(offset + 1 + s);
            long last = rc == null ? Long.MIN_VALUE : rc.last();
            if (last == acceptedPerSku.get(s)) {
                exact++;
            } else if (last > acceptedPerSku.get(s)) {
                over++;
            }
            if (rc != null) {
                lastArrival = Math.max(lastArrival, rc.firstReaching(acceptedPerSku.get(s)));
            }
        }
        long pushes = inventoryQuantities.get() - qBefore;
        System.out.printf("final value at sink == expected total: %d of %d SKUs (%s); above expected: %d%n", exact, k,
                exact == k ? "EXACT" : "MISMATCH", over);
        System.out.printf("first POST -> last final value at sink: %.2f s%n", (lastAccept.get() > 0 ? (lastArrival - start) / 1e9 : 0));
        System.out.printf("inventorySetQuantities calls %d, SKU-quantities pushed %d, coalescing ratio %.2f events per pushed quantity%n",
                inventoryCalls.get() - callsBefore, pushes, pushes == 0 ? 0.0 : (double) ok.get() / pushes);
        List<Long> lat = new ArrayList<>();
        int missing = 0;
        int before202 = 0;
        for (int i = 0; i < m; i++) {
            if (eventTarget[i] < 0) {
                continue;
            }
            Received rc = sink.get(offset + 1 + eventSku[i]);
            long t = rc == null ? -1 : rc.firstReaching(eventTarget[i]);
            if (t < 0) {
                missing++;
            } else if (t <= eventAccepted[i]) {
                before202++;
                lat.add(0L);
            } else {
                lat.add(t - eventAccepted[i]);
            }
        }
        lat.sort(null);
        System.out.printf("driver 202 -> sink value >= event's running total: p50 %.0f ms, p99 %.0f ms, max %.0f ms "
                        + "(n=%d, reached before the 202 was read: %d, never reached: %d)%n",
                pct(lat, 50), pct(lat, 99), lat.isEmpty() ? 0.0 : lat.get(lat.size() - 1) / 1e6, lat.size(), before202, missing);
        printChannels();
        return exact == k ? 0 : 1;
    }

    static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1))) / 1e6;
    }

    void printChannels() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(hubUrl + "/api/stock/channels"))
                .header("Authorization", auth).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode c = r.statusCode() == 200 ? JSON.readTree(r.body()).path("channels").path("shopify") : null;
        if (c == null) {
            System.out.println("GET /api/stock/channels -> " + r.statusCode() + " " + r.body());
            return;
        }
        System.out.printf("hub push latency (GET /api/stock/channels, shopify): p50 %s ms, p99 %s ms; pending %s; lastError %s%n",
                c.path("latencyP50Ms"), c.path("latencyP99Ms"), c.path("pending"), c.path("lastError"));
    }

    HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(hubUrl + "/api/stock/events")).header("Authorization", auth)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    boolean waitHealthy(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (!hub.isAlive()) {
                return false;
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(hubUrl + "/actuator/health"))
                        .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        return false;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
