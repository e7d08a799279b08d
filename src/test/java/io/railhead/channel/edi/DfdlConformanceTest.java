package io.railhead.channel.edi;

import static org.assertj.core.api.Assertions.assertThat;

import io.railhead.x12.X12Report;
import io.railhead.shared.JaxpDefaults;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.daffodil.japi.Daffodil;
import org.apache.daffodil.japi.DataProcessor;
import org.apache.daffodil.japi.Diagnostic;
import org.apache.daffodil.japi.ProcessorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smooks.Smooks;
import org.smooks.api.ExecutionContext;
import org.smooks.io.sink.JavaSink;
import org.smooks.io.sink.StringSink;
import org.smooks.io.source.ByteSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * The X12 DFDL schemas of mappings/edi/x12/ are real DFDL: Apache Daffodil, through the Smooks DFDL
 * cartridge (mappings/edi/x12-850-v4010-dfdl.smooks.xml), parses the same 850 files as the hub's
 * streaming reader (X12SmooksReader, its SAX stream serialised by a test config; its parse report from
 * mappings/edi/x12-interchange.smooks.xml), and both yield the same structures and element values in
 * the same order. Guards the two readings of one schema source against drift.
 */
class DfdlConformanceTest {

    static final Path FIXTURES = Path.of("src/test/resources/edi/x12");

    static Smooks daffodil;
    static Smooks streaming;
    static Smooks streamingEvents;

    @BeforeAll
    static void compile() throws Exception {
        JaxpDefaults.pin();
        daffodil = new Smooks("mappings/edi/x12-850-v4010-dfdl.smooks.xml");
        streaming = new Smooks("mappings/edi/x12-interchange.smooks.xml");
        streamingEvents = new Smooks(FIXTURES.resolve("x12-reader-events.smooks.xml").toString());
    }

    @AfterAll
    static void close() {
        daffodil.close();
        streaming.close();
        streamingEvents.close();
    }

    static Stream<Arguments> interchanges() throws Exception {
        String generated = X12Fixtures.interchange("BRIGHTMART", "000000123", "123",
                List.of(X12Fixtures.purchaseOrder("BM-PO-1"), X12Fixtures.purchaseOrder("BM-PO-2")));
        return Stream.of(
                Arguments.of("850-brightmart-two-lines.edi", fixture("850-brightmart-two-lines.edi")),
                Arguments.of("850-control-char-terminator-two-groups.edi",
                        fixture("850-control-char-terminator-two-groups.edi")),
                Arguments.of("850-200-lines.edi", fixture("850-200-lines.edi")),
                Arguments.of("X12Fixtures, two sets", generated.getBytes(StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("interchanges")
    void daffodilAndStreamingReaderReadTheSameContent(String name, byte[] x12) throws Exception {
        List<X12Report> reports = streamingReports(x12);
        assertThat(reports).allSatisfy(r -> assertThat(r.summary()).isEmpty());

        List<String> byDaffodil = events(daffodilXml(x12));
        List<String> byStreaming = events(streamingXml(x12));

        assertThat(byStreaming).contains("Interchange{", "FunctionalGroup{", "TransactionSet{", "PO1Loop{", "IEA{");
        assertThat(byDaffodil).contains("BEG03=" + firstValue(byStreaming, "BEG03"));
        assertThat(byDaffodil).containsExactlyElementsOf(byStreaming);
    }

    /** Every transaction set schema of every version compiles in Daffodil, not only the 850 used above. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("setSchemas")
    void everySetSchemaCompilesInDaffodil(Path schema) throws Exception {
        String version = schema.getParent().getFileName().toString();
        String set = schema.getFileName().toString().replace(".dfdl.xsd", "");
        ProcessorFactory pf = Daffodil.compiler().compileFile(schema.toFile(), "X12_" + set, "urn:railhead:x12:" + version);
        assertThat(pf.isError()).as(() -> messages(pf.getDiagnostics())).isFalse();
        DataProcessor dp = pf.onPath("/");
        assertThat(dp.isError()).as(() -> messages(dp.getDiagnostics())).isFalse();
    }

    static Stream<Path> setSchemas() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("mappings/edi/x12"))) {
            return files.filter(p -> p.getFileName().toString().matches("[0-9A-Za-z]{1,6}\\.dfdl\\.xsd"))
                    .sorted().toList().stream();
        }
    }

    private static String messages(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Diagnostic::getMessage).reduce("", (a, b) -> a + "\n" + b);
    }

    /** Content through Daffodil: the infoset as Smooks serialises it. */
    static String daffodilXml(byte[] x12) {
        StringSink sink = new StringSink();
        daffodil.filterSource(daffodil.createExecutionContext(), new ByteSource(x12), sink);
        return sink.getResult();
    }

    /** Content through the hub's reader: the SAX stream of X12SmooksReader as Smooks serialises it. */
    static String streamingXml(byte[] x12) {
        StringSink sink = new StringSink();
        streamingEvents.filterSource(streamingEvents.createExecutionContext(), new ByteSource(x12), sink);
        return sink.getResult();
    }

    @SuppressWarnings("unchecked")
    static List<X12Report> streamingReports(byte[] x12) {
        ExecutionContext ec = streaming.createExecutionContext();
        JavaSink sink = new JavaSink();
        streaming.filterSource(ec, new ByteSource(x12), sink);
        return (List<X12Report>) sink.getBean("x12Reports");
    }

    /**
     * The document as a flat list: "Name{" and "}" around structures, "Name=value" for values, by
     * local name. Daffodil's one extra level (the transaction set's root element X12_850 inside
     * TransactionSet) is left out.
     */
    static List<String> events(String xml) throws Exception {
        // names are compared by local name; Smooks' serialisation of Daffodil's stream keeps the prefixes
        // (x12:, env:) but not their declarations, so the XML is read without namespaces
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        Element root = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
        List<String> out = new ArrayList<>();
        walk(root, out);
        return out;
    }

    private static void walk(Element e, List<String> out) {
        String name = e.getTagName().substring(e.getTagName().indexOf(':') + 1);
        List<Element> children = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                children.add(c);
            }
        }
        if (children.isEmpty()) {
            out.add(name + "=" + e.getTextContent());
            return;
        }
        boolean wrapper = name.startsWith("X12_");
        if (!wrapper) {
            out.add(name + "{");
        }
        children.forEach(c -> walk(c, out));
        if (!wrapper) {
            out.add("}");
        }
    }

    private static String firstValue(List<String> events, String element) {
        return events.stream().filter(s -> s.startsWith(element + "=")).findFirst()
                .map(s -> s.substring(element.length() + 1)).orElseThrow();
    }

    private static byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(FIXTURES.resolve(name));
    }
}
