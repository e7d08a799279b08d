package io.railhead.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.shared.Headers;
import io.railhead.support.HubIT;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * The stock event queue in the database (ADR 0013) with the hub's test rules (location DC-TEST, no channels): events
 * published on the JMS queue go through the same intake as the REST endpoint, a refused one is dead-lettered
 * with its reasons; a burst sent concurrently is applied with every event counted once; an event
 * that no longer passes its checks is set aside with its reason, does not hold up the events behind it, and
 * can be put back in line by an operator.
 */
class StockEventQueueIT extends HubIT {

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    JdbcTemplate jdbc;

    static String sku() {
        return "Q-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toUpperCase();
    }

    static String event(String eventId, String sku, String kind, long onHand, Instant at, String location) {
        return """
                {"eventId": "%s", "source": "wms-q", "occurredAt": "%s", "kind": "%s", %s
                 "items": [{"sku": "%s", "location": "%s", "onHand": %d}]}"""
                .formatted(eventId, at, kind, kind.equals("DELTA") ? "\"reason\": \"RECEIVED\"," : "", sku, location, onHand);
    }

    long onHand(String sku) {
        HttpResponse<String> r = ops("GET", "/api/stock/" + sku);
        if (r.statusCode() != 200) {
            return -1;
        }
        for (JsonNode l : json(r).path("locations")) {
            if (l.path("location").asText().equals("DC-TEST")) {
                return l.path("onHand").asLong();
            }
        }
        return -1;
    }

