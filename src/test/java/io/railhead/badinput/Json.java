package io.railhead.badinput;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;

/** JSON edits the corpus cases describe: set a value at a pointer, remove one; decimals stay exact. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private Json() {
    }

    static ObjectNode read(Path file) {
        try {
            return (ObjectNode) MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("corpus JSON value is not JSON: " + json, e);
        }
    }

    /**
     * Applies a case's {@code set} (YAML values, strings templated), {@code setJson} (JSON text, templated) and
     * {@code remove} (pointers) to {@code doc}.
     */
    static void edit(ObjectNode doc, JsonNode spec, UnaryOperator<String> template) {
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("set").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue().isTextual() ? TextNode.valueOf(template.apply(e.getValue().asText())) : e.getValue();
            put(doc, e.getKey(), v);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("setJson").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            put(doc, e.getKey(), parse(template.apply(e.getValue().asText())));
        }
        for (JsonNode pointer : spec.path("remove")) {
            JsonPointer p = JsonPointer.compile(pointer.asText());
            JsonNode parent = doc.at(p.head());
            if (parent instanceof ObjectNode o) {
                o.remove(p.last().getMatchingProperty());
            } else if (parent instanceof ArrayNode a) {
                a.remove(p.last().getMatchingIndex());
            }
        }
    }

    private static void put(ObjectNode doc, String pointer, JsonNode value) {
        JsonPointer p = JsonPointer.compile(pointer);
        JsonNode parent = doc.at(p.head());
        if (parent instanceof ObjectNode o) {
            o.set(p.last().getMatchingProperty(), value);
        } else if (parent instanceof ArrayNode a) {
            a.set(p.last().getMatchingIndex(), value);
        } else {
            throw new IllegalArgumentException("no object or array at " + p.head() + " for " + pointer);
        }
    }
}
