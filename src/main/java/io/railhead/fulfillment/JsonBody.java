package io.railhead.fulfillment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The start every fulfillment report's reader shares: the raw body read as one JSON object (or the one reason it
 * is not), and a reason for each field the shape does not name, so each reader collects every reason at once.
 */
final class JsonBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBody() {
    }

    /** The body as a JSON object, or null with its reason. */
    record Parsed(JsonNode doc, String reason) {
    }

    /** {@code what} names the report in the reason ("a shipment is a JSON object"). */
    static Parsed object(byte[] body, String what) {
        JsonNode doc;
        try {
            doc = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return new Parsed(null, "the body is not JSON");
        }
        return doc == null || !doc.isObject() ? new Parsed(null, "a " + what + " is a JSON object") : new Parsed(doc, null);
    }

    /** One reason per field of {@code doc} not in {@code fields}, prefixed with {@code at}. */
    static void unknownFields(JsonNode doc, Set<String> fields, String at, List<String> reasons) {
        doc.fieldNames().forEachRemaining(f -> {
            if (!fields.contains(f)) {
                reasons.add(at + f + ": unknown field");
            }
        });
    }
}
