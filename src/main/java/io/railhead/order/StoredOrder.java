package io.railhead.order;

import java.time.Instant;
import java.util.List;

/**
 * An order as the order store keeps it: lifecycle status, hold reasons, the canonical JSON
 * exactly as it will be (or was) sent to the endpoints, and the command it still owes the ERP.
 */
public record StoredOrder(
        String orderId,
        String channel,
        String sourceAccount,
        String channelOrderId,
        String channelOrderNumber,
        OrderStatus status,
        List<String> holdReasons,
        String holdDetail,
        String canonical,
        String rawMessageId,
        Instant channelUpdatedAt,
        String correlationId,
        String endpointResponse,
        Instant createdAt,
        Instant updatedAt,
        int version,
        Dispatch dispatch) {

    /**
     * The command the order owes the ERP ({@link DispatchAction#NONE} when none is outstanding) and
     * the number of its latest dispatch: the ERP stage acts on a queued command only while it is
     * still this one, so a command queued again after a crash, or superseded, never runs twice.
     */
    public record Dispatch(DispatchAction action, int seq) {

        public static final Dispatch NONE = new Dispatch(DispatchAction.NONE, 0);

        /** The next dispatch: {@code next} is owed now, under a new number. */
        public Dispatch then(DispatchAction next) {
            return new Dispatch(next, seq + 1);
        }

        public boolean pending() {
            return action != DispatchAction.NONE;
        }
    }

    public StoredOrder withState(OrderStatus newStatus, List<String> reasons, String detail) {
        return new StoredOrder(orderId, channel, sourceAccount, channelOrderId, channelOrderNumber, newStatus, reasons,
                detail, canonical, rawMessageId, channelUpdatedAt, correlationId, endpointResponse, createdAt, updatedAt,
                version, dispatch);
    }

    /** The same order owing {@code action} to the ERP under a new dispatch number ({@code NONE}: owing nothing). */
    public StoredOrder dispatching(DispatchAction action) {
        return new StoredOrder(orderId, channel, sourceAccount, channelOrderId, channelOrderNumber, status, holdReasons,
                holdDetail, canonical, rawMessageId, channelUpdatedAt, correlationId, endpointResponse, createdAt,
                updatedAt, version, (dispatch == null ? Dispatch.NONE : dispatch).then(action));
    }

    /** The same order with its outstanding command done (the ERP answered it for good). */
    public StoredOrder dispatchDone() {
        Dispatch d = dispatch == null ? Dispatch.NONE : dispatch;
        return new StoredOrder(orderId, channel, sourceAccount, channelOrderId, channelOrderNumber, status, holdReasons,
                holdDetail, canonical, rawMessageId, channelUpdatedAt, correlationId, endpointResponse, createdAt,
                updatedAt, version, new Dispatch(DispatchAction.NONE, d.seq()));
    }
}
