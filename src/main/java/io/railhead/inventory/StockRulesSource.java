package io.railhead.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The stock rules in force. Read at start (a broken file stops the start, with file, line and reason), then
 * looked at every {@code railhead.stock.rules-reload-interval}: a changed file that reads cleanly replaces
 * the rules and the listeners recompute what every channel should list; a broken one is refused, logged and
 * shown ({@link #status()}), and the previous rules stay.
 */
@Component
public class StockRulesSource implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(StockRulesSource.class);

    private final StockProperties properties;
    private final List<String> types;
    private final List<Consumer<StockRules>> listeners = new CopyOnWriteArrayList<>();
    private volatile StockRules rules;
    private volatile FileTime seen;
    private volatile Instant loadedAt;
    private volatile StockRulesException refused;
    private ScheduledExecutorService thread;

    public StockRulesSource(StockProperties properties, List<StockPushTarget> targets) {
        this.properties = properties;
        this.types = targets.stream().map(StockPushTarget::type).toList();
        this.seen = modified();
        this.rules = StockRulesReader.read(properties.rulesFile(), types);
        this.loadedAt = Instant.now();
    }

    public StockRules rules() {
        return rules;
    }

    /** Called with the new rules after each successful reload. */
    public void onReload(Consumer<StockRules> listener) {
        listeners.add(listener);
    }

    /** The file, when it was loaded, and the last refusal since (null when the file in force is the file on disk). */
    public record Status(String file, Instant loadedAt, StockRulesException refused) {
    }

    public Status status() {
        return new Status(properties.rulesFile().toString(), loadedAt, refused);
    }

    /** Reads the file again if it changed; true when new rules are in force. */
    public synchronized boolean reloadIfChanged() {
        FileTime now = modified();
        if (now == null || now.equals(seen)) {
            return false;
        }
        seen = now;
        try {
            rules = StockRulesReader.read(properties.rulesFile(), types);
        } catch (StockRulesException e) {
            refused = e;
            LOG.error("Stock rules refused, the previous rules stay: {}", e.getMessage());
            return false;
        }
        refused = null;
        loadedAt = Instant.now();
        LOG.info("Stock rules reloaded from {}: {} location(s), {} channel(s), {} kit(s)", properties.rulesFile(),
                rules.locations().size(), rules.channels().size(), rules.kits().size());
        for (Consumer<StockRules> l : listeners) {
            try {
                l.accept(rules);
            } catch (RuntimeException e) {
                LOG.error("Recomputing after the stock rules reload failed: {}", e.toString(), e);
            }
        }
        return true;
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(properties.rulesFile());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stock-rules-reload");
            t.setDaemon(true);
            return t;
        });
        long every = properties.rulesReloadInterval().toMillis();
        thread.scheduleWithFixedDelay(() -> {
            try {
                reloadIfChanged();
            } catch (RuntimeException e) {
                LOG.error("Stock rules check failed: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
