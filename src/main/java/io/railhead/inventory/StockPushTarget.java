package io.railhead.inventory;

import java.time.Duration;
import java.util.List;

/**
 * What a channel adapter implements so the hub can set the quantities a channel lists (one bean per
 * channel type, in the adapter's own folder: the inventory core names no channel). The pushers
 * ({@link StockPushers}) hand it batches of the latest desired quantities, at most one batch per channel
 * at a time and never the same SKU twice in flight; the target makes the calls (paced and retried as the
 * channel's API asks, through the channel HTTP client) and says per item what became of it.
 */
public interface StockPushTarget {

    /** The channel type this target pushes to, as {@code type} in the stock rules. */
    String type();

    /** Most items one {@link #push} call may be given (the API's batch size, 1 for one call per SKU). */
    int batchSize(StockChannel channel);

    /**
     * Batches of different SKUs that may be in flight to the channel at once (never the same SKU twice): more
     * than one where the API's answer time, not its quota, would bound a single pusher. Used when a backlog
     * fills whole batches; a lone change is still one batch.
     */
    default int concurrency(StockChannel channel) {
        return 1;
    }

    /** Least time between two pushes to the channel (an EDI partner's advice interval); zero for none. */
    default Duration minInterval(StockChannel channel) {
        return Duration.ZERO;
    }

    /** A configuration problem that stops every push to the channel (no credentials, no location id), or null. */
    default String misconfigured(StockChannel channel) {
        return null;
    }

    /**
     * Sets the channel's quantities; returns one result per item (any order, matched by SKU). A thrown
     * exception counts as {@link StockPushResult.Outcome#RETRY} for every item.
     */
    List<StockPushResult> push(StockChannel channel, List<StockPushItem> items) throws Exception;
}
