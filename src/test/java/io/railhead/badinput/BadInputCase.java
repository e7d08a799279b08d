package io.railhead.badinput;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One case of the bad-input corpus ({@code src/test/resources/bad-input/<channel>.yaml}): what is
 * sent, and the outcome class it must get — {@code refused} (a 4xx, a rejecting 997/TA1, a file
 * report, with the reason), {@code held} (an order on hold with the reason code) or
 * {@code processed} (taken as any good input). The case's fields beyond these are the channel's
 * own (headers, JSON changes, file content); {@link #text} fills in the placeholders.
 */
record BadInputCase(String channel, String name, JsonNode spec) {

    static final Path CORPUS = Path.of("src/test/resources/bad-input");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Pattern REPEAT = Pattern.compile("\\$\\{repeat:(.*?):(\\d+)}", Pattern.DOTALL);

    /** Every case of every corpus file, in file order. */
    static Stream<BadInputCase> all() {
        List<BadInputCase> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(CORPUS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String channel = file.getFileName().toString().replaceFirst("\\.yaml$", "");
                for (JsonNode c : YAML.readTree(file.toFile()).path("cases")) {
                    cases.add(new BadInputCase(channel, c.path("name").asText(), c));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases.stream();
    }

    String expect() {
        return spec.path("expect").asText();
    }

    /** What the answer, hold detail or report must say (a substring), if the case names it. */
    String reason() {
        return spec.path("reason").asText(null);
    }

    /** The hold reason code of a {@code held} case. */
    String hold() {
        return spec.path("hold").asText(null);
    }

    int status(int otherwise) {
        return spec.path("status").asInt(otherwise);
    }

    String string(String field, String otherwise) {
        return spec.hasNonNull(field) ? spec.get(field).asText() : otherwise;
    }

    /** {@code s} with {@code ${repeat:X:N}} expanded and {@code ${key}} replaced by the values given in pairs. */
    static String text(String s, String... keyValues) {
        if (s == null) {
            return null;
        }
        Matcher m = REPEAT.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
        }
        m.appendTail(out);
        String result = out.toString();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            result = result.replace("${" + keyValues[i] + "}", keyValues[i + 1]);
        }
        return result.replace("${nul}", "\u0000");
    }

    @Override
    public String toString() {
        return channel + "/" + name;
    }
}
