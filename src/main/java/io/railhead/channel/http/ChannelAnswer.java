package io.railhead.channel.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.railhead.shared.MappingObjectMapper;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * What a channel API answered to one call: status, headers and body, and the request that was
 * sent (some channels want their own request headers quoted when a call fails, e.g. Walmart's
 * {@code WM_QOS.CORRELATION_ID}). The body is read as JSON at most once, by whoever asks first,
 * the way mappings read payloads ({@link MappingObjectMapper}).
 */
public final class ChannelAnswer {

    /** Channel payloads keep their decimals exact (10.00 stays 10.00) and their 64-bit ids whole. */
    private static final ObjectMapper JSON = new MappingObjectMapper();

    private final int status;
    private final HttpHeaders headers;
    private final String body;
    private final HttpHeaders requestHeaders;
    private JsonNode json;

    public ChannelAnswer(int status, HttpHeaders headers, String body, HttpHeaders requestHeaders) {
        this.status = status;
        this.headers = headers;
        this.body = body == null ? "" : body;
        this.requestHeaders = requestHeaders;
    }

    public int status() {
        return status;
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public String body() {
        return body;
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    public Optional<String> requestHeader(String name) {
        return requestHeaders.firstValue(name);
    }

    /** The body as JSON; an empty object for an empty body. */
    public synchronized JsonNode json() throws IOException {
        if (json == null) {
            json = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        }
        return json;
    }

    /** The body as JSON when it is JSON at all, for throttle rules that look into error answers. */
    public Optional<JsonNode> jsonIfAny() {
        try {
            return Optional.of(json());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
