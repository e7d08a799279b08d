package io.railhead.channel.shopify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies {@code X-Shopify-Hmac-Sha256}: base64 of HMAC-SHA256 over the raw body, keyed with
 * the app secret. Compared in constant time against every configured secret (rotation).
 */
public final class ShopifySignature {

    private ShopifySignature() {
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
