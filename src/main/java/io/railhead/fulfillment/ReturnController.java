package io.railhead.fulfillment;

import io.railhead.shared.Headers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where returns received are reported (ops login): 201 new, 200 {@code duplicate} for a return id seen before,
 * 400 unreadable, 404 unknown order, 422 more than shipped or a location the ledger does not know, with every reason.
 */
@RestController
public class ReturnController {

    private final OrderReturns returns;

    public ReturnController(OrderReturns returns) {
        this.returns = returns;
    }

    @PostMapping("/api/returns")
    public ResponseEntity<Map<String, Object>> report(@RequestBody(required = false) byte[] body,
                                                      @RequestHeader(name = Headers.HTTP_CORRELATION_ID, required = false)
                                                      String requested) {
        String cid = requested != null && !requested.isBlank() ? requested : UUID.randomUUID().toString();
        OrderReturnReader.Read read = OrderReturnReader.read(body);
        if (read.value() == null) {
            return NodeShipmentController.refused(400, read.reasons(), cid);
        }
        try {
            OrderReturns.Outcome o = returns.record(read.value(), cid);
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("duplicate", !o.created());
            view.put("returnId", o.returnId());
            view.put("orderId", o.orderId());
            return ResponseEntity.status(o.created() ? 201 : 200).header(Headers.HTTP_CORRELATION_ID, cid).body(view);
        } catch (FulfillmentRequestException e) {
            return NodeShipmentController.refused(e.status(), e.reasons(), cid);
        }
    }
}
