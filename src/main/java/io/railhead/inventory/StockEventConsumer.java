package io.railhead.inventory;

import io.railhead.shared.Headers;
import io.railhead.shared.PermanentEndpointException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Route {@code stock-event-receive}: a stock event published to {@code railhead.queues.stock-events} by a system
 * that speaks JMS goes through the same intake as the REST endpoint (checked, its id claimed, queued for the
 * ledger in the database) before the message is consumed. An event that fails its checks is dead-lettered at
 * once with every reason (its payload stays on the dead-letter queue); a repeat applies nothing.
 */
@Component("stockEventConsumer")
public class StockEventConsumer {

    private final StockEventIntake intake;

    public StockEventConsumer(StockEventIntake intake) {
        this.intake = intake;
    }

    public void receive(Exchange exchange) {
        String payload = exchange.getIn().getBody(String.class);
        byte[] body = payload == null ? new byte[0] : payload.getBytes(StandardCharsets.UTF_8);
        Long received = exchange.getIn().getHeader(StockEventIntake.RECEIVED_AT, Long.class);
        StockEventIntake.Outcome outcome = intake.accept(body, "jms", exchange.getIn().getHeader(Headers.CORRELATION_ID,
                String.class), received == null ? Instant.now() : Instant.ofEpochMilli(received));
        if (outcome.status() == StockEventIntake.Status.REFUSED) {
            throw new PermanentEndpointException("stock event refused: " + String.join("; ", outcome.reasons()));
        }
    }
}
