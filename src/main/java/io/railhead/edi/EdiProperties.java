package io.railhead.edi;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * EDI settings ({@code railhead.edi.*}): where partner profiles live, how many consumers parse
 * interchanges and send documents, and how often partners' file inboxes are polled. The queues
 * are {@code railhead.queues.edi-received} and {@code railhead.queues.edi-outbound}.
 */
@ConfigurationProperties("railhead.edi")
public record EdiProperties(
        @DefaultValue("config/partners") Path partnersDir,
        @DefaultValue("2") int receivedConsumers,
        @DefaultValue("2") int outboundConsumers,
        @DefaultValue("2000") long filePollMillis) {
}
