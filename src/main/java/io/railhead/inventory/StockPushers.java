package io.railhead.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One pusher per channel the stock rules push to: woken at once when a desired quantity changes (no polling
 * interval in the latency path), it claims the channel's dirty rows in batches of the adapter's size, hands
 * them to the channel's {@link StockPushTarget} and settles each row with the answer. A channel has one
 * batch in flight at a time, so a SKU is never pushed twice at once and later changes wait for the next
 * batch with their latest value; a SKU the channel accepted less than {@code railhead.stock.push-gap} ago waits
 * out the rest of it, so a burst of changes on one SKU becomes a push about every gap plus the channel's answer
 * time, while a change after a quiet spell goes at once. A channel whose target has an interval (an EDI partner's
 * inventory advice) pushes in rounds: every batch due, then nothing until the interval has passed since the
 * round began. A backlog that fills whole batches is pushed by up to the target's
 * {@link StockPushTarget#concurrency} threads at once, each with its own claimed SKUs. Retries back off (the channel's Retry-After honoured); a sweep every
 * {@code railhead.stock.push-sweep} finds work woken on another instance and pushes a crash left in flight
 * (their lease ran out), so pending pushes survive restarts.
 */
@Component
public class StockPushers implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(StockPushers.class);

    private final PushStore store;
    private final StockRulesSource rules;
    private final StockProperties properties;
    private final StockChannelStats stats;
    private final TransactionTemplate tx;
    private final Map<String, StockPushTarget> targets = new HashMap<>();
    private final Map<String, Worker> workers = new ConcurrentHashMap<>();
    private final Map<String, Object> claimLocks = new ConcurrentHashMap<>();
    private volatile boolean running;

    public StockPushers(PushStore store, StockRulesSource rules, StockProperties properties, StockChannelStats stats,
                        PlatformTransactionManager transactions, List<StockPushTarget> targets) {
        this.store = store;
        this.rules = rules;
        this.properties = properties;
        this.stats = stats;
        this.tx = new TransactionTemplate(transactions);
        targets.forEach(t -> this.targets.put(t.type(), t));
        rules.onReload(r -> syncWorkers());
    }

    /** Wakes the pushers of these channels. */
    public void wake(Collection<String> channels) {
        for (String c : channels) {
            Worker w = workers.get(c);
            if (w != null) {
                w.wake();
            }
        }
    }

    /** Pushes one batch of a channel now, on the caller's thread; how many items it held (0: nothing was due). */
    int pushOnce(StockChannel channel) {
        StockPushTarget target = targets.get(channel.type());
        String problem = target == null ? "no adapter pushes to type " + channel.type() : target.misconfigured(channel);
        if (problem != null) {
            stats.error(channel.name(), problem);
            return 0;
        }
        StockRules r = rules.rules();
        List<PushStore.Claimed> claimed;
        // one claim of a channel at a time on this instance: its helpers would otherwise read the same candidates
        synchronized (claimLocks.computeIfAbsent(channel.name(), n -> new Object())) {
            claimed = tx.execute(s -> store.claim(channel.name(), Math.max(1, target.batchSize(channel)),
                    properties.pushLease(), properties.pushGap()));
        }
        if (claimed == null || claimed.isEmpty()) {
            return 0;
        }
        List<StockPushItem> items = new ArrayList<>();
        Map<String, PushStore.Claimed> bySku = new HashMap<>();
        for (PushStore.Claimed c : claimed) {
            items.add(r.item(channel, c.sku(), (int) Math.min(Integer.MAX_VALUE, c.sending()),
                    c.lastPushed() == null ? null : (int) Math.min(Integer.MAX_VALUE, c.lastPushed()), c.channelItemId()));
            bySku.put(c.sku(), c);
        }
        List<StockPushResult> results;
        try {
            results = target.push(channel, items);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            results = List.of();
        } catch (Exception e) {
            LOG.warn("Stock push to {} failed for {} item(s), retried: {}", channel.name(), items.size(), e.toString());
            results = items.stream().map(i -> StockPushResult.retry(i.sku(), e.toString(), null)).toList();
        }
        stats.call(channel.name());
        Instant now = Instant.now();
        Map<String, StockPushResult> answered = new HashMap<>();
        results.forEach(res -> answered.put(res.sku(), res));
        // one transaction for the batch's answers: a commit (and an fsync) per batch, not per SKU
        tx.executeWithoutResult(st -> {
            for (PushStore.Claimed c : claimed) {
                StockPushResult res = answered.getOrDefault(c.sku(),
                        StockPushResult.retry(c.sku(), "the channel adapter gave no answer for this item", null));
                switch (res.outcome()) {
                    case ACCEPTED -> {
                        store.accepted(channel.name(), c.sku(), res.channelItemId());
                        stats.accepted(channel.name(), c.changedAt() == null ? Duration.ZERO : Duration.between(c.changedAt(), now));
                    }
                    case REFUSED -> {
                        store.refused(channel.name(), c.sku(), res.message());
                        stats.error(channel.name(), c.sku() + ": " + res.message());
                    }
                    case RETRY -> {
                        Duration wait = backoff(store.attempts(channel.name(), c.sku()));
                        if (res.retryAfter() != null && res.retryAfter().compareTo(wait) > 0) {
                            wait = res.retryAfter();
                        }
                        store.retry(channel.name(), c.sku(), res.message(), now.plus(wait));
                        stats.error(channel.name(), c.sku() + ": " + res.message());
                    }
                }
            }
        });
        return claimed.size();
    }

    /** Whether a batch of {@code n} items was a full one, so more are probably due at once. */
    private boolean full(StockChannel channel, int n) {
        StockPushTarget target = targets.get(channel.type());
        return target != null && n >= Math.max(1, target.batchSize(channel));
    }

    private Duration backoff(int attempts) {
        long ms = properties.retryInitialDelay().toMillis() << Math.min(20, attempts);
        return Duration.ofMillis(Math.min(ms, properties.retryMaxDelay().toMillis()));
    }

    private synchronized void syncWorkers() {
        if (!running) {
            return;
        }
        Map<String, StockChannel> wanted = new HashMap<>();
        rules.rules().pushedChannels().forEach(c -> wanted.put(c.name(), c));
        workers.keySet().removeIf(name -> {
            if (!wanted.containsKey(name)) {
                workers.get(name).stop();
                return true;
            }
            return false;
        });
        wanted.keySet().forEach(name -> workers.computeIfAbsent(name, n -> new Worker(n).start()).wake());
    }

    /** The thread that pushes one channel. */
    private final class Worker implements Runnable {
        private final String channel;
        private final Semaphore signal = new Semaphore(0);
        private final List<Thread> helpers = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile boolean stopped;
        private Thread thread;

        Worker(String channel) {
            this.channel = channel;
        }

        Worker start() {
            thread = new Thread(this, "stock-push-" + channel);
            thread.setDaemon(true);
            thread.start();
            return this;
        }

        void wake() {
            if (signal.availablePermits() == 0) {
                signal.release();
            }
        }

        void stop() {
            stopped = true;
            thread.interrupt();
            helpers.forEach(Thread::interrupt);
        }

        /** Backlog: starts the helpers the target allows (each pushes batches until none is full) unless running. */
        private void helpers(StockChannel c, StockPushTarget target) {
            int wanted = Math.max(1, target.concurrency(c)) - 1;
            if (!target.minInterval(c).isZero()) {
                return;
            }
            helpers.removeIf(h -> !h.isAlive());
            while (helpers.size() < wanted && !stopped) {
                Thread h = new Thread(() -> {
                    try {
                        while (!stopped && full(c, pushOnce(c))) {
                            // go on while the backlog fills whole batches
                        }
                    } catch (RuntimeException e) {
                        LOG.error("Stock push helper of {} failed: {}", channel, e.toString(), e);
                    }
                }, "stock-push-" + channel + "-" + (helpers.size() + 2));
                h.setDaemon(true);
                helpers.add(h);
                h.start();
            }
        }

        @Override
        public void run() {
            // A round pushes batches until nothing is due; a channel with an interval (an EDI partner's
            // advice) starts its next round no sooner than that interval after this one began.
            Instant lastRound = Instant.EPOCH;
            Instant round = null;
            while (!stopped) {
                try {
                    StockChannel c = rules.rules().channels().get(channel);
                    if (c == null || !c.push()) {
                        return;
                    }
                    StockPushTarget target = targets.get(c.type());
                    Duration interval = target == null ? Duration.ZERO : target.minInterval(c);
                    Duration since = Duration.between(lastRound, Instant.now());
                    if (round == null && since.compareTo(interval) < 0) {
                        signal.tryAcquire(Math.max(1, interval.minus(since).toMillis()), TimeUnit.MILLISECONDS);
                        continue;
                    }
                    signal.drainPermits();
                    Instant started = Instant.now();
                    int pushed = pushOnce(c);
                    if (pushed > 0) {
                        round = round == null ? started : round;
                        if (full(c, pushed)) {
                            helpers(c, target);
                        }
                        continue;
                    }
                    if (round != null) {
                        lastRound = round;
                        round = null;
                    }
                    signal.tryAcquire(sleep(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.error("Stock pusher of {} failed, going on: {}", channel, e.toString(), e);
                    try {
                        signal.tryAcquire(properties.pushSweep().toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }

        /** Until the next retry or lease is due, at most one sweep interval. */
        private long sleep() {
            long sweep = properties.pushSweep().toMillis();
            Instant due = store.nextDue(channel, properties.pushGap());
            if (due == null) {
                return sweep;
            }
            return Math.max(10, Math.min(sweep, Duration.between(Instant.now(), due).toMillis() + 5));
        }
    }

    @Override
    public void start() {
        running = true;
        syncWorkers();
    }

    @Override
    public void stop() {
        running = false;
        workers.values().forEach(Worker::stop);
        workers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the database and the channel clients are up; first down. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }
}
