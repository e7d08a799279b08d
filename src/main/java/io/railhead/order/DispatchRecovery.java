package io.railhead.order;

import io.railhead.shared.Headers;
import io.railhead.shared.HubProperties;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds, at start-up, the orders that owe the ERP a command (a create or a cancel) and queues that
 * command again. The database commits before the broker does (no XA, docs/adr/0005): a process
 * killed between the two leaves an order VALIDATED, or a cancel recorded, with no message on the
 * ERP queue, and nothing else would ever send it. Every such order gets a new dispatch number, so a
 * copy that did survive on the queue (waiting for its retry, say) is superseded and skipped instead
 * of running twice. Orders whose command is in the ERP dead-letter queue are left there for the
 * operator: a restart is not a replay.
 */
@Component
public class DispatchRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchRecovery.class);
    private static final int PAGE = 500;

    private final OrderStore store;
    private final OrderLifecycle lifecycle;
    private final OrderIntakeService intake;
    private final ProducerTemplate producer;
    private final TransactionTemplate tx;
    private final JmsTemplate jms;
    private final String deadLetterQueue;

    public DispatchRecovery(OrderStore store, OrderLifecycle lifecycle, OrderIntakeService intake,
                            ProducerTemplate producer, TransactionTemplate tx, ConnectionFactory connectionFactory,
                            HubProperties hub) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.intake = intake;
        this.producer = producer;
        this.tx = tx;
        this.jms = new JmsTemplate(connectionFactory);
        this.deadLetterQueue = HubProperties.Queues.deadLetter(hub.queues().erp());
    }

    @EventListener(ApplicationReadyEvent.class)
    public void onStart() {
        String correlationId = "start-up-" + UUID.randomUUID();
        MDC.put("correlationId", correlationId);
        try {
            int sent = recover(correlationId);
            if (sent > 0) {
                LOG.info("Start-up: {} ERP command(s) owed by orders queued again", sent);
            }
        } finally {
            MDC.remove("correlationId");
        }
    }

    /** Queues the command of every order that owes one (except dead-lettered ones); returns how many. */
    public int recover(String correlationId) {
        Set<String> deadLettered = deadLetteredOrders();
        int sent = 0;
        String after = "";
        for (List<String> page = store.withPendingDispatch(after, PAGE); !page.isEmpty();
             page = store.withPendingDispatch(after, PAGE)) {
            for (String orderId : page) {
                if (!deadLettered.contains(orderId) && resend(orderId, correlationId)) {
                    sent++;
                }
            }
            after = page.get(page.size() - 1);
        }
        return sent;
    }

    /** The database change commits first, then the command is queued (the order of commits of every stage). */
    private boolean resend(String orderId, String correlationId) {
        IntakeOutcome outcome = tx.execute(s -> lifecycle.lock(orderId)
                .filter(o -> o.dispatch().pending())
                .map(o -> intake.dispatchAgain(o, "owed at start-up", correlationId))
                .orElse(null));
        if (outcome == null) {
            return false;
        }
        producer.sendBodyAndHeaders("direct:order-dispatch", orderId, Map.of(Headers.ACTION, outcome.dispatch().name(),
                Headers.DISPATCH_SEQ, outcome.dispatchSeq(), Headers.CORRELATION_ID, correlationId));
        return true;
    }

    private Set<String> deadLetteredOrders() {
        Set<String> ids = new HashSet<>();
        jms.browse(deadLetterQueue, (session, browser) -> {
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                String id = orderId((Message) e.nextElement());
                if (id != null) {
                    ids.add(id);
                }
            }
            return null;
        });
        return ids;
    }

    private static String orderId(Message m) throws JMSException {
        return m.getStringProperty(Headers.ORDER_ID);
    }
}
