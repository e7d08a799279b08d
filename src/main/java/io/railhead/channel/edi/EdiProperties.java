package io.railhead.channel.edi;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * EDI settings ({@code railhead.edi.*}): where partner profiles live, how many consumers parse
 * interchanges and send documents, how often partners' file inboxes are polled, and the largest
 * file the file-drop and SFTP transports take (decided from the file's length before it is read:
 * a file is held in memory whole while it is archived and parsed). The queues are
 * {@code railhead.queues.edi-received} and {@code railhead.queues.edi-outbound}.
 */
@ConfigurationProperties("railhead.edi")
public record EdiProperties(
        Path partnersDir,
        int receivedConsumers,
        int outboundConsumers,
        long filePollMillis,
        DataSize maxFileSize) {
}
