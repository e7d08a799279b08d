package io.railhead.fulfillment;

import io.railhead.order.OrderJson;
import io.railhead.order.OrderLifecycle;
import io.railhead.shared.Headers;
import io.railhead.shared.HubProperties;
import io.railhead.shared.PermanentEndpointException;
import io.railhead.shared.TransientEndpointException;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Route {@code line-cancel-send}: asks the order's channel to cancel lines no node can ship, once. The channel's
 * answer settles the report CANCELLED_AT_CHANNEL, or CANCEL_AT_CHANNEL with its refusal as the operator's
 * action (dead-lettered at once); throttling and 5xx are retried by the queue's back-off, and at the last
 * attempt it is left to the operator too. A settled report met again (a redelivery, the sweep) is skipped.
 */
@Component("lineCancelSender")
public class LineCancelSender {

    private static final Logger LOG = LoggerFactory.getLogger(LineCancelSender.class);
    private static final String STAGE = "fulfillment-cancel";

    private final LineCancellationStore reports;
    private final List<LineCancelTarget> targets;
    private final OrderLifecycle lifecycle;
    private final TransactionTemplate tx;
    private final int maxAttempts;

    public LineCancelSender(LineCancellationStore store, List<LineCancelTarget> targets, OrderLifecycle lifecycle,
                            TransactionTemplate tx, HubProperties hub) {
        this.reports = store;
        this.targets = targets;
        this.lifecycle = lifecycle;
        this.tx = tx;
        this.maxAttempts = hub.retry().maxAttempts();
    }

    public void send(Exchange exchange) throws InterruptedException {
        String id = exchange.getIn().getBody(String.class);
        String cid = exchange.getIn().getHeader(Headers.CORRELATION_ID, String.class);
        boolean last = exchange.getIn().getHeader(Headers.ATTEMPT, 1, Integer.class) >= maxAttempts;
        Optional<LineCancellationStore.Row> row = reports.find(id);
        if (row.isEmpty() || row.get().outcome() != LineCancellationStore.Outcome.CHANNEL_OWED) {
            LOG.info("Line cancellation {} not sent: {}", id, row.map(r -> "it is " + r.outcome()).orElse("no such report"));
            return;
        }
        LineCancel cancel;
        try {
            cancel = OrderJson.MAPPER.readValue(row.get().payload(), LineCancel.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("line cancellation " + id + " cannot be read: " + e.getOriginalMessage(), e);
        }
        LineCancelTarget target = targets.stream().filter(t -> t.channel().equals(cancel.channel())).findFirst()
                .orElse(null);
        RelayResult result = target == null ? RelayResult.refused("no connection for " + cancel.channel())
                : target.cancel(cancel);
        LOG.info("Line cancellation {} of order {} at {}: {}", id, cancel.orderId(), cancel.channel(), result.outcome());
        switch (result.outcome()) {
            case ACCEPTED -> settle(cancel, LineCancellationStore.Outcome.CANCELLED_AT_CHANNEL, null,
                    "cancelled at " + cancel.channel() + ": " + result.message(), cid);
            case REFUSED -> {
                settle(cancel, LineCancellationStore.Outcome.CANCEL_AT_CHANNEL, action(cancel, result.message()),
                        "CANCEL_AT_CHANNEL: " + action(cancel, result.message()), cid);
                throw new PermanentEndpointException("line cancellation " + id + ": " + result.message());
            }
            case RETRY -> {
                if (last) {
                    String why = "the channel did not take it after " + maxAttempts + " attempts (" + result.message() + ")";
                    settle(cancel, LineCancellationStore.Outcome.CANCEL_AT_CHANNEL, action(cancel, why),
                            "CANCEL_AT_CHANNEL: " + action(cancel, why), cid);
                }
                throw new TransientEndpointException("line cancellation " + id + ": " + result.message(),
                        result.retryAfter());
            }
        }
    }

    private static String action(LineCancel cancel, String why) {
        return "cancel " + cancel.lines().stream().map(l -> l.quantity() + " × line " + l.lineId()).toList()
                + " of order " + cancel.channelOrderId() + " at " + cancel.channel() + " by hand: " + why;
    }

    private void settle(LineCancel cancel, LineCancellationStore.Outcome outcome, String action, String note, String cid) {
        tx.executeWithoutResult(s -> {
            if (reports.settle(cancel.cancellationId(), outcome, action)) {
                lifecycle.lock(cancel.orderId()).ifPresent(o -> lifecycle.note(o, STAGE, note, cid));
            }
        });
    }
}
