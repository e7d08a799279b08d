package io.railhead.channel;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature Shopify ({@code X-Shopify-Hmac-Sha256}, over the raw body) and Square
 * ({@code x-square-hmacsha256-signature}, over the notification URL and the body) both use:
 * base64 of HMAC-SHA256, keyed with the shared secret, compared in constant time against every
 * configured secret (rotation). Shared by the adapters, so neither imports the other.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    public static boolean verify(byte[] body, String header, List<String> secrets) {
        if (header == null || header.isBlank() || secrets.isEmpty()) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean ok = false;
        for (String secret : secrets) {
            ok |= MessageDigest.isEqual(sign(body, secret), given);
        }
        return ok;
    }

    public static byte[] sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
