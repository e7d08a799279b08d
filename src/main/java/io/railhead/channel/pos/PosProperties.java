package io.railhead.channel.pos;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * POS CSV drop folder settings ({@code railhead.channels.pos.*}), read by route {@code channel-pos-csv}
 * and {@link PosCsvIntake}. Files are streamed, so the size limit only bounds how long one file may
 * keep the folder busy (a million rows fit in well under the default); the report lists a bounded
 * number of malformed rows, and sales go to the intake queue in transactions of
 * {@code enqueue-batch-size} messages rather than one broker round trip each.
 */
@ConfigurationProperties("railhead.channels.pos")
public record PosProperties(
        Path csvDir,
        long pollInterval,
        DataSize maxFileSize,
        int reportRowErrors,
        int enqueueBatchSize) {
}
