package io.railhead.bench;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.railhead.channel.edi.smooks.X12SmooksReader;
import io.railhead.x12.X12Handler;
import io.railhead.x12.X12Parser;
import io.railhead.x12.X12Report;
import io.railhead.x12.X12Schemas;
import io.railhead.shared.JaxpDefaults;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.daffodil.japi.Daffodil;
import org.apache.daffodil.japi.DataProcessor;
import org.apache.daffodil.japi.ParseResult;
import org.apache.daffodil.japi.ProcessorFactory;
import org.apache.daffodil.japi.infoset.NullInfosetOutputter;
import org.apache.daffodil.japi.infoset.XMLTextInfosetOutputter;
import org.apache.daffodil.japi.io.InputSourceDataInputStream;
import org.slf4j.LoggerFactory;
import org.smooks.Smooks;
import org.smooks.api.ExecutionContext;
import org.smooks.io.sink.JavaSink;
import org.smooks.io.sink.StringSink;
import org.smooks.io.source.ByteSource;

/**
 * X12 850 parse bench, single thread, in this JVM only (no hub, no HTTP). Runs against the hub's compiled
 * classes and the files of {@code mappings/edi/}: start it from the repo root with
 * {@code bench/x12-parse-bench.sh} (see bench/README.md).
 *
 * <p>Paths, each on a small 850 (the 2-line fixture) and a large one (200 lines):
 * <ul>
 * <li>{@code smooks}: the hub's pipeline, mappings/edi/x12-interchange.smooks.xml (streaming reader + JSON
 * binder), one Smooks instance, one ExecutionContext and JavaSink per document, as the edi route calls it.</li>
 * <li>{@code smooks-reader}: the same reader with {@code saxEvents=all} (every X12 structure and value a SAX
 * element) and no visitor: what Smooks' per-element handling costs.</li>
 * <li>{@code smooks-context}: only {@code createExecutionContext()} + an empty JavaSink: per-document set-up.</li>
 * <li>{@code parser}: the bare X12Parser (bytes decoded as the reader does, events dropped).</li>
 * <li>{@code parser-json}: the bare X12Parser with a handler that builds the same JSON tree, no Smooks.</li>
 * <li>{@code dfdl-smooks}: {@code <dfdl:parser>} on 850-interchange.dfdl.xsd (Daffodil via the Smooks DFDL
 * cartridge), events into Smooks, default serialisation off, no output.</li>
 * <li>{@code dfdl-smooks-xml}: mappings/edi/x12-850-v4010-dfdl.smooks.xml, serialised to XML text in a
 * StringSink (the usual way to get Daffodil's infoset out of Smooks).</li>
 * <li>{@code daffodil}: the bare Daffodil DataProcessor with a NullInfosetOutputter (the DFDL parse alone).</li>
 * <li>{@code daffodil-xml}: bare Daffodil writing XML text to a discarding stream.</li>
 * <li>{@code daffodil-copy}: bare Daffodil, with {@code withExternalVariables(no variables)} before every parse as
 * the DFDL cartridge's DfdlParser does.</li>
 * </ul>
 */
public final class X12ParseBench {

    static volatile long blackhole;

    interface Op {
        long run(byte[] doc) throws Exception;
    }

