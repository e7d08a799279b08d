package io.railhead.inventory;

import io.railhead.shared.Headers;
import io.railhead.shared.PermanentEndpointException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Route {@code stock-event-apply}: one stock event from {@code railhead.queues.stock-events} (queued by the
 * hub's own intake, or published there by a system that speaks JMS) into the ledger. An event that fails its
 * checks is dead-lettered at once with every reason (its payload stays on the dead-letter queue); a repeat
 * applies nothing.
 */
@Component("stockEventConsumer")
public class StockEventConsumer {

    private final StockRulesSource rules;
    private final StockLedger ledger;
    private final StockProperties properties;

    public StockEventConsumer(StockRulesSource rules, StockLedger ledger, StockProperties properties) {
        this.rules = rules;
        this.ledger = ledger;
        this.properties = properties;
    }

    public void apply(Exchange exchange) {
        String payload = exchange.getIn().getBody(String.class);
        byte[] body = payload == null ? new byte[0] : payload.getBytes(StandardCharsets.UTF_8);
        StockEventReader.Read read = StockEventReader.read(body, rules.rules(), properties.maxEventItems());
        if (read.event() == null) {
            throw new PermanentEndpointException("stock event refused: " + String.join("; ", read.reasons()));
        }
        Long received = exchange.getIn().getHeader(StockEventIntake.RECEIVED_AT, Long.class);
        ledger.apply(read.event(), payload, received == null ? Instant.now() : Instant.ofEpochMilli(received),
                exchange.getIn().getHeader(Headers.CORRELATION_ID, String.class));
    }
}
