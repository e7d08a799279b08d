package io.railhead.channel.edi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.x12.X12Report;
import io.railhead.shared.JaxpDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smooks.Smooks;
import org.smooks.api.ExecutionContext;
import org.smooks.io.sink.JavaSink;
import org.smooks.io.source.ByteSource;

/** The Smooks pipeline of mappings/edi/ on the project's own X12 fixtures: content, separators, errors. */
class X12SmooksPipelineTest {

    static Smooks smooks;

    @BeforeAll
    static void compile() throws Exception {
        JaxpDefaults.pin();
        smooks = new Smooks("mappings/edi/x12-interchange.smooks.xml");
    }

    @AfterAll
    static void close() {
        smooks.close();
    }

    record Parsed(JsonNode x12, List<X12Report> reports) {
    }

    @SuppressWarnings("unchecked")
    static Parsed parse(String fixture) throws Exception {
        ExecutionContext ec = smooks.createExecutionContext();
        JavaSink sink = new JavaSink();
        smooks.filterSource(ec, new ByteSource(Files.readAllBytes(Path.of("src/test/resources/edi/x12", fixture))), sink);
        return new Parsed((JsonNode) sink.getBean("x12"), (List<X12Report>) sink.getBean("x12Reports"));
    }

    @Test
    void purchaseOrderBindsToJson() throws Exception {
        Parsed p = parse("850-brightmart-two-lines.edi");
        X12Report r = p.reports().get(0);
        assertThat(r.summary()).isEmpty();
        assertThat(r.controlNumber).isEqualTo("000004711");
        JsonNode set = p.x12().at("/Interchange/0/FunctionalGroup/0/TransactionSet/0");
        assertThat(set.at("/BEG/BEG03").asText()).isEqualTo("BM-PO-88120");
        assertThat(set.at("/DTM/1/DTM02").asText()).isEqualTo("20261205");
        assertThat(set.at("/N1Loop/1/N1/N104").asText()).isEqualTo("12");
        assertThat(set.at("/N1Loop/1/N3/0/N301").asText()).isEqualTo("400 LOGISTICS WAY");
        assertThat(set.at("/PO1Loop/1/PO1/PO109").asText()).isEqualTo("TEA-EARLGREY-6");
        assertThat(set.at("/PO1Loop/0/PID/0/PID05").asText()).isEqualTo("CLASSIC MUG 12OZ");
        assertThat(set.at("/CTTLoop/CTT/CTT01").asText()).isEqualTo("2");
        assertThat(p.x12().at("/Interchange/0/ISA/ISA13").asText()).isEqualTo("000004711");
    }

    @Test
    void separatorsComeFromTheIsa_severalGroupsAndSets() throws Exception {
        Parsed p = parse("850-control-char-terminator-two-groups.edi");
        X12Report r = p.reports().get(0);
        assertThat(r.summary()).isEmpty();
        assertThat(r.elementSeparator).isEqualTo('|');
        assertThat(r.segmentTerminator).isEqualTo('\u0085');
        assertThat(r.repetitionSeparator).isEqualTo('^');
        assertThat(r.groups).hasSize(2);
        assertThat(r.groups.get(0).sets).hasSize(2);
        assertThat(p.x12().at("/Interchange/0/FunctionalGroup/1/TransactionSet/0/BEG/BEG03").asText())
                .isEqualTo("BM-PO-88123");
    }

    @Test
    void sameJsonTreeWhetherSmooksGetsEverySaxElementOrOnlyTheRoot() throws Exception {
        Smooks everyElement = new Smooks("src/test/resources/edi/x12/x12-reader-events.smooks.xml");
        try {
            for (String fixture : List.of("850-brightmart-two-lines.edi", "850-control-char-terminator-two-groups.edi",
                    "850-errors.edi")) {
                JavaSink sink = new JavaSink();
                everyElement.filterSource(everyElement.createExecutionContext(),
                        new ByteSource(Files.readAllBytes(Path.of("src/test/resources/edi/x12", fixture))), sink);
                assertThat((JsonNode) sink.getBean("x12")).as(fixture).isEqualTo(parse(fixture).x12());
            }
        } finally {
            everyElement.close();
        }
    }

    @Test
    void pooledReadersKeepConcurrentFilesApart() throws Exception {
        List<String> fixtures = List.of("850-brightmart-two-lines.edi", "850-control-char-terminator-two-groups.edi",
                "850-200-lines.edi", "850-errors.edi");
        Map<String, JsonNode> expected = new HashMap<>();
        for (String fixture : fixtures) {
            expected.put(fixture, parse(fixture).x12());
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                String fixture = fixtures.get(i % fixtures.size());
                results.add(pool.submit(() -> parse(fixture).x12().equals(expected.get(fixture))));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void errorsAreReportedPerSet() throws Exception {
        Parsed p = parse("850-errors.edi");
        X12Report r = p.reports().get(0);
        assertThat(r.interchangeErrors).extracting(X12Report.Issue::code).containsExactly("021");
        X12Report.Group g = r.groups.get(0);
        assertThat(g.sets.get(0).ackCode()).isEqualTo("A");
        X12Report.TransactionSet bad = g.sets.get(1);
        assertThat(bad.ackCode()).isEqualTo("R");
        assertThat(bad.errors).extracting(X12Report.Issue::code).containsExactly("4", "5");
        assertThat(bad.segmentErrors).extracting(X12Report.SegmentError::segmentId, X12Report.SegmentError::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("BEG", "8"),
                        org.assertj.core.groups.Tuple.tuple("ZZZ", "1"));
        assertThat(bad.segmentErrors.get(0).elementErrors().get(0).code()).isEqualTo("1");
        assertThat(bad.segmentErrors.get(0).elementErrors().get(0).position()).isEqualTo(3);
        assertThat(g.ackCode()).isEqualTo("P");
    }
}
