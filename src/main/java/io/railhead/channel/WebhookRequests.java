package io.railhead.channel;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What every webhook controller does before it looks at a payload: read the raw body once and
 * never more than the limit (a signature is computed over these exact bytes), and answer refusals
 * as JSON with a reason.
 */
public final class WebhookRequests {

    private WebhookRequests() {
    }

    /** The raw body, or empty when it is larger than {@code limit} bytes (answer 413 then). */
    public static Optional<byte[]> body(HttpServletRequest request, long limit) throws IOException {
        if (request.getContentLengthLong() > limit) {
            return Optional.empty();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            return body.length > limit ? Optional.empty() : Optional.of(body);
        }
    }

    public static ResponseEntity<Map<String, String>> tooLarge(long limit) {
        return reject(HttpStatus.PAYLOAD_TOO_LARGE, "body larger than " + limit + " bytes");
    }

    public static ResponseEntity<Map<String, String>> reject(HttpStatus status, String reason) {
        return ResponseEntity.status(status).body(Map.of("status", "rejected", "reason", reason));
    }
}
