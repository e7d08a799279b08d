package io.railhead.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes what channels should list for every SKU of the ledger, page by page, in the background: after a
 * rules reload (only changed values become pushes), and for {@code POST /api/stock/channels/{channel}/resync},
 * which first forgets what that channel last accepted, so every SKU is sent to it again (paced by its pusher).
 * Progress is shown per channel.
 */
@Component
public class StockResync {

    private static final Logger LOG = LoggerFactory.getLogger(StockResync.class);
    private static final int PAGE = 500;

    private final LedgerStore ledger;
    private final PushStore pushes;
    private final DesiredStock desired;
    private final TransactionTemplate tx;
    private final StockPushers pushers;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stock-resync");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();

    public StockResync(LedgerStore ledger, PushStore pushes, DesiredStock desired, PlatformTransactionManager transactions,
                       StockRulesSource rules, StockPushers pushers) {
        this.pushers = pushers;
        this.ledger = ledger;
        this.pushes = pushes;
        this.desired = desired;
        this.tx = new TransactionTemplate(transactions);
        rules.onReload(r -> thread.execute(() -> recomputeAll(null)));
    }

    /** How far a channel's resync got: SKUs recomputed so far, and whether it is done. */
    public record Progress(Instant startedAt, long skus, boolean done, Instant finishedAt) {
    }

    public Progress progress(String channel) {
        return progress.get(channel);
    }

    public void resync(String channel) {
        progress.put(channel, new Progress(Instant.now(), 0, false, null));
        thread.execute(() -> {
            tx.executeWithoutResult(s -> pushes.markAll(channel));
            pushers.wake(java.util.List.of(channel));
            recomputeAll(channel);
        });
    }

    private void recomputeAll(String channel) {
        String after = null;
        long done = 0;
        try {
            while (true) {
                List<String> page = ledger.skus(after, PAGE);
                if (page.isEmpty()) {
                    break;
                }
                tx.executeWithoutResult(s -> {
                    ledger.lock(desired.withKits(page));
                    desired.changed(page, Instant.now());
                });
                done += page.size();
                after = page.get(page.size() - 1);
                if (channel != null) {
                    Progress p = progress.get(channel);
                    progress.put(channel, new Progress(p.startedAt(), done, false, null));
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Stock recompute stopped after {} SKU(s): {}", done, e.toString(), e);
        }
        if (channel != null) {
            Progress p = progress.get(channel);
            progress.put(channel, new Progress(p.startedAt(), done, true, Instant.now()));
        }
    }
}
