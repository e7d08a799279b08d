package io.railhead.fulfillment;

import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells every {@link NodeEvents} bean (there may be none) of a node-side change once the transaction that made
 * it commits (at once when there is none), so a listener never acts on a change that was rolled back.
 */
@Component
public class NodeEventsNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(NodeEventsNotifier.class);

    private final ObjectProvider<NodeEvents> listeners;

    public NodeEventsNotifier(ObjectProvider<NodeEvents> listeners) {
        this.listeners = listeners;
    }

    void requestRefused(FulfillmentRequest request, String reason) {
        afterCommit(l -> l.requestRefused(request, reason));
    }

    void nodeDown(String nodeId, String reason) {
        afterCommit(l -> l.nodeDown(nodeId, reason));
    }

    void nodeUp(String nodeId) {
        afterCommit(l -> l.nodeUp(nodeId));
    }

    private void afterCommit(Consumer<NodeEvents> call) {
        List<NodeEvents> all = listeners.orderedStream().toList();
        if (all.isEmpty()) {
            return;
        }
        Runnable tell = () -> all.forEach(l -> {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("A node events listener failed ({}); the change stands", e.toString());
            }
        });
        AfterCommit.run(tell);
    }

    /** Runs work after the current transaction commits, or now when none is active. */
    static final class AfterCommit {

        private AfterCommit() {
        }

        static void run(Runnable work) {
            if (!TransactionSynchronizationManager.isSynchronizationActive()) {
                work.run();
                return;
            }
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    work.run();
                }
            });
        }
    }
}
