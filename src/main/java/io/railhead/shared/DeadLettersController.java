package io.railhead.shared;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators' view of dead letters: what failed where and why, and replay once the cause is fixed. */
@RestController
@RequestMapping("/api/dead-letters")
public class DeadLettersController {

    private final DeadLetterService deadLetters;

    public DeadLettersController(DeadLetterService deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    public Map<String, List<DeadLetter>> list(@RequestParam(defaultValue = "200") int limit) {
        return Map.of("deadLetters", deadLetters.list(Math.min(Math.max(limit, 1), 5000)));
    }

    @PostMapping("/{id}/replay")
    public ResponseEntity<?> replay(@PathVariable String id) {
        return deadLetters.replay(id)
                .<ResponseEntity<?>>map(d -> ResponseEntity.ok(Map.of("replayed", d)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(Map.of("status", "rejected", "reason", "no dead letter " + id)));
    }
}
