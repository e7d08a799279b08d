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
 * that expects its own format. Compiled mappings are kept until restart unless {@code railhead.mappings-cache}
 * is false.
 */
@Component
public class NodeMappings {

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

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
        JsonNode json = OrderJson.MAPPER.valueToTree(r);
        Optional<Expression> mapping = cache ? compiled.computeIfAbsent(r.nodeId(), this::compile) : compile(r.nodeId());
        return mapping.map(m -> m.apply(json)).orElse(json).toString();
    }

    private Optional<Expression> compile(String nodeId) {
        if (!NODE_ID.matcher(nodeId).matches()) {
            return Optional.empty();
        }
        Path file = dir.resolve(nodeId + ".jslt");
        try {
            return Optional.of(Parser.compileString(Files.readString(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("node mapping " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
