package io.railhead.shared;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
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

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Map<String, String>> notFound(RuntimeException e) {
        return reject(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<Map<String, String>> conflict(RuntimeException e) {
        return reject(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler({IllegalArgumentException.class, MissingServletRequestParameterException.class,
            MethodArgumentTypeMismatchException.class})
    ResponseEntity<Map<String, String>> badRequest(Exception e) {
        return reject(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** A request body that is not JSON or holds a value of the wrong type: where, never the parser's words. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String at = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining()).replaceFirst("^\\.", "");
            return reject(HttpStatus.BAD_REQUEST, "the request body has an invalid value at " + at);
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            return reject(HttpStatus.BAD_REQUEST, "the request has no body");
        }
        return reject(HttpStatus.BAD_REQUEST, "the request body is not valid JSON");
    }

    private static ResponseEntity<Map<String, String>> reject(HttpStatus status, String reason) {
        return ResponseEntity.status(status).body(Map.of("status", "rejected", "reason", String.valueOf(reason)));
    }
}
