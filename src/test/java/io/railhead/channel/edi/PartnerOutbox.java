package io.railhead.channel.edi;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** What a file-drop partner received: the documents in its outbox folder under the hub's data directory. */
final class PartnerOutbox {

    private PartnerOutbox() {
    }

    /** The contents of the partner's outbox files that contain the marker. */
    static List<String> documents(Path dataDir, String partner, String marker) {
        Path outbox = dataDir.resolve("edi/" + partner + "/out");
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).map(f -> {
                try {
                    return Files.readString(f, StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).filter(c -> c.contains(marker)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first such document, once there is one (30 s at most). */
    static String awaitDocument(Path dataDir, String partner, String marker) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !documents(dataDir, partner, marker).isEmpty());
        return documents(dataDir, partner, marker).get(0);
    }
}
