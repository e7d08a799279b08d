package io.railhead.shared;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the rules files operators edit while the hub runs (stock rules, fulfillment nodes and routing) as
 * YAML nodes, so that every refusal can name the file and the line: unknown keys, keys given twice, values
 * of the wrong kind or out of range. The reader of each file builds its own model from these pieces and
 * throws what {@code errors} makes of a file, line and reason.
 */
public final class ConfigYaml {

    /** Makes the exception a reader throws for a refused file. */
    @FunctionalInterface
    public interface Errors {
        RuntimeException at(Path file, int line, String reason);
    }

    private final Path file;
    private final Errors errors;

    public ConfigYaml(Path file, Errors errors) {
        this.file = file;
        this.errors = errors;
    }

    /** The file's root node, or null when the file is empty. */
    public Node root() {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Yaml(new LoaderOptions()).compose(in);
        } catch (MarkedYAMLException e) {
            throw errors.at(file, e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1,
                    "not valid YAML: " + e.getProblem());
        } catch (IOException e) {
            throw errors.at(file, 0, "cannot be read: " + e);
        }
    }

    /** A mapping's entries in file order; {@code allowed} null allows any key. An absent or empty node is empty. */
    public Map<String, Node> mapping(Node n, String what, Set<String> allowed) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (n == null || (n instanceof ScalarNode s && s.getValue().isEmpty())) {
            return out;
        }
        if (!(n instanceof MappingNode m)) {
            throw error(n, what + " must be a mapping (key: value)");
        }
        for (NodeTuple t : m.getValue()) {
            String key = scalar(t.getKeyNode(), "a key of " + what);
            if (allowed != null && !allowed.contains(key)) {
                throw error(t.getKeyNode(), what + ": unknown key '" + key + "' (expected "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
            if (out.put(key, t.getValueNode()) != null) {
                throw error(t.getKeyNode(), what + ": '" + key + "' is given twice");
            }
        }
        return out;
    }

    public List<String> strings(Node n, String what) {
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (!(n instanceof SequenceNode s)) {
            throw error(n, what + " must be a list");
        }
        s.getValue().forEach(v -> out.add(scalar(v, what)));
        return List.copyOf(out);
    }

    public String scalar(Node n, String what) {
        if (!(n instanceof ScalarNode s) || s.getValue().isBlank()) {
            throw error(n, what + " must be a non-empty value");
        }
        return s.getValue().trim();
    }

    public int integer(Node n, String what, int min, int max) {
        String v = scalar(n, what);
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw error(n, what + " must be between " + min + " and " + max + ", not " + v);
            }
            return i;
        } catch (NumberFormatException e) {
            throw error(n, what + " must be a whole number, not '" + v + "'");
        }
    }

    public boolean bool(Node n, String what) {
        String v = scalar(n, what);
        if (!v.equals("true") && !v.equals("false")) {
            throw error(n, what + " must be true or false, not '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /** The node's 1-based line, 0 for none. */
    public static int line(Node n) {
        return n == null ? 0 : n.getStartMark().getLine() + 1;
    }

    public RuntimeException error(Node n, String reason) {
        return errors.at(file, line(n), reason);
    }
}