    public static void main(String[] argv) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Map<String, String> a = args(argv);
        JaxpDefaults.pin();
        // as in the hub: railhead logs at INFO, Smooks and Daffodil say nothing per document at WARN
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.valueOf(a.getOrDefault("log-level", "WARN")));
        List<String> paths = List.of(a.getOrDefault("paths",
                "parser,parser-json,smooks-context,smooks-reader,smooks,daffodil,daffodil-copy,daffodil-xml,dfdl-smooks,dfdl-smooks-xml")
                .split(","));
        double warmupS = Double.parseDouble(a.getOrDefault("warmup-seconds", "10"));
        double roundS = Double.parseDouble(a.getOrDefault("round-seconds", "2"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "5"));
        Map<String, byte[]> docs = new LinkedHashMap<>();
        docs.put("small", Files.readAllBytes(Path.of(a.getOrDefault("small",
                "src/test/resources/edi/x12/850-brightmart-two-lines.edi"))));
        docs.put("large", Files.readAllBytes(Path.of(a.getOrDefault("large",
                "src/test/resources/edi/x12/850-200-lines.edi"))));

        System.out.printf(Locale.ROOT, "java %s (%s), %d cpus, max heap %d MiB; load average at start %.2f%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (Map.Entry<String, byte[]> d : docs.entrySet()) {
            String text = X12SmooksReader.decode(d.getValue());
            System.out.printf(Locale.ROOT, "doc %s: %d bytes, %d segments%n", d.getKey(), d.getValue().length,
                    text.chars().filter(c -> c == '~').count());
        }

        Map<String, Smooks> smooksByConfig = new HashMap<>();
        for (String path : paths) {
            long c0 = System.nanoTime();
            Op op = op(path, smooksByConfig);
            long c1 = System.nanoTime();
            System.out.printf(Locale.ROOT, "%n== %s: set-up %.1f ms (Smooks instance / schema compile, classes)%n",
                    path, (c1 - c0) / 1e6);
            for (Map.Entry<String, byte[]> d : docs.entrySet()) {
                measure(path, d.getKey(), d.getValue(), op, warmupS, roundS, rounds, jvmStart);
            }
        }
        smooksByConfig.values().forEach(Smooks::close);
        System.out.printf(Locale.ROOT, "%nload average at end %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    static void measure(String path, String docName, byte[] doc, Op op, double warmupS, double roundS, int rounds,
                        long jvmStart) throws Exception {
        long f0 = System.nanoTime();
        blackhole += op.run(doc);
        long f1 = System.nanoTime();
        System.out.printf(Locale.ROOT, "%s/%s: first document %.1f ms (process start -> now %d ms)%n", path, docName,
                (f1 - f0) / 1e6, System.currentTimeMillis() - jvmStart);
        long warmStart = System.nanoTime();
        long warmEnd = warmStart + (long) (warmupS * 1e9);
        long warmOps = 0;
        int chunk = 1; // documents between clock reads: ~5 ms worth, at most 1000
        while (System.nanoTime() < warmEnd) {
            for (int i = 0; i < chunk; i++) {
                blackhole += op.run(doc);
            }
            warmOps += chunk;
            double avgNs = (double) (System.nanoTime() - warmStart) / warmOps;
            chunk = (int) Math.max(1, Math.min(1000, 5e6 / avgNs));
        }
        double[] usPerDoc = new double[rounds];
        double[] cpuUsPerDoc = new double[rounds];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            long ops = 0;
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long end = start + (long) (roundS * 1e9);
            long now;
            do {
                for (int i = 0; i < chunk; i++) {
                    blackhole += op.run(doc);
                }
                ops += chunk;
                now = System.nanoTime();
            } while (now < end);
            usPerDoc[r] = (now - start) / 1e3 / ops;
            cpuUsPerDoc[r] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e3 / ops;
        }
        double[] sorted = usPerDoc.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        double[] cpuSorted = cpuUsPerDoc.clone();
        Arrays.sort(cpuSorted);
        double cpuMedian = cpuSorted[cpuSorted.length / 2];
        // wall time counts the waits for a core on a shared machine; thread CPU time does not
        System.out.printf(Locale.ROOT,
                "RESULT path=%s doc=%s bytes=%d warmup=%.0fs(%d docs) rounds=%dx%.0fs: median %.1f us/doc"
                        + " (min %.1f, max %.1f) = %.0f docs/s | thread CPU %.1f us/doc = %.0f docs/s per busy core%n",
                path, docName, doc.length, warmupS, warmOps, rounds, roundS, median, sorted[0],
                sorted[sorted.length - 1], 1e6 / median, cpuMedian, 1e6 / cpuMedian);
    }

    static Op op(String path, Map<String, Smooks> smooksByConfig) throws Exception {
        return switch (path) {
            case "parser" -> {
                X12Parser parser = new X12Parser(X12Schemas.loader("edi/x12"));
                yield doc -> check(parser.parse(X12SmooksReader.decode(doc), X12Handler.NONE));
            }
            case "parser-json" -> {
                X12Parser parser = new X12Parser(X12Schemas.loader("edi/x12"));
                yield doc -> {
                    JsonTree tree = new JsonTree();
                    check(parser.parse(X12SmooksReader.decode(doc), tree));
                    return tree.root.size();
                };
            }
            case "smooks-context" -> {
                Smooks smooks = smooks("mappings/edi/x12-interchange.smooks.xml", smooksByConfig);
                yield doc -> {
                    ExecutionContext ec = smooks.createExecutionContext();
                    JavaSink sink = new JavaSink();
                    return ec.hashCode() + sink.getResultMap().size();
                };
            }
            case "smooks" -> {
                Smooks smooks = smooks("mappings/edi/x12-interchange.smooks.xml", smooksByConfig);
                yield doc -> {
                    ExecutionContext ec = smooks.createExecutionContext();
                    JavaSink sink = new JavaSink();
                    smooks.filterSource(ec, new ByteSource(doc), sink);
                    @SuppressWarnings("unchecked")
                    List<X12Report> reports = (List<X12Report>) sink.getBean("x12Reports");
                    check(reports);
                    return ((JsonNode) sink.getBean("x12")).size();
                };
            }
            case "smooks-reader" -> {
                Smooks s = inline("reader-only", """
                        <smooks-resource-list xmlns="https://www.smooks.org/xsd/smooks-2.0.xsd"
                                              xmlns:core="https://www.smooks.org/xsd/smooks/smooks-core-1.6.xsd">
                            <core:filterSettings defaultSerialization="false"/>
                            <core:exports><core:result type="org.smooks.io.sink.JavaSink"/></core:exports>
                            <reader class="io.railhead.channel.edi.smooks.X12SmooksReader">
                                <params><param name="saxEvents">all</param></params>
                            </reader>
                        </smooks-resource-list>
                        """, smooksByConfig);
                yield doc -> {
                    ExecutionContext ec = s.createExecutionContext();
                    JavaSink sink = new JavaSink();
                    s.filterSource(ec, new ByteSource(doc), sink);
                    @SuppressWarnings("unchecked")
                    List<X12Report> reports = (List<X12Report>) sink.getBean("x12Reports");
                    return check(reports);
                };
            }
            case "dfdl-smooks" -> {
                Smooks smooks = inline("dfdl-events", """
                        <smooks-resource-list xmlns="https://www.smooks.org/xsd/smooks-2.0.xsd"
                                              xmlns:core="https://www.smooks.org/xsd/smooks/smooks-core-1.6.xsd"
                                              xmlns:dfdl="https://www.smooks.org/xsd/smooks/dfdl-1.0.xsd">
                            <core:filterSettings defaultSerialization="false"/>
                            <dfdl:parser schemaUri="mappings/edi/x12/004010/850-interchange.dfdl.xsd"/>
                        </smooks-resource-list>
                        """, smooksByConfig);
                yield doc -> {
                    ExecutionContext ec = smooks.createExecutionContext();
                    smooks.filterSource(ec, new ByteSource(doc));
                    return ec.hashCode();
                };
            }
            case "dfdl-smooks-xml" -> {
                Smooks smooks = smooks("mappings/edi/x12-850-v4010-dfdl.smooks.xml", smooksByConfig);
                yield doc -> {
                    StringSink sink = new StringSink();
                    smooks.filterSource(smooks.createExecutionContext(), new ByteSource(doc), sink);
                    String xml = sink.getResult();
                    if (!xml.contains("PO1Loop")) {
                        throw new IllegalStateException("no PO1Loop in " + xml);
                    }
                    return xml.length();
                };
            }
            case "daffodil", "daffodil-xml", "daffodil-copy" -> {
                DataProcessor dp = daffodil();
                boolean xml = path.equals("daffodil-xml");
                boolean copy = path.equals("daffodil-copy");
                yield doc -> {
                    InputSourceDataInputStream in = new InputSourceDataInputStream(new ByteArrayInputStream(doc));
                    // the DFDL cartridge's DfdlParser calls withExternalVariables(its variables) before every parse
                    DataProcessor p = copy ? dp.withExternalVariables(new HashMap<>()) : dp;
                    ParseResult r = p.parse(in, xml
                            ? new XMLTextInfosetOutputter(OutputStream.nullOutputStream(), false)
                            : new NullInfosetOutputter());
                    if (r.isError() || in.hasData()) {
                        throw new IllegalStateException("Daffodil: " + r.getDiagnostics());
                    }
                    return 1;
                };
            }
            default -> throw new IllegalArgumentException("unknown path " + path);
        };
    }

    static Smooks smooks(String config, Map<String, Smooks> cache) {
        return cache.computeIfAbsent(config, c -> {
            try {
                return new Smooks(c);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static Smooks inline(String name, String config, Map<String, Smooks> cache) throws Exception {
        Smooks cached = cache.get(name);
        if (cached == null) {
            cached = new Smooks(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)));
            cache.put(name, cached);
        }
        return cached;
    }

    static DataProcessor daffodil() throws Exception {
        ProcessorFactory pf = Daffodil.compiler().compileFile(
                new File("mappings/edi/x12/004010/850-interchange.dfdl.xsd"), "X12", "urn:railhead:x12:004010");
        if (pf.isError()) {
            throw new IllegalStateException(pf.getDiagnostics().toString());
        }
        DataProcessor dp = pf.onPath("/");
        if (dp.isError()) {
            throw new IllegalStateException(dp.getDiagnostics().toString());
        }
        return dp;
    }

    static long check(List<X12Report> reports) {
        for (X12Report r : reports) {
            if (!r.summary().isEmpty()) {
                throw new IllegalStateException("the bench documents must be valid: " + r.summary());
            }
        }
        return reports.size();
    }

    /**
     * The same tree as the hub's X12JsonTree, kept here so that this bench also runs on commits that
     * predate X12JsonTree (the before/after rows in docs/performance.md).
     */
    static final class JsonTree implements X12Handler {
        final Deque<ObjectNode> stack = new ArrayDeque<>();
        final Deque<Boolean> repeats = new ArrayDeque<>();
        ObjectNode root;

        @Override
        public void start(String name, boolean repeating) {
            stack.push(JsonNodeFactory.instance.objectNode());
            repeats.push(repeating);
        }

        @Override
        public void value(String name, String value) {
            stack.peek().put(name, value);
        }

        @Override
        public void end(String name) {
            ObjectNode node = stack.pop();
            boolean repeating = repeats.pop();
            if (stack.isEmpty()) {
                root = node;
            } else if (repeating) {
                stack.peek().withArray(name).add(node);
            } else {
                stack.peek().set(name, node);
            }
        }
    }

    static Map<String, String> args(String[] argv) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + argv[i]);
            }
            String key = argv[i].substring(2);
            int eq = key.indexOf('=');
            if (eq >= 0) {
                out.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                out.put(key, argv[++i]);
            } else {
                out.put(key, "true");
            }
        }
        return out;
    }

    private X12ParseBench() {
    }
}
