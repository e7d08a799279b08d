package io.railhead.fulfillment;

import java.util.List;

/**
 * Lines of an order no node can ship, as a channel's {@link LineCancelTarget} is asked to cancel them: the
 * channel's order, the lines (our line ids are the channel's line numbers or ids, as the order's mapping kept
 * them) and whether nothing else of the order remains to ship ({@code wholeOrder}: no line shipped, none other
 * still to ship), which channels that cancel whole orders only need to know.
 */
public record LineCancel(String cancellationId, String orderId, String channel, String channelOrderId,
                         String sourceAccount, boolean wholeOrder, String reason, List<Line> lines) {

    /** One line and how many of its units are cancelled. */
    public record Line(String lineId, String sku, int quantity) {
    }
}
