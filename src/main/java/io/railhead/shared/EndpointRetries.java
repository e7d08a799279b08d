package io.railhead.shared;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.jms.JmsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Error handling for queue consumers, used by the {@code queue-consumer} route configuration.
 *
 * <p>Transient endpoint failures are retried without holding a consumer thread: the original
 * message is sent back to its own queue as an Artemis scheduled message, after an exponential
 * back-off that honours the endpoint's {@code Retry-After}, in the same broker transaction that
 * consumes the failed one. After the configured attempts, or for a failure that retrying cannot
 * fix, the original message goes to the queue's dead-letter queue with the cause on it
 * (exception class and message, the endpoint's answer, failed route, attempts, time), ready for
 * replay. {@link DeliveryObserver}s are told of each retry and dead letter (an order's timeline shows them).
 */
@Component("endpointRetries")
public class EndpointRetries {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointRetries.class);

    private static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";
    private static final String ORIGINAL_QUEUE = "_AMQ_ORIG_QUEUE";

    private final ProducerTemplate producer;
    private final HubProperties.Retry policy;
    private final int maxDeliveries;
    private final List<DeliveryObserver> observers;

    public EndpointRetries(ProducerTemplate producer, HubProperties hub, List<DeliveryObserver> observers) {
        this.producer = producer;
        this.policy = hub.retry();
        this.maxDeliveries = hub.broker().maxDeliveryAttempts();
        this.observers = observers;
    }

    /** Reschedules the failed message, or dead-letters it once the attempts are used up. */
    public void retryOrDeadLetter(Exchange exchange) {
        Message original = original(exchange);
        correlate(original);
        int attempt = original.getHeader(Headers.ATTEMPT, 1, Integer.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (attempt >= policy.maxAttempts()) {
            deadLetter(exchange);
            return;
        }
        Duration delay = delay(attempt, cause instanceof TransientEndpointException t ? t.retryAfter() : null);
        Map<String, Object> headers = new HashMap<>(original.getHeaders());
        stripBrokerHeaders(headers);
        headers.put(Headers.ATTEMPT, attempt + 1);
        headers.put(Headers.SCHEDULED_DELIVERY, Instant.now().plus(delay).toEpochMilli());
        String queue = queueOf(exchange);
        // Logged before the send: the send's own unit of work resets the logging context when it ends.
        LOG.warn("Attempt {} of {} on {} failed ({}); retrying in {} ms", attempt, policy.maxAttempts(), queue,
                cause == null ? "unknown" : cause.getMessage(), delay.toMillis());
        DeliveryObserver.Delivery delivery = delivery(exchange, original, queue, cause);
        observers.forEach(o -> observe(() -> o.retrying(delivery, attempt, policy.maxAttempts(), delay)));
        producer.sendBodyAndHeaders(destination(queue), original.getBody(), headers);
    }

    /** Moves the original message to its queue's dead-letter queue with the cause attached. */
    public void deadLetter(Exchange exchange) {
        Message original = original(exchange);
        correlate(original);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String queue = queueOf(exchange);
        Map<String, Object> headers = new HashMap<>(original.getHeaders());
        stripBrokerHeaders(headers);
        int attempts = Math.max(original.getHeader(Headers.ATTEMPT, 1, Integer.class),
                original.getHeader(Headers.DELIVERY_COUNT, 1, Integer.class));
        // A subscriber's queue is read as address::queue; the queue's own name is what operators know it by.
        int fqqn = queue.indexOf("::");
        String address = fqqn < 0 ? queue : queue.substring(0, fqqn);
        String queueName = fqqn < 0 ? queue : queue.substring(fqqn + 2);
        headers.put(Headers.ORIGINAL_QUEUE, queueName);
        headers.put(Headers.ORIGINAL_ADDRESS, address);
        headers.put(Headers.ERROR_CLASS, cause == null ? "unknown" : cause.getClass().getName());
        headers.put(Headers.ERROR_MESSAGE, cause == null ? "unknown" : String.valueOf(cause.getMessage()));
        String response = endpointResponse(cause);
        if (response != null) {
            headers.put(Headers.ENDPOINT_RESPONSE, response);
        }
        headers.put(Headers.FAILED_ROUTE_ID, exchange.getProperty(Exchange.FAILURE_ROUTE_ID, exchange.getFromRouteId(),
                String.class));
        headers.put(Headers.ATTEMPT, attempts);
        headers.put(Headers.FAILED_AT, Instant.now().toString());
        // Where the broker's own retryMessage(s) operation (Hawtio, JMX) sends the message back to.
        headers.put(ORIGINAL_ADDRESS, address);
        headers.put(ORIGINAL_QUEUE, queueName);
        LOG.error("Message for {} dead-lettered from {} after {} attempt(s): {}", subject(original), queue, attempts,
                cause == null ? "unknown" : cause.toString());
        String deadLetterQueue = HubProperties.Queues.deadLetter(queue);
        DeliveryObserver.Delivery delivery = delivery(exchange, original, queue, cause);
        observers.forEach(o -> observe(() -> o.deadLettered(delivery, attempts, deadLetterQueue)));
        producer.sendBodyAndHeaders("jms:queue:" + deadLetterQueue, original.getBody(), headers);
    }

    private static DeliveryObserver.Delivery delivery(Exchange exchange, Message original, String queue, Throwable cause) {
        return new DeliveryObserver.Delivery(queue, exchange.getProperty(Exchange.FAILURE_ROUTE_ID,
                exchange.getFromRouteId(), String.class), orderId(original),
                original.getHeader(Headers.CORRELATION_ID, String.class),
                cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                endpointResponse(cause));
    }

    private static void observe(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("A delivery observer failed ({}); the retry or dead letter goes ahead", e.toString());
        }
    }

    /** What the endpoint answered, when the failure carries it. */
    private static String endpointResponse(Throwable cause) {
        if (cause instanceof TransientEndpointException t) {
            return t.response();
        }
        return cause instanceof PermanentEndpointException p ? p.response() : null;
    }

    /**
     * Where a message goes back to: its queue; a subscriber's queue (address::queue on a multicast address) is
     * sent to as a topic, which with the queue's full name reaches that one queue only.
     */
    static String destination(String queue) {
        return (queue.contains("::") ? "jms:topic:" : "jms:queue:") + queue;
    }

    /** The hub order a message is about: its order id header, or an order id as the whole body. */
    static String orderId(Message m) {
        String order = m.getHeader(Headers.ORDER_ID, String.class);
        if (order == null && m.getBody() instanceof String s && s.startsWith("ord-") && s.length() < 80) {
            order = s;
        }
        return order;
    }

    /** What the message is about, for the log: an order, an EDI file or an EDI document. */
    private static String subject(Message m) {
        String order = orderId(m);
        if (order != null) {
            return "order " + order;
        }
        String file = m.getHeader("RailheadEdiArchiveId", String.class);
        String document = m.getHeader("RailheadEdiOutboundId", String.class);
        return document != null ? "EDI document " + document : file != null ? "EDI file " + file : "an unknown subject";
    }

    /** True once a rolled-back message has used up its deliveries: time to dead-letter it with the cause. */
    public boolean exhausted(Exchange exchange) {
        return original(exchange).getHeader(Headers.DELIVERY_COUNT, 1, Integer.class) >= maxDeliveries;
    }

    /** Puts the message's correlation id into the logging context of the consuming thread. */
    public void correlate(Exchange exchange) {
        correlate(exchange.getIn());
    }

    private static void correlate(Message message) {
        String id = message.getHeader(Headers.CORRELATION_ID, String.class);
        if (id != null) {
            MDC.put("correlationId", id);
        } else {
            MDC.remove("correlationId");
        }
    }

    Duration delay(int attempt, Duration retryAfter) {
        double millis = policy.initialDelay().toMillis() * Math.pow(policy.multiplier(), attempt - 1);
        long backoff = (long) Math.min(millis, policy.maxDelay().toMillis());
        long wanted = retryAfter == null ? backoff : Math.max(backoff, retryAfter.toMillis());
        return Duration.ofMillis(Math.min(wanted, policy.maxDelay().toMillis()));
    }

    private static Message original(Exchange exchange) {
        return exchange.getUnitOfWork() != null && exchange.getUnitOfWork().getOriginalInMessage() != null
                ? exchange.getUnitOfWork().getOriginalInMessage() : exchange.getIn();
    }

    private static String queueOf(Exchange exchange) {
        if (exchange.getFromEndpoint() instanceof JmsEndpoint jms) {
            return jms.getDestinationName();
        }
        throw new IllegalStateException("endpoint retries apply to queue consumers only, not "
                + exchange.getFromEndpoint());
    }

    private static void stripBrokerHeaders(Map<String, Object> headers) {
        headers.keySet().removeIf(k -> k.startsWith("JMS") && !k.equals(Headers.GROUP_ID) || k.startsWith("Camel")
                || k.startsWith("_AMQ"));
    }
}
