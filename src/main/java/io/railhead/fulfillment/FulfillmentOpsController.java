package io.railhead.fulfillment;

import io.railhead.shared.Headers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's and the nodes' fulfillment calls behind the ops login: a node's report of lines it cannot ship
 * ({@link LineCancellations}: 201 with what became of them, 200 {@code duplicate}, 400/404/409/422 with every
 * reason), the list of reports by outcome (what is left to cancel at a channel by hand), and re-sourcing one
 * order by hand ({@link OperatorResourcing}).
 */
@RestController
public class FulfillmentOpsController {

    private final LineCancellations cancellations;
    private final LineCancellationStore store;
    private final OperatorResourcing resourcing;

    public FulfillmentOpsController(LineCancellations cancellations, LineCancellationStore store,
                                    OperatorResourcing resourcing) {
        this.cancellations = cancellations;
        this.store = store;
        this.resourcing = resourcing;
    }

    @PostMapping("/api/fulfillment/cancellations")
    public ResponseEntity<Map<String, Object>> report(@RequestBody(required = false) byte[] body,
                                                      @RequestHeader(name = Headers.HTTP_CORRELATION_ID, required = false)
                                                      String requested) {
        String cid = cid(requested);
        LineCancellationReader.Read read = LineCancellationReader.read(body);
        if (read.report() == null) {
            return NodeShipmentController.refused(400, read.reasons(), cid);
        }
        try {
            LineCancellations.Outcome o = cancellations.report(read.report(), cid);
            Map<String, Object> view = view(o.row());
            view.put("duplicate", !o.created());
            return ResponseEntity.status(o.created() ? 201 : 200).header(Headers.HTTP_CORRELATION_ID, cid).body(view);
        } catch (FulfillmentRequestException e) {
            return NodeShipmentController.refused(e.status(), e.reasons(), cid);
        }
    }

    @GetMapping("/api/fulfillment/cancellations")
    public ResponseEntity<Object> list(@RequestParam(defaultValue = "CANCEL_AT_CHANNEL") String outcome,
                                       @RequestParam(defaultValue = "100") int limit) {
        LineCancellationStore.Outcome o;
        try {
            o = LineCancellationStore.Outcome.valueOf(outcome);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "refused", "reasons", List.of("outcome: one of "
                    + List.of(LineCancellationStore.Outcome.values()))));
        }
        if (limit < 1 || limit > 1000) {
            return ResponseEntity.badRequest().body(Map.of("error", "refused", "reasons",
                    List.of("limit: 1 to 1000")));
        }
        return ResponseEntity.ok(store.withOutcome(o, limit).stream().map(FulfillmentOpsController::view).toList());
    }

    @PostMapping("/api/orders/{orderId}/resource")
    public ResponseEntity<Map<String, Object>> resource(@PathVariable String orderId,
                                                        @RequestHeader(name = Headers.HTTP_CORRELATION_ID, required = false)
                                                        String requested) {
        String cid = cid(requested);
        try {
            return ResponseEntity.ok().header(Headers.HTTP_CORRELATION_ID, cid).body(resourcing.resource(orderId, cid));
        } catch (FulfillmentRequestException e) {
            return NodeShipmentController.refused(e.status(), e.reasons(), cid);
        }
    }

    private static Map<String, Object> view(LineCancellationStore.Row r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("cancellationId", r.cancellationId());
        view.put("orderId", r.orderId());
        view.put("nodeId", r.nodeId());
        view.put("outcome", r.outcome().name());
        view.put("action", r.action());
        view.put("createdAt", r.createdAt() == null ? null : r.createdAt().toString());
        view.put("updatedAt", r.updatedAt() == null ? null : r.updatedAt().toString());
        return view;
    }

    private static String cid(String requested) {
        return requested != null && !requested.isBlank() ? requested : UUID.randomUUID().toString();
    }
}
