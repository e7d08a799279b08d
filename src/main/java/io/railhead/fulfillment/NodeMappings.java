package io.railhead.fulfillment;

import com.fasterxml.jackson.databind.JsonNode;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.Parser;
import io.railhead.order.OrderJson;
import io.railhead.shared.HubProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The body a node receives: the fulfillment request as JSON ({@code docs/fulfillment-request.schema.json}), or
 * that JSON reshaped by {@code <railhead.mappings-dir>/nodes/<nodeId>.jslt} when the file exists, for a node
 * that expects its own format; a cancel call's body likewise by {@code nodes/<nodeId>.cancel.jslt}. Compiled mappings are kept until restart unless {@code railhead.mappings-cache}
 * is false.
 */
@Component
public class NodeMappings {

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\\.(cancel\\.)?jslt");

    private final Path dir;
    private final boolean cache;
    private final Map<String, Optional<Expression>> compiled = new ConcurrentHashMap<>();

    @Autowired
    public NodeMappings(HubProperties hub, @Value("${railhead.mappings-cache}") boolean cache) {
        this(hub.mappingsDir().resolve("nodes"), cache);
    }

    NodeMappings(Path dir, boolean cache) {
        this.dir = dir;
        this.cache = cache;
    }

    /** The JSON body for the node. */
    public String body(FulfillmentRequest r) {
        return mapped(r.nodeId() + ".jslt", OrderJson.MAPPER.valueToTree(r));
    }

    /** The JSON body of a cancel call: {@code cancel} as it is, or reshaped by {@code nodes/<nodeId>.cancel.jslt}. */
    public String cancelBody(String nodeId, Object cancel) {
        return mapped(nodeId + ".cancel.jslt", OrderJson.MAPPER.valueToTree(cancel));
    }

    private String mapped(String fileName, JsonNode json) {
        Optional<Expression> mapping = cache ? compiled.computeIfAbsent(fileName, this::compile) : compile(fileName);
        return mapping.map(m -> m.apply(json)).orElse(json).toString();
    }

    private Optional<Expression> compile(String fileName) {
        if (!NODE_ID.matcher(fileName).matches()) {
            return Optional.empty();
        }
        Path file = dir.resolve(fileName);
        try {
            return Optional.of(Parser.compileString(Files.readString(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("node mapping " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
