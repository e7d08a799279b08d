package io.railhead.order;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Hub order ids are derived from what identifies an order at its channel, so the same order
 * gets the same id on every redelivery, on every hub instance, without a lookup.
 */
public final class OrderIds {

    private OrderIds() {
    }

    public static String forChannelOrder(String channel, String sourceAccount, String channelOrderId) {
        return "ord-" + UUID.nameUUIDFromBytes(
                (channel + "|" + sourceAccount + "|" + channelOrderId).getBytes(StandardCharsets.UTF_8));
    }

    /** Id for a payload that could not be read far enough to know its channel order id. */
    public static String forUnreadable(String channel, String sourceAccount, String eventKey) {
        return "ord-" + UUID.nameUUIDFromBytes(
                (channel + "|" + sourceAccount + "|event|" + eventKey).getBytes(StandardCharsets.UTF_8));
    }
}
