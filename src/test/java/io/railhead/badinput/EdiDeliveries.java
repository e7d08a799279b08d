package io.railhead.badinput;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.channel.edi.X12Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * EDI cases: a file dropped in partner brightmart's inbox. By default one interchange with fresh control
 * numbers ({@code ${isa13}}, {@code ${gs06}}) holding the case's {@code sets} (lists of segments, default
 * a one-line 850 for PO {@code ${po}}); {@code extra} adds {@code times} copies of a {@code segment} to the
 * first set, {@code raw} gives the whole file instead, {@code sender}/{@code receiver} other ISA ids,
 * {@code crlf}/{@code oneLine} other line ends, {@code twice} sends the same interchange in an earlier file
 * first, {@code size} makes a file of that many bytes (sparse, never read), {@code empty} a 0-byte file.
 * What the partner is told is the 997/TA1 in its outbox, the EDI exception list and the error/ report.
 */
final class EdiDeliveries implements Deliveries {

    private static final List<String> ONE_LINE = List.of("BEG*00*SA*${po}**20261123", "N1*ST*RECEIVING DOCK 4*92*4",
            "N3*12 HARBOR RD", "N4*OAKLAND*CA*94607*US", "PO1*1*5*EA*7.50**VN*MUG-CLASSIC-12", "CTT*1*5");

    @Override
    public Hub.Answer deliver(BadInputCase c, Hub hub) throws IOException {
        JsonNode spec = c.spec();
        String po = "PO-" + UUID.randomUUID().toString().substring(0, 8);
        String isa13 = X12Fixtures.controlNumber();
        String gs06 = X12Fixtures.groupNumber();
        String file = "corpus-" + c.name() + "-" + po + ".edi";
        Path inbox = hub.dataDir().resolve("edi/brightmart/in");
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve("." + file + ".part");
        Deliveries.writeFile(tmp, spec, () -> BadInputCase.text(content(c, isa13, gs06), "po", po, "isa13", isa13,
                "gs06", gs06).getBytes(StandardCharsets.ISO_8859_1));
        if (spec.path("twice").asBoolean()) {
            // the same interchange (same ISA13) in an earlier file: this one is the partner's resend
            Files.copy(tmp, inbox.resolve("first-" + file));
            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(inbox.resolve("first-" + file)));
        }
        Files.move(tmp, inbox.resolve(file));
        return Hub.Answer.file("", String.join(" ", po, isa13, gs06, file));
    }

    /** The file as the case describes it, before its placeholders are filled in. */
    private static String content(BadInputCase c, String isa13, String gs06) {
        JsonNode spec = c.spec();
        String content;
        if (spec.hasNonNull("raw")) {
            content = spec.get("raw").asText();
        } else {
            List<List<String>> sets = new ArrayList<>();
            for (JsonNode set : spec.path("sets")) {
                List<String> segments = new ArrayList<>();
                set.forEach(s -> segments.add(s.asText()));
                sets.add(segments);
            }
            if (sets.isEmpty()) {
                sets.add(new ArrayList<>(ONE_LINE));
            }
            if (spec.has("extra")) {
                List<String> first = sets.get(0);
                for (int i = 0; i < spec.path("extra").path("times").asInt(1); i++) {
                    first.add(first.size() - 1, spec.path("extra").path("segment").asText());
                }
            }
            content = X12Fixtures.interchange(c.string("sender", "BRIGHTMART"), c.string("receiver", "RAILHEADDEMO"),
                    isa13, gs06, sets);
        }
        if (spec.path("oneLine").asBoolean()) {
            return content.replace("\n", "");
        }
        return spec.path("crlf").asBoolean() ? content.replace("\n", "\r\n") : content;
    }

    @Override
    public List<Hub.Record> records(BadInputCase c, Hub.Answer answer, Hub hub) {
        return hub.recordsByPayload("edi", "%" + answer.key().split(" ")[0] + "%");
    }

    /** Waits for what the partner is told about the file, and gives it as the answer. */
    @Override
    public Hub.Answer settle(BadInputCase c, Hub.Answer answer, Hub hub) {
        String[] key = answer.key().split(" ");
        return answer.withText(await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> told(hub, key[1], key[2], key[3]), t -> !t.isBlank()
                        && (c.reason() == null || "held".equals(c.expect()) || t.contains(c.reason()))));
    }

    private static String told(Hub hub, String isa13, String gs06, String file) {
        StringBuilder told = new StringBuilder();
        hub.jdbc().queryForList("select e.reason || ': ' || coalesce(e.detail, '') from edi_exception e "
                + "join edi_archive a on a.id = e.archive_id where a.file_name = ?", String.class, file)
                .forEach(e -> told.append(e).append('\n'));
        Path outbox = hub.dataDir().resolve("edi/brightmart/out");
        if (Files.isDirectory(outbox)) {
            try (Stream<Path> files = Files.list(outbox)) {
                files.filter(f -> !f.getFileName().toString().startsWith(".")).map(EdiDeliveries::read)
                        .filter(t -> t.contains("AK1*PO*" + gs06 + "~") || t.contains("TA1*" + isa13 + "*"))
                        .forEach(t -> told.append(t).append('\n'));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path report = hub.dataDir().resolve("edi/brightmart/in/error/" + file + ".report.txt");
        if (Files.exists(report)) {
            told.append(read(report));
        }
        return told.toString();
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
