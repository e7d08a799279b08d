package io.railhead.x12;

import static org.assertj.core.api.Assertions.assertThat;

import io.railhead.channel.edi.X12Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Envelope and syntax rules of the streaming reader, each error with the code X12 reports it by. */
class X12ParserTest {

    private static final X12Parser PARSER = new X12Parser(new X12SchemaLoader(Path.of("mappings/edi/x12")));

    private static X12Report parse(String text) {
        List<X12Report> reports = PARSER.parse(text, X12Handler.NONE);
        assertThat(reports).hasSize(1);
        return reports.get(0);
    }

    private static String po(String isa13, String gs06) {
        return X12Fixtures.interchange("BRIGHTMART", isa13, gs06, List.of(X12Fixtures.purchaseOrder("PO-1")));
    }

    private static List<String> codes(List<X12Report.Issue> issues) {
        return issues.stream().map(X12Report.Issue::code).toList();
    }

    @Test
    void wellFormedInterchange_hasNoErrors() {
        X12Report r = parse(po("000000001", "1"));
        assertThat(r.summary()).isEmpty();
        assertThat(r.groups.get(0).ackCode()).isEqualTo("A");
        assertThat(r.groups.get(0).sets.get(0).segmentCount).isEqualTo(14);
    }

    @Test
    void newlineAsSegmentTerminator_withCarriageReturns() {
        String text = po("000000002", "2").replace("~\n", "\r\n");
        // the ISA's last character (after ISA16) is the terminator: here the CR/LF pair's LF
        text = text.replaceFirst(">\\r\\n", ">\n");
        X12Report r = parse(text);
        assertThat(r.segmentTerminator).isEqualTo('\n');
        assertThat(r.summary()).isEmpty();
    }

    @Test
    void trailerMismatches_areReportedAtTheirLevel() {
        String text = po("000000003", "3").replace("IEA*1*000000003", "IEA*1*000000099")
                .replace("GE*1*3~", "GE*2*4~").replace("SE*14*0001", "SE*13*0002");
        X12Report r = parse(text);
        assertThat(codes(r.interchangeErrors)).containsExactly("001");
        assertThat(codes(r.groups.get(0).errors)).containsExactly("5", "4");
        assertThat(codes(r.groups.get(0).sets.get(0).errors)).containsExactly("3", "4");
        assertThat(r.groups.get(0).ackCode()).isEqualTo("R");
    }

    @Test
    void duplicateSetControlNumber_andUnsupportedSet() {
        String text = X12Fixtures.interchange("BRIGHTMART", "000000004", "4",
                List.of(X12Fixtures.purchaseOrder("A"), X12Fixtures.purchaseOrder("B")))
                .replace("ST*850*0002", "ST*850*0001").replace("SE*14*0002", "SE*14*0001");
        X12Report.Group g = parse(text).groups.get(0);
        assertThat(codes(g.sets.get(1).errors)).containsExactly("23");
        assertThat(g.ackCode()).isEqualTo("P");

        X12Report r = parse(po("000000005", "5").replace("ST*850*", "ST*999*"));
        assertThat(codes(r.groups.get(0).sets.get(0).errors)).containsExactly("1");
    }

    @Test
    void unsupportedVersion_rejectsTheGroup() {
        X12Report r = parse(po("000000006", "6").replace("*X*004010~", "*X*003030~"));
        assertThat(codes(r.groups.get(0).errors)).contains("2");
        assertThat(r.groups.get(0).ackCode()).isEqualTo("R");
    }

    @Test
    void elementErrors_carryPositionReferenceAndCode() {
        String text = po("000000007", "7").replace("BEG*00*SA*PO-1**20261123", "BEG*09*SA*PO-1**20261341")
                .replace("PO1*2*6*CA*18.00", "PO1*2*six*CA*18.00")
                .replace("N3*400 LOGISTICS WAY", "N3*" + "X".repeat(56));
        X12Report.TransactionSet s = parse(text).groups.get(0).sets.get(0);
        List<String> found = new ArrayList<>();
        for (X12Report.SegmentError se : s.segmentErrors) {
            for (X12Report.ElementError ee : se.elementErrors()) {
                found.add(se.segmentId() + "#" + se.position() + "/" + ee.position() + ":" + ee.code() + ":"
                        + ee.reference());
            }
        }
        assertThat(found).containsExactly("BEG#2/1:7:353", "BEG#2/5:8:373", "N3#8/1:5:166", "PO1#12/2:6:330");
        assertThat(s.ackCode()).as("mandatory BEG elements wrong").isEqualTo("R");
    }

