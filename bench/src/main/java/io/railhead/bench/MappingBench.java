package io.railhead.bench;

import com.datasonnet.Mapper;
import com.datasonnet.MapperBuilder;
import com.datasonnet.document.DefaultDocument;
import com.datasonnet.document.Document;
import com.datasonnet.document.MediaTypes;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.Parser;
import org.apache.camel.language.datasonnet.CML;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Single-threaded JSLT vs DataSonnet measurement of the Shopify order -> canonical mapping.
 *
 * <p>{@code --engine jslt|jslt-camel-default|datasonnet} measures one engine (run each in its own JVM so
 * that cold-start numbers are honest): compile time, first transform, then µs/transform after warm-up for
 * orders with 2 and 20 line items. {@code --engine check} compares the two outputs and prints the
 * qualitative probes (64-bit ids, decimals, error messages).
 *
 * <p>Both engines are called the way their Camel 4.17 components call them: camel-jslt parses the String
 * body with Jackson's ObjectMapper, applies the compiled Expression and renders {@code output.toString()};
 * camel-datasonnet builds a Mapper with input name "body" and the CML library and transforms a
 * {@code DefaultDocument<String>} (application/json) into application/json.
 */
public final class MappingBench {

    static final String DS_RESOURCE = "shopify-order-to-canonical.ds";
    static final String JSLT_RELATIVE = "mappings/shopify/shopify-order-to-canonical.jslt";
    static final ObjectMapper SHARED = new ObjectMapper();
    static final ObjectMapper EXACT = JsonMapperExact.create();
    static volatile long blackhole;

