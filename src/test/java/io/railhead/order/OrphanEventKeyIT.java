package io.railhead.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.support.HubIT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A delivery's idempotency key that names no stored order — what an embedded database killed mid-commit can keep
 * (the key and its ref without the order written before them in the same transaction) — must not turn the
 * delivery away as a duplicate: the broker still holds it because no order was made of it, so it is taken as
 * new and the order is stored and reaches the ERP.
 */
class OrphanEventKeyIT extends HubIT {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aKeyWithoutItsOrderIsTakenAsNew_theOrderIsStoredAndReachesTheErp() {
        ObjectNode first = shopifyOrder();
        String firstWebhook = "wh-" + UUID.randomUUID();
        assertThat(postShopify(first.toString().getBytes(StandardCharsets.UTF_8), "orders/create", firstWebhook, SECRET)
                .statusCode()).isEqualTo(200);
        awaitStatus(id(first), "RELEASED");
        List<String> keys = jdbc.queryForList("select key_value from idempotency_key where scope = 'event' "
                + "and key_value like ?", String.class, "%" + firstWebhook + "%");
        assertThat(keys).hasSize(1);

        ObjectNode second = shopifyOrder();
        String secondWebhook = "wh-" + UUID.randomUUID();
        jdbc.update("insert into idempotency_key (scope, key_value, created_at, ref, digest) values ('event', ?, ?, ?, null)",
                keys.get(0).replace(firstWebhook, secondWebhook), OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC),
                "ord-gone-" + UUID.randomUUID());

        assertThat(postShopify(second.toString().getBytes(StandardCharsets.UTF_8), "orders/create", secondWebhook, SECRET)
                .statusCode()).isEqualTo(200);
        JsonNode stored = awaitStatus(id(second), "RELEASED");
        assertThat(acceptedErpCalls(id(second))).hasSize(1);
        assertThat(jdbc.queryForObject("select ref from idempotency_key where scope = 'event' and key_value like ?",
                String.class, "%" + secondWebhook + "%")).isEqualTo(stored.path("orderId").asText());
    }
}
