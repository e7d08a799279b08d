package io.railhead.channel;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What every webhook controller does before it looks at a payload: read the raw body once and
 * never more than the limit (a signature is computed over these exact bytes), refuse header ids the
 * store could not keep, and answer refusals as JSON with a reason.
 */
public final class WebhookRequests {

    /** The length of the order store's correlation id columns. */
    public static final int MAX_CORRELATION_ID = 64;
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7E]*");

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

    /**
     * Why a header's value cannot be taken as an id (too long for the order store, or not printable ASCII),
     * or empty when it can (or is absent). Such a delivery is refused at the door: accepted, it could only
     * fail in the store later, again and again.
     */
    public static Optional<String> badId(HttpServletRequest request, String header, int maxLength) {
        String v = request.getHeader(header);
        if (v == null) {
            return Optional.empty();
        }
        if (v.length() > maxLength) {
            return Optional.of(header + " is " + v.length() + " characters long (at most " + maxLength + ")");
        }
        return PRINTABLE.matcher(v).matches() ? Optional.empty()
                : Optional.of(header + " holds characters other than printable ASCII");
    }

    public static ResponseEntity<Map<String, String>> tooLarge(long limit) {
        return reject(HttpStatus.PAYLOAD_TOO_LARGE, "body larger than " + limit + " bytes");
    }

    public static ResponseEntity<Map<String, String>> reject(HttpStatus status, String reason) {
        return ResponseEntity.status(status).body(Map.of("status", "rejected", "reason", reason));
    }
}
