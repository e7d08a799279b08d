package io.railhead.inventory;

import io.railhead.shared.Headers;
import io.railhead.shared.NotFoundException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stock events over HTTP (behind the ops login, docs/stock.md): an event in (202 once durably queued, 200 for a
 * repeat, 400 with every reason), where one event stands (queued, applied or set aside with its reason), and
 * an operator's re-apply of a set-aside event.
 */
@RestController
@RequestMapping("/api/stock/events")
public class StockEventController {

    private final StockEventIntake intake;
    private final StockEventStore events;
    private final StockEventApplier applier;

    public StockEventController(StockEventIntake intake, StockEventStore events, StockEventApplier applier) {
        this.intake = intake;
        this.events = events;
        this.applier = applier;
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> event(@RequestBody(required = false) byte[] body,
                                                     @RequestHeader(name = Headers.HTTP_CORRELATION_ID, required = false)
                                                     String correlationId) {
        String cid = correlationId == null || correlationId.isBlank() ? UUID.randomUUID().toString() : correlationId;
        StockEventIntake.Outcome o = intake.accept(body == null ? new byte[0] : body, "api", cid);
        Map<String, Object> view = new LinkedHashMap<>();
        HttpStatus status = switch (o.status()) {
            case QUEUED -> HttpStatus.ACCEPTED;
            case DUPLICATE -> HttpStatus.OK;
            case REFUSED -> HttpStatus.BAD_REQUEST;
        };
        if (o.status() == StockEventIntake.Status.REFUSED) {
            view.put("error", "stock event refused, nothing of it applied");
            view.put("reasons", o.reasons());
        } else {
            view.put("eventId", o.eventId());
            view.put("status", o.status() == StockEventIntake.Status.QUEUED ? "queued" : "duplicate");
            view.put("duplicate", o.status() == StockEventIntake.Status.DUPLICATE);
        }
        return ResponseEntity.status(status).header(Headers.HTTP_CORRELATION_ID, cid).body(view);
    }

    @GetMapping("/{eventId}")
    public Map<String, Object> status(@PathVariable String eventId) {
        StockEventStore.Status s = events.status(eventId);
        if (s == null) {
            throw new NotFoundException("no stock event " + eventId);
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("eventId", s.eventId());
        v.put("source", s.source());
        v.put("kind", s.kind());
        v.put("items", s.items());
        v.put("via", s.via());
        v.put("occurredAt", s.occurredAt());
        v.put("receivedAt", s.receivedAt());
        v.put("status", s.appliedAt() != null ? "applied" : s.applyError() != null ? "set-aside"
                : s.appliedItems() > 0 ? "applying" : "queued");
        if (s.appliedAt() == null && s.appliedItems() > 0) {
            v.put("appliedItems", s.appliedItems()); // of a large event applied in parts
        }
        v.put("appliedAt", s.appliedAt());
        v.put("applyError", s.applyError());
        v.put("applyAttempts", s.applyAttempts());
        v.put("queued", events.backlog());
        return v;
    }

    @PostMapping("/{eventId}/reapply")
    public ResponseEntity<Map<String, Object>> reapply(@PathVariable String eventId) {
        StockEventStore.Status s = events.status(eventId);
        if (s == null) {
            throw new NotFoundException("no stock event " + eventId);
        }
        if (!events.reapply(eventId)) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("eventId", eventId, "error",
                    s.appliedAt() != null ? "the event was applied" : "the event is queued, not set aside"));
        }
        applier.wake();
        return ResponseEntity.accepted().body(Map.of("eventId", eventId, "status", "queued"));
    }
}
