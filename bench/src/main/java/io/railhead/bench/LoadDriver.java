package io.railhead.bench;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Railhead bench load driver.
 *
 * <p>Starts only a local ERP sink (127.0.0.1), posts N signed Shopify {@code orders/create} webhooks at
 * concurrency C to a running hub, and measures accept latency (POST -> 200) and end-to-end latency
 * (200 answered -> canonical order received by the sink). In the same run it measures the raw durable
 * send+receive rate of the broker for a message of the same byte size and prints the ratio.
 */
public final class LoadDriver {

    static final String USAGE = """
            Railhead load driver
              --mode all|e2e|raw     what to run (default all: webhooks end to end, then raw broker)
              --hub URL              hub base URL (default http://127.0.0.1:8080)
              --secret S             Shopify webhook secret the hub was started with (default: the environment's
                                     RAILHEAD_CHANNELS_SHOPIFY_WEBHOOK_SECRET, else bench-secret)
              --orders N             webhooks to post (default 1000)
              --concurrency C        concurrent in-flight webhooks (default 8)
              --rate R               target orders/s, paced open-loop; 0 = as fast as possible (default 0)
              --warmup W             webhooks posted and awaited first, not counted (default 0)
              --lines L              line items per order (default 2)
              --sink-port P          ERP sink port on 127.0.0.1; 0 = pick a free one (default 18089)
              --timeout S            seconds to wait for all deliveries after the last post (default 120)
              --linger S             seconds to keep the sink open after that, to catch late duplicates (default 1)
              --id-base ID           first Shopify order id (default 820e15 + currentTimeMillis*1000: 18 digits, unique per run)
              --broker URL           Artemis broker for the raw rate (default tcp://127.0.0.1:61616)
              --broker-user U        broker user (default railhead when RAILHEAD_BROKER_PASSWORD is set, else none);
                                     the password comes from RAILHEAD_BROKER_PASSWORD, as for the hub
              --raw-messages M       messages for the raw rate (default 5000)
              --raw-producers P / --raw-consumers C   (default 4 / 4)
            """;

