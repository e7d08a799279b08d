package io.railhead.x12;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds what the {@link X12Parser} reads straight to a JSON tree, with no SAX or XML in between:
 * structures become objects, element values strings, and what may repeat (per the schema) arrays.
 * The tree of a file is {@code {"Interchange": [{"ISA":{..}, "FunctionalGroup":[{"GS":{..},
 * "TransactionSet":[{"ST":{..}, "BEG":{..}, ...}]}]}]}}; the Smooks reader puts it in the bean context
 * as {@code x12}, where the EDI mappings in {@code mappings/edi/} read it.
 */
public final class X12JsonTree implements X12Handler {

    private final List<ObjectNode> nodes = new ArrayList<>();
    private final List<Boolean> repeating = new ArrayList<>();
    private ObjectNode root;

    @Override
    public void start(String name, boolean repeats) {
        nodes.add(JsonNodeFactory.instance.objectNode());
        repeating.add(repeats);
    }

    @Override
    public void value(String name, String value) {
        nodes.get(nodes.size() - 1).put(name, value);
    }

    @Override
    public void end(String name) {
        int top = nodes.size() - 1;
        ObjectNode node = nodes.remove(top);
        boolean repeats = repeating.remove(top);
        if (top == 0) {
            root = node;
        } else if (repeats) {
            nodes.get(top - 1).withArray(name).add(node);
        } else {
            nodes.get(top - 1).set(name, node);
        }
    }

    /** The tree of the outermost structure (the file, {@code X12}) once it has ended; null before. */
    public ObjectNode root() {
        return root;
    }
}