    public static void main(String[] argv) throws Exception {
        long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
        Args a = new Args(argv);
        String engine = a.str("engine", "check");
        Path jsltPath = resolveJslt(a.str("jslt", null));
        int[] lineCounts = Arrays.stream(a.str("lines", "2,20").split(",")).mapToInt(Integer::parseInt).toArray();
        double warmupS = a.dbl("warmup-seconds", 10);
        double roundS = a.dbl("round-seconds", 2);
        int rounds = a.integer("rounds", 5);

        String dsSource = a.has("ds") ? Files.readString(Path.of(a.str("ds", null))) : resource(DS_RESOURCE);
        if (engine.equals("check")) {
            check(jsltPath, dsSource, lineCounts);
            return;
        }
        String jsltSource = Files.readString(jsltPath);

        // cold: first compile in this JVM (includes class loading of the engine)
        long c0 = System.nanoTime();
        UnaryOperator<String> transform = switch (engine) {
            case "jslt" -> jslt(jsltSource, false);
            case "jslt-camel-default" -> jslt(jsltSource, true);
            case "datasonnet" -> datasonnet(dsSource);
            default -> throw new IllegalArgumentException("--engine jslt|jslt-camel-default|datasonnet|check");
        };
        long c1 = System.nanoTime();
        // second compile, classes already loaded
        switch (engine) {
            case "jslt", "jslt-camel-default" -> jslt(jsltSource, false);
            default -> datasonnet(dsSource);
        }
        long c2 = System.nanoTime();

        System.out.printf(Locale.ROOT, "engine %s | java %s | %s%n", engine, System.getProperty("java.version"),
                engine.startsWith("jslt") ? "jslt 0.1.14 (" + jsltPath + ")" : "datasonnet-mapper 3.0.1.3 + camel-datasonnet 4.17.0 CML");
        System.out.printf(Locale.ROOT, "compile: first %.1f ms (incl. class loading), again %.2f ms%n", (c1 - c0) / 1e6, (c2 - c1) / 1e6);

        for (int lines : lineCounts) {
            String order = new OrderFactory(lines).orderJson(5_913_504_210_001L, 1);
            long f0 = System.nanoTime();
            String first = transform.apply(order);
            long f1 = System.nanoTime();
            if (lines == lineCounts[0]) {
                System.out.printf(Locale.ROOT, "first transform: %.1f ms; process start -> first result: %d ms%n",
                        (f1 - f0) / 1e6, System.currentTimeMillis() - jvmStartMs);
            }
            blackhole += first.length();
            // warm-up
            long warmStart = System.nanoTime();
            long warmEnd = warmStart + (long) (warmupS * 1e9);
            long warmOps = 0;
            int chunk = 1; // transforms between clock reads: ~5 ms worth, at most 100
            while (System.nanoTime() < warmEnd) {
                for (int i = 0; i < chunk; i++) {
                    blackhole += transform.apply(order).length();
                }
                warmOps += chunk;
                double avgNs = (double) (System.nanoTime() - warmStart) / warmOps;
                chunk = (int) Math.max(1, Math.min(100, 5e6 / avgNs));
            }
            double[] usPerOp = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long ops = 0;
                long start = System.nanoTime();
                long end = start + (long) (roundS * 1e9);
                long now;
                do {
                    for (int i = 0; i < chunk; i++) {
                        blackhole += transform.apply(order).length();
                    }
                    ops += chunk;
                    now = System.nanoTime();
                } while (now < end);
                usPerOp[r] = (now - start) / 1e3 / ops;
            }
            double[] sorted = usPerOp.clone();
            Arrays.sort(sorted);
            double median = sorted[sorted.length / 2];
            System.out.printf(Locale.ROOT,
                    "RESULT engine=%s lines=%d in=%dB out=%dB warmup=%.0fs(%d ops) rounds=%dx%.0fs: median %.1f us/transform"
                            + " (min %.1f, max %.1f) = %.0f transforms/s%n",
                    engine, lines, order.getBytes(StandardCharsets.UTF_8).length, first.getBytes(StandardCharsets.UTF_8).length,
                    warmupS, warmOps, rounds, roundS, median, sorted[0], sorted[sorted.length - 1], 1e6 / median);
        }
    }

    // ---------------------------------------------------------------- engines

    /** camel-jslt style: readTree(String) -> Expression.apply(variables, input) -> toString(). */
    static UnaryOperator<String> jslt(String source, boolean newMapperPerMessage) {
        Expression expr = new Parser(new StringReader(source)).withSource(JSLT_RELATIVE).compile();
        Map<String, JsonNode> variables = Map.of();
        return in -> {
            try {
                ObjectMapper om = newMapperPerMessage ? new ObjectMapper() : SHARED;
                return expr.apply(variables, om.readTree(in)).toString();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    static UnaryOperator<String> jsltWith(String source, ObjectMapper om) {
        Expression expr = new Parser(new StringReader(source)).withSource(JSLT_RELATIVE).compile();
        return in -> {
            try {
                return expr.apply(Map.of(), om.readTree(in)).toString();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** camel-datasonnet style: MapperBuilder(script).withInputNames("body").withLibrary(CML)..., body as JSON document. */
    static UnaryOperator<String> datasonnet(String source) {
        Mapper mapper = new MapperBuilder(source)
                .withInputNames("body")
                .withLibrary(CML.getInstance())
                .withDefaultOutput(MediaTypes.APPLICATION_JAVA)
                .build();
        return in -> {
            Document<String> body = new DefaultDocument<>(in, MediaTypes.APPLICATION_JSON);
            Map<String, Document<?>> inputs = Map.of("body", body);
            return mapper.transform(body, inputs, MediaTypes.APPLICATION_JSON, String.class).getContent();
        };
    }

    // ---------------------------------------------------------------- equivalence + qualitative probes

    static void check(Path jsltPath, String dsSource, int[] lineCounts) throws Exception {
        String jsltSource = Files.readString(jsltPath);
        UnaryOperator<String> j = jslt(jsltSource, false);
        UnaryOperator<String> d = datasonnet(dsSource);

        System.out.println("== Equivalence (same input, outputs compared as JSON trees) ==");
        for (int lines : lineCounts) {
            String order = new OrderFactory(lines).orderJson(5_913_504_210_001L, 1);
            JsonNode jo = SHARED.readTree(j.apply(order));
            JsonNode dso = SHARED.readTree(d.apply(order));
            List<String> diffs = new ArrayList<>();
            diff("", jo, dso, diffs);
            System.out.printf(Locale.ROOT, "%d lines: %s%n", lines,
                    diffs.isEmpty() ? "identical" : diffs.size() + " differences: " + diffs.subList(0, Math.min(10, diffs.size())));
        }

        System.out.println();
        System.out.println("== 64-bit ids ==");
        for (long id : new long[] {5_913_504_210_001L, 1_000_000_000_000_000L, 820_982_911_946_154_508L, Long.MAX_VALUE}) {
            String order = new OrderFactory(2).orderJson(id, 1);
            System.out.printf(Locale.ROOT, "id %d: JSLT channelOrderId=%s | DataSonnet channelOrderId=%s%n", id,
                    field(j, order, "channelOrderId"), field(d, order, "channelOrderId"));
        }

        System.out.println();
        System.out.println("== Decimals ==");
        ObjectNode o = new OrderFactory(2).order(5_913_504_210_001L, 1);
        System.out.printf(Locale.ROOT, "money as strings (Shopify REST): total_price \"%s\" -> JSLT %s | DataSonnet %s%n",
                o.get("total_price").asText(), pick(j, o.toString(), "/totals/grandTotal"), pick(d, o.toString(), "/totals/grandTotal"));
        // same order with numeric money, as some channels / hand-written payloads send it
        String numeric = o.toString()
                .replace("\"total_price\":\"120.03\"", "\"total_price\":120.030")
                .replace("\"total_discounts\":\"4.00\"", "\"total_discounts\":4.00")
                .replace("\"price\":\"24.00\"", "\"price\":24.00");
        UnaryOperator<String> jBig = jsltWith(jsltSource,
                new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS));
        System.out.printf(Locale.ROOT, "numeric money 120.030 / 4.00 / 24.00 -> JSLT (camel default) %s / %s / %s | "
                        + "JSLT (mapBigDecimalAsFloats=true) %s / %s / %s | DataSonnet %s / %s / %s%n",
                pick(j, numeric, "/totals/grandTotal"), pick(j, numeric, "/totals/discount"), pick(j, numeric, "/lines/0/unitPrice"),
                pick(jBig, numeric, "/totals/grandTotal"), pick(jBig, numeric, "/totals/discount"), pick(jBig, numeric, "/lines/0/unitPrice"),
                pick(d, numeric, "/totals/grandTotal"), pick(d, numeric, "/totals/discount"), pick(d, numeric, "/lines/0/unitPrice"));
        UnaryOperator<String> jExact = jsltWith(jsltSource, JsonMapperExact.create());
        System.out.printf(Locale.ROOT, "  JSLT with BigDecimal floats AND trailing zeros kept (JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES off): %s / %s / %s%n",
                pick(jExact, numeric, "/totals/grandTotal"), pick(jExact, numeric, "/totals/discount"), pick(jExact, numeric, "/lines/0/unitPrice"));
        String huge = o.toString().replace("\"total_price\":\"120.03\"", "\"total_price\":12345678901234567.89");
        System.out.printf(Locale.ROOT, "numeric 12345678901234567.89 -> JSLT (camel default) %s | JSLT (BigDecimal) %s | DataSonnet %s%n",
                pick(j, huge, "/totals/grandTotal"), pick(jExact, huge, "/totals/grandTotal"), pick(d, huge, "/totals/grandTotal"));
        String tinyRate = o.toString().replace("\"rate\":0.0825", "\"rate\":0.0000001");
        System.out.printf(Locale.ROOT, "tax rate 0.0825 -> JSLT %s | DataSonnet %s;  rate 0.0000001 -> JSLT %s | DataSonnet %s%n",
                pick(j, o.toString(), "/lines/0/taxLines/0/rate"), pick(d, o.toString(), "/lines/0/taxLines/0/rate"),
                pick(j, tinyRate, "/lines/0/taxLines/0/rate"), pick(d, tinyRate, "/lines/0/taxLines/0/rate"));

        System.out.println();
        System.out.println("== Error messages ==");
        String badDate = o.toString().replace("\"created_at\":\"2025-11-21T14:32:07-05:00\"", "\"created_at\":\"21/11/2025 14:32\"");
        System.out.println("bad created_at, JSLT:       " + error(() -> j.apply(badDate)));
        System.out.println("bad created_at, DataSonnet: " + error(() -> d.apply(badDate)));
        String notJson = "{\"id\": 1, \"line_items\": [";
        System.out.println("truncated JSON, JSLT:       " + error(() -> j.apply(notJson)));
        System.out.println("truncated JSON, DataSonnet: " + error(() -> d.apply(notJson)));
        System.out.println("syntax error, JSLT:         " + error(() -> jslt("{\"a\": .b, \"c\": }", false)));
        System.out.println("syntax error, DataSonnet:   " + error(() -> datasonnet("{ a: body.b, c: }")));
        System.out.println("missing field, JSLT ({\"a\": .nope, \"b\": 1} on {}): " + jslt("{\"a\": .nope, \"b\": 1}", false).apply("{}"));
        System.out.println("missing field, DataSonnet (body.nope without get()): " + error(() -> datasonnet("{ a: body.nope }").apply("{}")));
    }

    private static String field(UnaryOperator<String> t, String order, String name) {
        try {
            return SHARED.readTree(t.apply(order)).get(name).toString();
        } catch (Exception e) {
            return "ERROR " + oneLine(e);
        }
    }

    private static String pick(UnaryOperator<String> t, String order, String pointer) {
        try {
            // read the output with an exact mapper so that what we print is what the engine wrote
            return EXACT.readTree(t.apply(order)).at(pointer).toString();
        } catch (Exception e) {
            return "ERROR " + oneLine(e);
        }
    }

    private static String error(Runnable r) {
        try {
            r.run();
            return "(no error)";
        } catch (Exception e) {
            return oneLine(e);
        }
    }

    private static String oneLine(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 600; t = t.getCause() == t ? null : t.getCause()) {
            if (sb.length() > 0) {
                sb.append("  <-  ");
            }
            sb.append(t.getClass().getSimpleName()).append(": ").append(String.valueOf(t.getMessage()).replaceAll("\\s+", " "));
        }
        return sb.length() > 600 ? sb.substring(0, 600) + " ..." : sb.toString();
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a == null || b == null) {
            out.add(path + ": " + (a == null ? "missing in JSLT" : "missing in DataSonnet"));
            return;
        }
        if (a.isObject() && b.isObject()) {
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                diff(path + "/" + k, a.get(k), b.get(k), out);
            }
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!a.has(k)) {
                    out.add(path + "/" + k + ": only in DataSonnet = " + b.get(k));
                }
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                diff(path + "/" + i, a.get(i), b.get(i), out);
            }
        } else if (!a.equals(b) && !(a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0)) {
            out.add(path + ": JSLT " + a + " vs DataSonnet " + b);
        }
    }

    static Path resolveJslt(String given) {
        if (given != null) {
            return Path.of(given);
        }
        for (String c : new String[] {JSLT_RELATIVE, "../" + JSLT_RELATIVE}) {
            if (Files.isRegularFile(Path.of(c))) {
                return Path.of(c).toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("cannot find " + JSLT_RELATIVE + "; run from the repo root or pass --jslt PATH");
    }

    /** ObjectMapper that keeps JSON decimals exactly as written (BigDecimal, trailing zeros kept). */
    static final class JsonMapperExact {
        static ObjectMapper create() {
            return com.fasterxml.jackson.databind.json.JsonMapper.builder()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                    .build();
        }
    }

    static String resource(String name) throws IOException {
        try (InputStream in = MappingBench.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource not found: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
