package io.railhead.shared;

/**
 * Names of the message headers (JMS properties) the hub puts on every hop. They must be valid
 * Java identifiers without dots or dashes so they survive as JMS properties.
 */
public final class Headers {

    public static final String CORRELATION_ID = "RailheadCorrelationId";
    public static final String CHANNEL = "RailheadChannel";
    public static final String SOURCE_ACCOUNT = "RailheadSourceAccount";
    public static final String EVENT_KEY = "RailheadEventKey";
    public static final String TOPIC = "RailheadTopic";
    public static final String RECEIVED_AT = "RailheadReceivedAt";
    public static final String ORDER_ID = "RailheadOrderId";
    /** Order events: the event's id (subscribers are idempotent on it), its type and the order's status then. */
    public static final String EVENT_ID = "RailheadEventId";
    public static final String EVENT_TYPE = "RailheadEventType";
    public static final String ORDER_STATUS = "RailheadOrderStatus";
    public static final String ACTION = "RailheadAction";
    /** The number of the dispatch a queued ERP command belongs to: only the order's latest is carried out. */
    public static final String DISPATCH_SEQ = "RailheadDispatchSeq";
    public static final String ATTEMPT = "RailheadAttempt";
    public static final String ORIGINAL_QUEUE = "RailheadOriginalQueue";
    /** On a dead letter of a subscriber's queue: the (multicast) address that queue is on. */
    public static final String ORIGINAL_ADDRESS = "RailheadOriginalAddress";
    public static final String ERROR_CLASS = "RailheadErrorClass";
    public static final String ERROR_MESSAGE = "RailheadErrorMessage";
    /** On a dead letter: what the endpoint last answered (status and the start of its body). */
    public static final String ENDPOINT_RESPONSE = "RailheadEndpointResponse";
    public static final String FAILED_ROUTE_ID = "RailheadFailedRouteId";
    public static final String FAILED_AT = "RailheadFailedAt";
    /** SHA-256 of a delivery's payload, set by adapters whose sender names each delivery (webhook ids). */
    public static final String PAYLOAD_DIGEST = "RailheadPayloadDigest";
    /** Hold reasons a channel adapter found itself ({@code REASON: detail}, one per line), e.g. an EDI set accepted with errors. */
    public static final String INTAKE_HOLDS = "RailheadIntakeHolds";
    /** Artemis: deliver the message no earlier than this epoch-millis time. */
    public static final String SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";
    /** JMS message groups: every message of one order goes to one consumer at a time. */
    public static final String GROUP_ID = "JMSXGroupID";
    public static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    /** HTTP header that carries the correlation id to and from other systems. */
    public static final String HTTP_CORRELATION_ID = "X-Correlation-Id";

    private Headers() {
    }
}
