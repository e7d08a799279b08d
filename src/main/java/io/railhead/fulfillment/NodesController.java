package io.railhead.fulfillment;

import io.railhead.shared.NotFoundException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The fulfillment nodes for operators (behind the ops login): each node in force with whether it takes requests,
 * its run of dead requests and today's orders against its capacity; and marking a node down (say, for a
 * stock-take) or up again.
 */
@RestController
@RequestMapping("/api/fulfillment/nodes")
public class NodesController {

    private final FulfillmentConfigSource config;
    private final NodeStates states;
    private final NodeRequests requests;

    public NodesController(FulfillmentConfigSource config, NodeStates states, NodeRequests requests) {
        this.config = config;
        this.states = states;
        this.requests = requests;
    }

    @GetMapping
    public Map<String, Object> nodes() {
        Map<String, Object> nodes = new LinkedHashMap<>();
        Map<String, NodeStates.NodeState> known = states.all();
        config.config().nodes().values().forEach(n -> nodes.put(n.id(),
                describe(n, known.getOrDefault(n.id(), NodeStates.NodeState.up(n.id())))));
        return Map.of("nodes", nodes);
    }

    @PostMapping("/{id}/down")
    public Map<String, Object> down(@PathVariable String id, @RequestParam(required = false) String reason) {
        FulfillmentNode node = node(id);
        return describe(node, states.markDown(id, reason == null || reason.isBlank() ? "marked down by an operator" : reason));
    }

    @PostMapping("/{id}/up")
    public Map<String, Object> up(@PathVariable String id) {
        FulfillmentNode node = node(id);
        return describe(node, states.markUp(id));
    }

    private FulfillmentNode node(String id) {
        FulfillmentNode node = config.config().nodes().get(id);
        if (node == null) {
            throw new NotFoundException("no fulfillment node " + id);
        }
        return node;
    }

    private Map<String, Object> describe(FulfillmentNode n, NodeStates.NodeState s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", n.id());
        v.put("type", n.type());
        v.put("location", n.location());
        v.put("state", s.down() ? "DOWN" : "UP");
        v.put("reason", s.reason());
        v.put("since", s.since());
        v.put("consecutiveFailures", s.consecutiveFailures());
        v.put("downAfterFailures", n.downAfterFailures());
        v.put("today", requests.today(n));
        v.put("ordersToday", requests.ordersTaken(n.id(), requests.today(n)));
        v.put("ordersPerDay", n.ordersPerDay());
        return v;
    }
}
