package io.railhead.fulfillment;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a node's shipment webhook, {@code X-Railhead-Signature: sha256=<hex>}: HMAC-SHA256 of the raw
 * body keyed with the node's {@code webhookSecret}, compared in constant time. No secret, no header or a header of
 * another form never verifies.
 */
public final class NodeSignature {

    public static final String HEADER = "X-Railhead-Signature";
    private static final String PREFIX = "sha256=";

    private NodeSignature() {
    }

    public static boolean verify(byte[] body, String header, String secret) {
        if (secret == null || secret.isBlank() || header == null) {
            return false;
        }
        String h = header.trim();
        if (!h.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(h.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(body == null ? new byte[0] : body, secret), given);
    }

    /** The header value for {@code body} signed with {@code secret}. */
    public static String sign(byte[] body, String secret) {
        return PREFIX + HexFormat.of().formatHex(hmac(body, secret));
    }

    private static byte[] hmac(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
