package io.railhead.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stand-in ERP: a JDK HTTP server on 127.0.0.1 that answers 201 to every POST, reads
 * {@code channelOrderId} from the canonical order JSON and records when each order first arrived.
 */
final class ErpSink implements AutoCloseable {

    /** Called once per request carrying a channelOrderId, with the arrival time (System.nanoTime). */
    interface Listener {
        void arrived(String channelOrderId, long nanoTime);
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final Listener listener;
    final AtomicLong posts = new AtomicLong();
    final AtomicLong withoutOrderId = new AtomicLong();
    final AtomicLong nonPost = new AtomicLong();

    static {
        // Without TCP_NODELAY the JDK server's separate header/body writes meet the client's delayed ACK
        // and every exchange on a kept-alive connection costs ~40 ms (seen here: 88 orders/s with 4 clients).
        // Read once, when the JDK's server configuration class loads, so set it before the first server.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    ErpSink(int port, Listener listener) throws IOException {
        this.listener = listener;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        this.pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "erp-sink");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            long now = System.nanoTime();
            if (!"POST".equalsIgnoreCase(ex.getRequestMethod())) {
                nonPost.incrementAndGet();
                ex.sendResponseHeaders(405, -1);
                return;
            }
            long n = posts.incrementAndGet();
            String id = null;
            try {
                JsonNode node = OrderFactory.JSON.readTree(body);
                JsonNode v = node == null ? null : node.get("channelOrderId");
                if (v == null && node != null) {
                    v = node.findValue("channelOrderId");
                }
                if (v != null && !v.isNull()) {
                    id = v.asText();
                }
            } catch (IOException malformed) {
                id = null;
            }
            if (id == null) {
                withoutOrderId.incrementAndGet();
            } else {
                listener.arrived(id, now);
            }
            byte[] answer = ("{\"erpOrderId\":\"ERP-" + n + "\",\"status\":\"CREATED\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(201, answer.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
