package io.railhead.channel;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the {@code channel-poller} route configuration does when one target of a poll run fails:
 * one WARN line with the channel, the target and the cause (never a payload), and
 * {@code railhead.poll.failures} by channel and account. Nothing else is needed: a poller moves a
 * target's checkpoint only after its whole window is on the intake queue, so the next run repeats it.
 */
@Component("channelPolls")
public class ChannelPolls {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelPolls.class);

    private final MeterRegistry metrics;

    public ChannelPolls(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        PollTarget target = exchange.getIn().getBody(PollTarget.class);
        String channel = target != null ? target.channel() : exchange.getFromRouteId();
        String account = target != null ? target.metricAccount() : "unknown";
        metrics.counter("railhead.poll.failures", "channel", channel, "account", account).increment();
        LOG.warn("{} poll of {} failed, repeated next run: {}", channel, target != null ? target : "(no target)",
                cause == null ? "unknown cause" : cause.getMessage() != null ? cause.getMessage() : cause.toString());
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }
}
