package io.railhead.channel.edi.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.railhead.channel.edi.ControlNumbers;
import io.railhead.channel.edi.EdiOutbound;
import io.railhead.channel.edi.X12Envelopes;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.x12.X12JsonTree;
import io.railhead.x12.X12Parser;
import io.railhead.x12.X12Report;
import io.railhead.x12.X12SchemaLoader;
import io.railhead.order.CanonicalOrder;
import io.railhead.order.OrderJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the outbound document tests share: the test partner profile, a canonical EDI order, an
 * envelope writer with in-memory control numbers, and a reader that parses a written document
 * back with the X12 parser and the schemas of mappings/edi/x12 into JSON (the shape the Smooks
 * binder gives the inbound mappings).
 */
final class OutboundFixtures {

    private static final X12SchemaLoader SCHEMAS = new X12SchemaLoader(Path.of("mappings/edi/x12"));

    private OutboundFixtures() {
    }

    static PartnerProfile partner() {
        try {
            return new ObjectMapper(new YAMLFactory()).readValue(
                    Path.of("src/test/resources/edi/partners/brightmart.yml").toFile(), PartnerProfile.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PartnerProfile withParties(PartnerProfile p, PartnerProfile.Parties parties) {
        return new PartnerProfile(p.id(), p.name(), p.interchange(), p.groups(), p.documents(), p.transport(),
                p.acknowledgments(), p.items(), parties, p.currency(), p.terms(), p.inventoryAdvice());
    }

    static CanonicalOrder order() {
        try {
            return OrderJson.read(Files.readString(Path.of("src/test/resources/edi/outbound/canonical-edi-order.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Control numbers counted in memory per partner and kind (the real ones live in the database). */
    static ControlNumbers numbers() {
        Map<String, AtomicLong> seq = new ConcurrentHashMap<>();
        return new ControlNumbers(null) {
            @Override
            public long next(String partnerId, Kind kind) {
                return seq.computeIfAbsent(partnerId + kind, k -> new AtomicLong(kind == Kind.INTERCHANGE ? 41 : 6))
                        .incrementAndGet();
            }
        };
    }

    static X12Envelopes envelopes() {
        return new X12Envelopes(numbers());
    }

    /** A draft written into an interchange for the partner. */
    static EdiOutbound.Document write(X12Envelopes envelopes, PartnerProfile partner, OutboundDocuments.Draft draft) {
        return envelopes.build(partner, OutboundDocuments.functionalId(draft.type()), draft.type(),
                partner.groupVersion(), List.of(draft.body()));
    }

    /** A document read back: the parser's report and the content as JSON. */
    record Parsed(X12Report report, JsonNode interchange) {

        JsonNode set() {
            return interchange.at("/FunctionalGroup/0/TransactionSet/0");
        }
    }

    static Parsed parse(String payload) {
        X12JsonTree json = new X12JsonTree();
        List<X12Report> reports = new X12Parser(SCHEMAS).parse(payload, json);
        if (reports.size() != 1) {
            throw new AssertionError("expected one interchange, got " + reports.size());
        }
        return new Parsed(reports.get(0), json.root().path("Interchange").path(0));
    }

    /** A written document and what reading it back gave. */
    record RoundTrip(EdiOutbound.Document doc, Parsed parsed) {
    }

    /**
     * Writes a draft that has no problems, checks it against its schema, reads it back and checks
     * its interchange control number (ISA13 = the document's = IEA02).
     */
    static RoundTrip writeAndReadBack(X12Envelopes envelopes, PartnerProfile partner, OutboundDocuments.Draft draft) {
        assertThat(draft.problems()).isEmpty();
        EdiOutbound.Document doc = write(envelopes, partner, draft);
        assertThat(envelopes.check(doc)).as("schema check of\n" + doc.payload()).isEmpty();
        Parsed parsed = parse(doc.payload());
        assertThat(parsed.report().summary()).isEmpty();
        assertThat(parsed.interchange().at("/ISA/ISA13").asText()).isEqualTo(doc.interchangeNumber())
                .isEqualTo(parsed.interchange().at("/IEA/IEA02").asText());
        return new RoundTrip(doc, parsed);
    }
}
