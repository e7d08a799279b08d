package io.railhead.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** How one channel's corpus cases are delivered, and where their outcome is found. */
interface Deliveries {

    /** Sends the case the way the channel would; returns what the sender got back. */
    Hub.Answer deliver(BadInputCase c, Hub hub) throws Exception;

    /**
     * The orders the delivery led to so far, each with the channel order id the ERP would know it by
     * (null when it has none: an unreadable payload). Empty while in flight, and for refused input.
     */
    List<Hub.Record> records(BadInputCase c, Hub.Answer answer, Hub hub);

    /** Whether the channel's input makes orders at all (the ops API's does not). */
    default boolean makesOrders() {
        return true;
    }

    /**
     * Writes a file case's content to {@code tmp}: none for {@code empty}, a sparse file of {@code size} bytes
     * (never read, so a huge one costs nothing), else what {@code content} makes.
     */
    static void writeFile(Path tmp, JsonNode spec, Supplier<byte[]> content) throws IOException {
        if (spec.path("empty").asBoolean()) {
            Files.write(tmp, new byte[0]);
        } else if (spec.has("size")) {
            try (RandomAccessFile f = new RandomAccessFile(tmp.toFile(), "rw")) {
                f.setLength(spec.get("size").asLong());
            }
        } else {
            Files.write(tmp, content.get());
        }
    }

    /** A file channel's final answer (report, acknowledgment) may come later than its records. */
    default Hub.Answer settle(BadInputCase c, Hub.Answer answer, Hub hub) {
        return answer;
    }
}