    private static final String WEBHOOK_PATH = "/webhooks/shopify/orders";

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv);
        if (a.has("help")) {
            System.out.print(USAGE);
            return;
        }
        String mode = a.str("mode", "all");
        boolean e2e = mode.equals("all") || mode.equals("e2e");
        boolean raw = mode.equals("all") || mode.equals("raw");
        if (!e2e && !raw) {
            throw new IllegalArgumentException("--mode must be all, e2e or raw");
        }
        OrderFactory factory = new OrderFactory(a.integer("lines", 2));
        // 18-digit ids like current Shopify order ids (> 2^53, so they also catch double-precision bugs), unique per run
        long idBase = a.lng("id-base", 820_000_000_000_000_000L + System.currentTimeMillis() * 1000L);
        byte[] sample = factory.orderBytes(idBase, 0);
        OrderFactory.checkTotals(OrderFactory.JSON.readTree(sample));
        System.out.printf(Locale.ROOT, "order payload: %d line items, %d bytes (totals checked)%n", factory.lines(), sample.length);

        E2eResult e2eResult = null;
        if (e2e) {
            e2eResult = runEndToEnd(a, factory, idBase);
            if (e2eResult == null) {
                System.exit(2);
            }
        }
        RawBrokerBench.Result rawResult = null;
        if (raw) {
            String broker = a.str("broker", "tcp://127.0.0.1:61616");
            System.out.println();
            System.out.println("== Raw durable broker rate (" + broker + ", queue " + RawBrokerBench.QUEUE + ") ==");
            if (a.has("broker-password")) {
                throw new IllegalArgumentException("pass the broker password in RAILHEAD_BROKER_PASSWORD, not on the command line");
            }
            String brokerPassword = System.getenv("RAILHEAD_BROKER_PASSWORD");
            String brokerUser = a.str("broker-user", brokerPassword != null ? "railhead" : null);
            rawResult = RawBrokerBench.run(broker, brokerUser, brokerPassword, sample,
                    a.integer("raw-messages", 5000), a.integer("raw-producers", 4), a.integer("raw-consumers", 4),
                    a.lng("timeout", 120));
            System.out.println(rawResult.describe());
        }
        if (e2eResult != null && rawResult != null) {
            System.out.println();
            System.out.printf(Locale.ROOT, "ratio e2e orders/s / raw durable msgs/s = %.1f / %.1f = %.3f%n",
                    e2eResult.deliveredPerSecond, rawResult.msgsPerSecond(),
                    e2eResult.deliveredPerSecond / rawResult.msgsPerSecond());
        }
        // 1 = some webhook was not answered 200 or some accepted order never reached the sink
        System.exit(e2eResult != null && !e2eResult.clean ? 1 : 0);
    }

    record E2eResult(double acceptedPerSecond, double deliveredPerSecond, boolean clean) {
    }

    /** One webhook: its send/answer times and when the sink first saw it. */
    static final class Track {
        final String id;
        final Phase phase;
        boolean accepted;
        boolean delivered;
        long acceptedAt;
        long deliveredAt;
        int arrivals;

        Track(String id, Phase phase) {
            this.id = id;
            this.phase = phase;
        }
    }

    /** A batch of webhooks (the warm-up or the measured run). */
    static final class Phase {
        final String name;
        final Track[] tracks;
        final long[] acceptNanos;
        final Object lock = new Object();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicLong lastAccept = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong lastDelivery = new AtomicLong(Long.MIN_VALUE);
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger lateStarts = new AtomicInteger();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        final AtomicReference<String> firstError = new AtomicReference<>();
        int acceptedAndDelivered; // guarded by lock
        volatile long start;

        Phase(String name, int n) {
            this.name = name;
            this.tracks = new Track[n];
            this.acceptNanos = new long[n];
        }
    }

    private static E2eResult runEndToEnd(Args a, OrderFactory factory, long idBase) throws Exception {
        String hub = stripSlash(a.str("hub", "http://127.0.0.1:8080"));
        String secret = a.str("secret", System.getenv().getOrDefault("RAILHEAD_CHANNELS_SHOPIFY_WEBHOOK_SECRET", "bench-secret"));
        int orders = a.integer("orders", 1000);
        int concurrency = a.integer("concurrency", 8);
        double rate = a.dbl("rate", 0);
        int warmup = a.integer("warmup", 0);
        long timeoutS = a.lng("timeout", 120);
        long lingerS = a.lng("linger", 1);

        Map<String, Track> byId = new ConcurrentHashMap<>();
        AtomicLong foreign = new AtomicLong();
        ErpSink.Listener listener = (id, now) -> {
            Track t = byId.get(id);
            if (t == null) {
                foreign.incrementAndGet();
                return;
            }
            boolean both = false;
            boolean first;
            synchronized (t) {
                first = ++t.arrivals == 1;
                if (first) {
                    t.delivered = true;
                    t.deliveredAt = now;
                    both = t.accepted;
                }
            }
            if (first) {
                t.phase.lastDelivery.accumulateAndGet(now, Math::max);
            } else {
                t.phase.duplicates.incrementAndGet();
            }
            if (both) {
                bumpBoth(t.phase);
            }
        };

        try (ErpSink sink = new ErpSink(a.integer("sink-port", 18089), listener)) {
            String erpUrl = "http://127.0.0.1:" + sink.port() + "/erp/orders";
            System.out.println("ERP sink listening on " + erpUrl);
            System.out.println("hub must run with: RAILHEAD_ENDPOINTS_ERP_URL=" + erpUrl
                    + " and RAILHEAD_CHANNELS_SHOPIFY_WEBHOOK_SECRET set to this driver's --secret");

            ExecutorService httpPool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "http-client");
                t.setDaemon(true);
                return t;
            });
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .executor(httpPool)
                    .build();
            if (!hubReachable(client, hub)) {
                return null;
            }
            long nextSeq = 0;
            if (warmup > 0) {
                Phase w = new Phase("warm-up", warmup);
                System.out.printf(Locale.ROOT, "%nwarm-up: %d webhooks ...%n", warmup);
                post(w, client, hub, secret, factory, idBase, nextSeq, concurrency, 0, byId);
                boolean ok = awaitDeliveries(w, timeoutS);
                System.out.printf(Locale.ROOT, "warm-up: %d accepted, %d delivered%s%n", w.accepted.get(),
                        w.acceptedAndDelivered, ok ? "" : " (TIMED OUT waiting for deliveries)");
                nextSeq += warmup;
            }
            Phase p = new Phase("run", orders);
            System.out.printf(Locale.ROOT, "%n== End to end: %d webhooks, concurrency %d, %s -> %s%s ==%n", orders,
                    concurrency, rate > 0 ? String.format(Locale.ROOT, "paced at %.1f/s", rate) : "as fast as possible",
                    hub, WEBHOOK_PATH);
            long postsDone = post(p, client, hub, secret, factory, idBase, nextSeq, concurrency, rate, byId);
            boolean complete = awaitDeliveries(p, timeoutS);
            if (lingerS > 0) {
                linger(lingerS);
            }
            E2eResult r = report(p, postsDone, foreign.get(), sink, complete, timeoutS);
            httpPool.shutdownNow();
            return r;
        }
    }

    private static void bumpBoth(Phase phase) {
        synchronized (phase.lock) {
            phase.acceptedAndDelivered++;
            phase.lock.notifyAll();
        }
    }

    /** Posts the phase's webhooks with {@code concurrency} workers; returns System.nanoTime() after the last answer. */
    private static long post(Phase phase, HttpClient client, String hub, String secret, OrderFactory factory,
                             long idBase, long seqBase, int concurrency, double rate, Map<String, Track> byId)
            throws InterruptedException {
        int n = phase.tracks.length;
        for (int i = 0; i < n; i++) {
            String id = Long.toString(idBase + seqBase + i);
            Track t = new Track(id, phase);
            phase.tracks[i] = t;
            byId.put(id, t);
        }
        URI uri = URI.create(hub + WEBHOOK_PATH);
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        AtomicInteger next = new AtomicInteger();
        double intervalNanos = rate > 0 ? 1e9 / rate : 0;
        List<Thread> workers = new ArrayList<>();
        phase.start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            Thread th = new Thread(() -> {
                Mac mac;
                try {
                    mac = Mac.getInstance("HmacSHA256");
                    mac.init(key);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    Track t = phase.tracks[i];
                    byte[] body = factory.orderBytes(Long.parseLong(t.id), seqBase + i);
                    String hmac = Base64.getEncoder().encodeToString(mac.doFinal(body));
                    HttpRequest req = HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .header("X-Shopify-Hmac-Sha256", hmac)
                            .header("X-Shopify-Topic", "orders/create")
                            .header("X-Shopify-Shop-Domain", "bench.myshopify.com")
                            .header("X-Shopify-API-Version", "2025-10")
                            .header("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                            .header("X-Shopify-Event-Id", UUID.randomUUID().toString())
                            .header("X-Shopify-Triggered-At", java.time.Instant.now().toString())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build();
                    if (intervalNanos > 0) {
                        long due = phase.start + (long) (i * intervalNanos);
                        long wait;
                        while ((wait = due - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        if (System.nanoTime() - due > 5_000_000L) {
                            phase.lateStarts.incrementAndGet();
                        }
                    }
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        HttpResponse<Void> resp = client.send(req, HttpResponse.BodyHandlers.discarding());
                        status = resp.statusCode();
                    } catch (IOException e) {
                        status = -1;
                        phase.firstError.compareAndSet(null, e.toString());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    long t1 = System.nanoTime();
                    phase.statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    phase.acceptNanos[i] = t1 - t0;
                    if (status == 200) {
                        boolean both;
                        synchronized (t) {
                            t.accepted = true;
                            t.acceptedAt = t1;
                            both = t.delivered;
                        }
                        phase.accepted.incrementAndGet();
                        phase.lastAccept.accumulateAndGet(t1, Math::max);
                        if (both) {
                            bumpBoth(phase);
                        }
                    }
                }
            }, "webhook-" + w);
            th.setDaemon(true);
            workers.add(th);
            th.start();
        }
        for (Thread th : workers) {
            th.join();
        }
        return System.nanoTime();
    }

    private static boolean awaitDeliveries(Phase p, long timeoutS) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        synchronized (p.lock) {
            while (p.acceptedAndDelivered < p.accepted.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(p.lock, left);
            }
        }
        return true;
    }

    /** Keeps the sink open a little longer so that late duplicate deliveries are counted. */
    private static void linger(long seconds) throws InterruptedException {
        Object o = new Object();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (o) {
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(o, left);
            }
        }
    }

    private static E2eResult report(Phase p, long postsDone, long foreign, ErpSink sink, boolean complete, long timeoutS) {
        int n = p.tracks.length;
        int accepted = p.accepted.get();
        List<Long> e2e = new ArrayList<>();
        int deliveredBeforeAnswer = 0;
        int deliveredNotAccepted = 0;
        for (Track t : p.tracks) {
            synchronized (t) {
                if (t.delivered && t.accepted) {
                    long d = t.deliveredAt - t.acceptedAt;
                    if (d < 0) {
                        deliveredBeforeAnswer++;
                        d = 0;
                    }
                    e2e.add(d);
                } else if (t.delivered) {
                    deliveredNotAccepted++;
                }
            }
        }
        Stats acc = new Stats(p.acceptNanos);
        Stats end = new Stats(e2e.stream().mapToLong(Long::longValue).toArray());
        double acceptWindow = (p.lastAccept.get() - p.start) / 1e9;
        double postWindow = (postsDone - p.start) / 1e9;
        double deliverWindow = (p.lastDelivery.get() - p.start) / 1e9;
        double acceptedPerS = accepted > 0 ? accepted / acceptWindow : 0;
        double deliveredPerS = e2e.isEmpty() ? 0 : e2e.size() / deliverWindow;
        Map<Integer, Integer> statuses = new TreeMap<>();
        p.statuses.forEach((k, v) -> statuses.put(k, v.get()));
        int non200 = n - statuses.getOrDefault(200, 0);

        System.out.printf(Locale.ROOT, "posted:     %d webhooks in %.2f s; answers by status %s%s%n", n, postWindow, statuses,
                statuses.containsKey(-1) ? " (-1 = I/O error: " + p.firstError.get() + ")" : "");
        System.out.printf(Locale.ROOT, "accepted:   %d (200)  -> %s orders/s accepted%n", accepted, Stats.rate(acceptedPerS));
        System.out.printf(Locale.ROOT, "non-200:    %d%n", non200);
        System.out.printf(Locale.ROOT, "accept latency (POST sent -> answer): p50 %s  p99 %s  max %s%n",
                Stats.ms(acc.pct(50)), Stats.ms(acc.pct(99)), Stats.ms(acc.max()));
        System.out.printf(Locale.ROOT, "delivered:  %d of %d accepted at the ERP sink%s -> %s orders/s delivered end to end%n",
                e2e.size(), accepted, complete ? "" : " (TIMED OUT after " + timeoutS + " s)", Stats.rate(deliveredPerS));
        System.out.printf(Locale.ROOT, "e2e latency (200 answered -> sink received): p50 %s  p95 %s  p99 %s  max %s%n",
                Stats.ms(end.pct(50)), Stats.ms(end.pct(95)), Stats.ms(end.pct(99)), Stats.ms(end.max()));
        System.out.printf(Locale.ROOT, "duplicates at sink: %d;  delivered before the 200 was read: %d;  delivered but not 200: %d;"
                        + "  sink posts without channelOrderId: %d;  unknown channelOrderIds: %d%n",
                p.duplicates.get(), deliveredBeforeAnswer, deliveredNotAccepted, sink.withoutOrderId.get(), foreign);
        if (p.lateStarts.get() > 0) {
            System.out.printf(Locale.ROOT, "note: %d sends started >5 ms behind the --rate schedule (all workers busy: raise --concurrency)%n",
                    p.lateStarts.get());
        }
        return new E2eResult(acceptedPerS, deliveredPerS, complete && non200 == 0);
    }

    private static boolean hubReachable(HttpClient client, String hub) throws InterruptedException {
        try {
            client.send(HttpRequest.newBuilder(URI.create(hub + "/actuator/health")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (ConnectException e) {
            System.err.println("hub not reachable at " + hub + " (" + e + "). Start it first with the options printed above.");
            return false;
        } catch (IOException e) {
            System.err.println("hub check failed at " + hub + ": " + e);
            return false;
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