    @Test
    void optionalElementError_acceptedWithErrors() {
        String text = po("000000008", "8").replace("PO1*2*6*CA*18.00", "PO1*2*6*CA*18.00*XX");
        X12Report.TransactionSet s = parse(text).groups.get(0).sets.get(0);
        assertThat(s.ackCode()).isEqualTo("E");
    }

    @Test
    void segmentStructureErrors() {
        String text = po("000000009", "9").replace("N4*COLUMBUS*OH*43215*US~\n", "")
                .replace("N3*400 LOGISTICS WAY~\n", "N4*COLUMBUS*OH*43215*US~\nN3*400 LOGISTICS WAY~\n")
                .replace("BEG*00*SA*PO-1**20261123~\n", "")
                .replace("SE*14*", "SE*13*");
        X12Report.TransactionSet s = parse(text).groups.get(0).sets.get(0);
        assertThat(s.segmentErrors).extracting(X12Report.SegmentError::segmentId, X12Report.SegmentError::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("BEG", "3"),
                        org.assertj.core.groups.Tuple.tuple("N3", "7"));
    }

    @Test
    void wrongSeparators_andTruncation_areEnvelopeErrors() {
        X12Report bad = parse(po("000000010", "10").replaceFirst("\\*", "A"));
        assertThat(bad.unreadable).contains("separator");
        assertThat(codes(bad.interchangeErrors)).containsExactly("026");

        String full = po("000000011", "11");
        X12Report cut = parse(full.substring(0, full.indexOf("GE*")));
        assertThat(codes(cut.interchangeErrors)).contains("023");
        assertThat(cut.groups.get(0).errors).extracting(X12Report.Issue::code).contains("3");

        X12Report notX12 = parse("hello, this is not EDI");
        assertThat(notX12.unreadable).contains("ISA");
    }

    @Test
    void severalInterchangesInOneFile() {
        List<X12Report> reports = PARSER.parse(po("000000012", "12") + po("000000013", "13"), X12Handler.NONE);
        assertThat(reports).extracting(r -> r.controlNumber).containsExactly("000000012", "000000013");
        assertThat(reports).allMatch(r -> r.summary().isEmpty());
    }

    @Test
    void writerOutput_readsBackWithTheSameSeparators() {
        X12Writer w = new X12Writer('|', '^', '\u001e', false);
        w.isa("ZZ", "RAILHEADDEMO", "ZZ", "BRIGHTMART", "261123", "1015", '!', "00501", "000000042", "0", "T");
        w.segment("GS", "PO", "RAILHEADDEMO", "BRIGHTMART", "20261123", "1015", "42", "X", "004010");
        w.startSet().segment("ST", "850", "0001");
        for (String segment : X12Fixtures.purchaseOrder("PO-W")) {
            w.segment(segment.split("\\*")[0], (Object[]) segment.substring(segment.indexOf('*') + 1).split("\\*", -1));
        }
        w.segment("SE", w.setSegmentCount() + 1, "0001").segment("GE", 1, "42").segment("IEA", 1, "000000042");
        X12Report r = parse(w.toString());
        assertThat(r.summary()).isEmpty();
        assertThat(r.elementSeparator).isEqualTo('|');
        assertThat(r.repetitionSeparator).isEqualTo('!');
    }

    @Test
    void millionBadSegments_reportAtMostAHundredErrors_andRejectTheSet() {
        StringBuilder noisy = new StringBuilder(po("000000014", "14"));
        StringBuilder junk = new StringBuilder(8_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            junk.append("ZZZ*X~\n");
        }
        noisy.insert(noisy.indexOf("REF*"), junk);
        X12Report r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> parse(noisy.toString().replace("SE*14*", "SE*1000014*")));
        X12Report.TransactionSet s = r.groups.get(0).sets.get(0);
        assertThat(s.segmentErrors).hasSize(100);
        assertThat(s.ackCode()).isEqualTo("R");
        assertThat(codes(s.errors)).contains("5");
        assertThat(r.summary()).contains("more than 100 segment errors").hasSizeLessThan(20_000);
    }

    @Test
    void millionSegmentsOutsideATransactionSet_reportAtMostAHundredEnvelopeErrors() {
        StringBuilder noisy = new StringBuilder(po("000000015", "15"));
        StringBuilder junk = new StringBuilder(8_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            junk.append("ZZZ*X~\n");
        }
        noisy.insert(noisy.indexOf("ST*"), junk);
        X12Report r = parse(noisy.toString());
        assertThat(r.interchangeErrors).hasSizeLessThanOrEqualTo(101);
        assertThat(r.envelopeRejected()).isTrue();
        assertThat(r.summary()).hasSizeLessThan(20_000);
    }
}
