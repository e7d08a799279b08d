package io.railhead.fulfillment;

import io.railhead.shared.Headers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where nodes report shipments in the one shape (docs/shipment.schema.json): operators and integrations behind
 * the ops login, and each node on its own webhook signed with its secret ({@link NodeSignature}; anything not
 * verified is 401 and nothing is recorded). 201 new, 200 {@code duplicate} for a shipment id seen before,
 * 400/404/409/422 with every reason.
 */
@RestController
public class NodeShipmentController {

    private final NodeShipments shipments;
    private final FulfillmentConfigSource config;

    public NodeShipmentController(NodeShipments shipments, FulfillmentConfigSource config) {
        this.shipments = shipments;
        this.config = config;
    }

    @PostMapping("/api/fulfillment/shipments")
    public ResponseEntity<Map<String, Object>> report(@RequestBody(required = false) byte[] body,
                                                      @RequestHeader(name = Headers.HTTP_CORRELATION_ID, required = false)
                                                      String correlationId) {
        return take(body, null, correlationId);
    }

    @PostMapping("/webhooks/nodes/{nodeId}/shipments")
    public ResponseEntity<Map<String, Object>> webhook(@PathVariable String nodeId,
                                                       @RequestBody(required = false) byte[] body,
                                                       @RequestHeader(name = NodeSignature.HEADER, required = false)
                                                       String signature,
                                                       @RequestHeader(name = Headers.HTTP_CORRELATION_ID, required = false)
                                                       String correlationId) {
        FulfillmentNode node = config.config().nodes().get(nodeId);
        if (node == null || !NodeSignature.verify(body, signature, node.webhookSecret())) {
            return ResponseEntity.status(401).body(Map.of("error", "signature not verified"));
        }
        return take(body, nodeId, correlationId);
    }

    private ResponseEntity<Map<String, Object>> take(byte[] body, String nodeId, String requested) {
        String cid = requested != null && !requested.isBlank() ? requested : UUID.randomUUID().toString();
        NodeShipmentReader.Read read = NodeShipmentReader.read(body);
        if (read.shipment() == null) {
            return refused(400, read.reasons(), cid);
        }
        NodeShipment s = read.shipment();
        if (nodeId != null && s.nodeId() != null && !s.nodeId().equals(nodeId)) {
            return refused(422, java.util.List.of("nodeId " + s.nodeId() + " is not the webhook's node " + nodeId), cid);
        }
        try {
            NodeShipments.Outcome o = shipments.record(nodeId != null ? s.withNode(nodeId) : s, cid);
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("duplicate", !o.created());
            view.put("shipmentId", o.shipmentId());
            view.put("orderId", o.orderId());
            view.put("relayStatus", o.relayStatus());
            return ResponseEntity.status(o.created() ? 201 : 200).header(Headers.HTTP_CORRELATION_ID, cid).body(view);
        } catch (FulfillmentRequestException e) {
            return refused(e.status(), e.reasons(), cid);
        }
    }

    static ResponseEntity<Map<String, Object>> refused(int status, java.util.List<String> reasons, String cid) {
        return ResponseEntity.status(status).header(Headers.HTTP_CORRELATION_ID, cid)
                .body(Map.of("error", "refused", "reasons", reasons));
    }
}
