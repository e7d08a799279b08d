package io.railhead.edi;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * EDI settings ({@code railhead.edi.*}): where partner profiles and the X12 schemas live, the
 * queues interchanges travel on, and how many consumers parse them.
 */
@ConfigurationProperties("railhead.edi")
public record EdiProperties(
        @DefaultValue("config/partners") Path partnersDir,
        @DefaultValue("edi.received.v1") String receivedQueue,
        @DefaultValue("edi.outbound.v1") String outboundQueue,
        @DefaultValue("2") int receivedConsumers,
        @DefaultValue("2") int outboundConsumers,
        @DefaultValue("2000") long filePollMillis) {
}
