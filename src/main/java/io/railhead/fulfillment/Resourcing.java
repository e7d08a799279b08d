package io.railhead.fulfillment;

import io.railhead.inventory.ReservationStore;
import io.railhead.order.OrderLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

import io.railhead.inventory.StockEventApplier;
import io.railhead.order.OrderSourcingResults;
import io.railhead.order.StoredOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Backorders are sourced again by the event that can make them possible, never on a timer: after stock events
 * were applied, after the fulfillment configuration changed and when a node comes back up, the orders held
 * {@code NO_SOURCE} are put through {@link OrderSourcing} once more, oldest first (stock that arrives goes to the
 * backorders that waited longest), and so are the lines a failed node gave back that no other node could take
 * then (reserved at no location), on one thread (wake-ups that come while it works collapse into one more pass).
 */
@Component
public class Resourcing implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Resourcing.class);
    private static final int PASS = 500;

    private final OrderSourcing sourcing;
    private final OrderSourcingResults results;
    private final ReservationStore reservations;
    private final NodeShipments shipments;
    private final OrderLifecycle lifecycle;
    private final TransactionTemplate tx;
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public Resourcing(OrderSourcing sourcing, OrderSourcingResults results, FulfillmentConfigSource config,
                      ReservationStore reservations, NodeShipments shipments, OrderLifecycle lifecycle,
                      TransactionTemplate tx) {
        this.sourcing = sourcing;
        this.results = results;
        this.reservations = reservations;
        this.shipments = shipments;
        this.lifecycle = lifecycle;
        this.tx = tx;
        config.onReload(c -> wake());
    }

    @EventListener
    public void stockApplied(StockEventApplier.StockEventsApplied applied) {
        wake();
    }

    /** Something changed that may let held orders be sourced now. */
    public void wake() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    /** One pass over the held orders; how many were sourced. */
    int pass() {
        int sourced = 0;
        Set<String> tried = new HashSet<>();
        List<StoredOrder> held = results.heldNoSource(PASS);
        String cid = "resource-" + UUID.randomUUID();
        for (StoredOrder o : held) {
            if (!tried.add(o.orderId())) {
                continue;
            }
            try {
                SourcingDecision d = sourcing.source(o.orderId(), cid);
                if (d != null && d.sourced()) {
                    sourced++;
                }
            } catch (RuntimeException e) {
                LOG.warn("Sourcing held order {} again failed, tried at the next change: {}", o.orderId(), e.toString());
            }
        }
        int lines = 0;
        for (String orderId : reservations.ordersReservedAtNoLocation(PASS)) {
            try {
                SourcingDecision d = tx.execute(s -> lifecycle.lock(orderId).map(o -> sourcing.sourceUnallocated(o,
                        shipments.shippedBefore(orderId), "lines at no node sourced after a stock or node change: ",
                        false, cid)).orElse(null));
                if (d != null && d.sourced()) {
                    lines++;
                }
            } catch (RuntimeException e) {
                LOG.warn("Sourcing the open lines of order {} failed, tried at the next change: {}", orderId, e.toString());
            }
        }
        if (sourced + lines > 0) {
            LOG.info("{} held order(s), and the open lines of {} order(s), sourced after a stock or node change",
                    sourced, lines);
        }
        return sourced + lines;
    }

    private void run() {
        while (running) {
            try {
                signal.acquire();
                signal.drainPermits();
                pass();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Re-sourcing failed, going on: {}", e.toString());
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "fulfillment-resource");
        thread.setDaemon(true);
        thread.start();
        wake();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 300;
    }
}
