package io.railhead.ops;

import io.railhead.order.OrderOperations;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns the ops API's expected failures into JSON answers with a reason. Anything else falls to
 * Spring Boot's error page, which never includes a stack trace ({@code server.error.*}).
 */
@RestControllerAdvice
public class ApiErrors {

    @ExceptionHandler({OrderOperations.OrderNotFoundException.class, EdiController.NotFound.class})
    ResponseEntity<Map<String, String>> notFound(RuntimeException e) {
        return reject(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(OrderOperations.OrderStateException.class)
    ResponseEntity<Map<String, String>> conflict(RuntimeException e) {
        return reject(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler({IllegalArgumentException.class, MissingServletRequestParameterException.class,
            MethodArgumentTypeMismatchException.class})
    ResponseEntity<Map<String, String>> badRequest(Exception e) {
        return reject(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private static ResponseEntity<Map<String, String>> reject(HttpStatus status, String reason) {
        return ResponseEntity.status(status).body(Map.of("status", "rejected", "reason", String.valueOf(reason)));
    }
}
