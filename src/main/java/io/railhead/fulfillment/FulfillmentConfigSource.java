package io.railhead.fulfillment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The fulfillment nodes and routing rules in force, with the postal centroids. Read at start (a broken file
 * stops the start with file, line and reason), then looked at every
 * {@code railhead.fulfillment.config-reload-interval}: changed files that read cleanly replace what is in force
 * and the listeners are told; a broken one is refused, logged and shown ({@link #status()}), and the previous
 * configuration stays. No nodes (the default: the shipped nodes file lists none) means fulfillment is off and
 * orders go to the ERP as they always did; nodes without a routing file are refused.
 */
@Component
public class FulfillmentConfigSource implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(FulfillmentConfigSource.class);

    /** What is in force: nodes by id (empty: fulfillment is off), the rules (null when off) and the centroids. */
    public record Config(Map<String, FulfillmentNode> nodes, RoutingRules routing, PostalCentroids centroids) {

        public boolean enabled() {
            return !nodes.isEmpty();
        }
    }

    /** The files, when they were loaded, and the last refusal since (null when the files in force are on disk). */
    public record Status(String nodesFile, String routingFile, Instant loadedAt, String refused) {
    }

    private final FulfillmentProperties properties;
    private final Environment environment;
    private final List<Consumer<Config>> listeners = new CopyOnWriteArrayList<>();
    private volatile Config config;
    private volatile List<FileTime> seen;
    private volatile Instant loadedAt;
    private volatile String refused;
    private ScheduledExecutorService thread;

    public FulfillmentConfigSource(FulfillmentProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
        this.seen = modified();
        this.config = read();
        this.loadedAt = Instant.now();
    }

    public Config config() {
        return config;
    }

    /** Called with the new configuration after each successful reload. */
    public void onReload(Consumer<Config> listener) {
        listeners.add(listener);
    }

    public Status status() {
        return new Status(properties.nodesFile().toString(), properties.routingFile().toString(), loadedAt, refused);
    }

    private Config read() {
        Map<String, FulfillmentNode> nodes = Files.exists(properties.nodesFile())
                ? NodesReader.read(properties.nodesFile(), environment::resolveRequiredPlaceholders) : Map.of();
        PostalCentroids centroids = properties.postalCentroidsFile() == null ? PostalCentroids.NONE
                : PostalCentroids.read(properties.postalCentroidsFile());
        if (nodes.isEmpty()) {
            return new Config(Map.of(), null, centroids);
        }
        if (!Files.exists(properties.routingFile())) {
            throw new FulfillmentConfigException(properties.routingFile(), 0, "the nodes file lists "
                    + nodes.size() + " node(s) but there is no routing file to choose between them");
        }
        return new Config(nodes, RoutingRulesReader.read(properties.routingFile(), nodes), centroids);
    }

    /** Reads the files again if one changed; true when a new configuration is in force. */
    public synchronized boolean reloadIfChanged() {
        List<FileTime> now = modified();
        if (Objects.equals(now, seen)) {
            return false;
        }
        seen = now;
        Config next;
        try {
            next = read();
        } catch (RuntimeException e) {
            refused = e.getMessage();
            LOG.error("Fulfillment configuration refused, the previous one stays: {}", e.getMessage());
            return false;
        }
        config = next;
        refused = null;
        loadedAt = Instant.now();
        LOG.info("Fulfillment configuration reloaded: {} node(s), {} rule(s)", next.nodes().size(),
                next.routing() == null ? 0 : next.routing().rules().size());
        for (Consumer<Config> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.error("Acting on the fulfillment reload failed: {}", e.toString(), e);
            }
        }
        return true;
    }

    private List<FileTime> modified() {
        return java.util.Arrays.asList(time(properties.nodesFile()), time(properties.routingFile()),
                properties.postalCentroidsFile() == null ? null : time(properties.postalCentroidsFile()));
    }

    private static FileTime time(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fulfillment-config-reload");
            t.setDaemon(true);
            return t;
        });
        long every = properties.configReloadInterval().toMillis();
        thread.scheduleWithFixedDelay(() -> {
            try {
                reloadIfChanged();
            } catch (RuntimeException e) {
                LOG.error("Fulfillment configuration check failed: {}", e.toString());
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