    JsonNode status(String eventId) {
        HttpResponse<String> r = ops("GET", "/api/stock/events/" + eventId);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    @Test
    void anEventPublishedOnTheJmsQueueIsAppliedAndARefusedOneIsDeadLetteredWithItsReasons() {
        String sku = sku();
        String good = "jms-" + UUID.randomUUID();
        String bad = "jms-" + UUID.randomUUID();
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        jms.send("stock.events.v1", s -> {
            TextMessage m = s.createTextMessage(event(good, sku, "SNAPSHOT", 17, at, "DC-TEST"));
            m.setStringProperty(Headers.CORRELATION_ID, "cid-" + good);
            return m;
        });
        jms.send("stock.events.v1", s -> s.createTextMessage(event(bad, sku, "SNAPSHOT", 5, at, "NOWHERE")));

        await().atMost(Duration.ofSeconds(20)).until(() -> onHand(sku) == 17);
        JsonNode st = status(good);
        assertThat(st.path("status").asText()).isEqualTo("applied");
        assertThat(st.path("via").asText()).isEqualTo("jms");
        assertThat(json(ops("GET", "/api/stock/" + sku + "/journal")).toString()).contains("cid-" + good);

        await().atMost(Duration.ofSeconds(20)).until(() -> messagesAdded("DLQ.stock.events.v1") >= 1);
        jms.setReceiveTimeout(5000);
        List<String> dead = new ArrayList<>();
        jms.browse("DLQ.stock.events.v1", (session, browser) -> {
            java.util.Enumeration<?> all = browser.getEnumeration();
            while (all.hasMoreElements()) {
                Message m = (Message) all.nextElement();
                dead.add(((TextMessage) m).getText() + " | " + m.getStringProperty(Headers.ERROR_MESSAGE));
            }
            return null;
        });
        assertThat(dead).anySatisfy(d -> assertThat(d).contains(bad).contains("unknown location 'NOWHERE'"));
        assertThat(ops("GET", "/api/stock/events/" + bad).statusCode()).isEqualTo(404);
        assertThat(onHand(sku)).isEqualTo(17);
    }

    @Test
    void aConcurrentBurstIsAppliedWithEveryEventCountedOnce() throws Exception {
        String sku = sku();
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        assertThat(ops("POST", "/api/stock/events", "application/json",
                event("snap-" + UUID.randomUUID(), sku, "SNAPSHOT", 100, at, "DC-TEST").getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add("burst-" + UUID.randomUUID());
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> sent = new ArrayList<>();
            for (String id : ids) {
                sent.add(pool.submit(() -> ops("POST", "/api/stock/events", "application/json",
                        event(id, sku, "DELTA", 1, at.plusSeconds(1), "DC-TEST").getBytes(StandardCharsets.UTF_8)).statusCode()));
            }
            for (var f : sent) {
                assertThat(f.get()).isEqualTo(202);
            }
        } finally {
            pool.shutdownNow();
        }
        // the same ids again are duplicates and add nothing
        assertThat(ops("POST", "/api/stock/events", "application/json",
                event(ids.get(0), sku, "DELTA", 1, at.plusSeconds(1), "DC-TEST").getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> onHand(sku) == 400);
        for (String id : ids.subList(0, 20)) {
            assertThat(status(id).path("status").asText()).isEqualTo("applied");
        }
        Integer journaled = jdbc.queryForObject("select count(*) from stock_journal where sku = ? and kind = 'DELTA'",
                Integer.class, sku);
        assertThat(journaled).isEqualTo(300);
    }

    /** A snapshot of {@code n} SKUs {@code prefix}00000… at DC-TEST, SKU number i on hand i % 97 + 1. */
    static String bigSnapshot(String eventId, String prefix, int n, Instant at) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < n; i++) {
            items.append(i == 0 ? "" : ",").append("{\"sku\": \"").append(prefix).append(String.format("%05d", i))
                    .append("\", \"location\": \"DC-TEST\", \"onHand\": ").append(i % 97 + 1).append('}');
        }
        return "{\"eventId\": \"" + eventId + "\", \"source\": \"wms-q\", \"occurredAt\": \"" + at
                + "\", \"kind\": \"SNAPSHOT\", \"items\": [" + items + "]}";
    }

    @Test
    void anEventLargerThanOneTransactionIsAppliedInParts_beforeWhatFollows_andGoesOnWhereACrashLeftIt() {
        int n = 25_000; // more than railhead.stock.apply-batch-items (20,000): two parts
        String prefix = sku() + "-";
        String big = "big-" + UUID.randomUUID();
        String delta = "after-" + UUID.randomUUID();
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        assertThat(ops("POST", "/api/stock/events", "application/json",
                bigSnapshot(big, prefix, n, at).getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);
        assertThat(ops("POST", "/api/stock/events", "application/json", event(delta, prefix + "24999", "DELTA", 5,
                at.plusSeconds(60), "DC-TEST").getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(90)).until(() -> status(big).path("status").asText().equals("applied"));
        await().atMost(Duration.ofSeconds(20)).until(() -> onHand(prefix + "24999") == 24999 % 97 + 1 + 5);
        assertThat(onHand(prefix + "00000")).isEqualTo(1);
        assertThat(onHand(prefix + "19999")).isEqualTo(19999 % 97 + 1);
        assertThat(onHand(prefix + "20000")).isEqualTo(20000 % 97 + 1);
        assertThat(jdbc.queryForObject("select applied_items from stock_event where event_id = ?", Integer.class, big))
                .as("applied in parts").isEqualTo(n);

        // As if the hub stopped after the first part of another one: it goes on from there, the first part not again.
        String resumed = "resumed-" + UUID.randomUUID();
        String other = sku() + "-";
        jdbc.update("insert into stock_event (event_id, source, kind, occurred_at, received_at, items, via, payload, "
                + "applied_items) values (?, 'wms-q', 'SNAPSHOT', ?, ?, ?, 'api', ?, 20000)", resumed,
                java.sql.Timestamp.from(at), java.sql.Timestamp.from(Instant.now()), n, bigSnapshot(resumed, other, n, at));
        String wake = "wake-" + UUID.randomUUID();
        assertThat(ops("POST", "/api/stock/events", "application/json", event(wake, sku(), "SNAPSHOT", 1, at, "DC-TEST")
                .getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> status(resumed).path("status").asText().equals("applied"));
        assertThat(onHand(other + "20000")).isEqualTo(20000 % 97 + 1);
        assertThat(onHand(other + "24999")).isEqualTo(24999 % 97 + 1);
        assertThat(onHand(other + "19999")).as("counted as applied before the stop").isEqualTo(-1);
    }

    @Test
    void anEventThatNoLongerPassesItsChecksIsSetAsideWithItsReasonAndTheOthersGoOn() {
        String sku = sku();
        String stale = "stale-" + UUID.randomUUID();
        String next = "next-" + UUID.randomUUID();
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        // as if claimed under rules that still had DC-GONE: the applier checks again with the rules in force
        jdbc.update("insert into stock_event (event_id, source, kind, occurred_at, received_at, items, via, payload) "
                + "values (?, 'wms-q', 'SNAPSHOT', ?, ?, 1, 'api', ?)", stale, java.sql.Timestamp.from(at),
                java.sql.Timestamp.from(Instant.now()), event(stale, sku, "SNAPSHOT", 9, at, "DC-GONE"));
        assertThat(ops("POST", "/api/stock/events", "application/json",
                event(next, sku, "SNAPSHOT", 12, at, "DC-TEST").getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> onHand(sku) == 12);
        JsonNode st = status(stale);
        assertThat(st.path("status").asText()).isEqualTo("set-aside");
        assertThat(st.path("applyError").asText()).contains("unknown location 'DC-GONE'");

        HttpResponse<String> again = ops("POST", "/api/stock/events/" + stale + "/reapply", "application/json", new byte[0]);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(stale).path("applyAttempts").asInt() == 1
                && status(stale).path("status").asText().equals("set-aside"));
        HttpResponse<String> applied = ops("POST", "/api/stock/events/" + next + "/reapply", "application/json", new byte[0]);
        assertThat(applied.statusCode()).isEqualTo(409);
        assertThat(applied.body()).contains("was applied");
        assertThat(ops("GET", "/api/stock/events/evt-never-sent").statusCode()).isEqualTo(404);
    }
}
