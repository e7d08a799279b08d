package io.railhead.channel.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The webhook signature check, including secret rotation. */
class ShopifySignatureTest {

    private static final byte[] BODY = "{\"id\":1,\"note\":\"ünïcode\"}".getBytes(StandardCharsets.UTF_8);

    private static String sign(String secret) {
        return Base64.getEncoder().encodeToString(ShopifySignature.sign(BODY, secret));
    }

    @Test
    void acceptsTheSignatureOfAnyConfiguredSecret() {
        assertThat(ShopifySignature.verify(BODY, sign("old"), List.of("new", "old"))).isTrue();
        assertThat(ShopifySignature.verify(BODY, sign("new"), List.of("new", "old"))).isTrue();
    }

    @Test
    void rejectsWrongMissingOrMalformedSignatures() {
        assertThat(ShopifySignature.verify(BODY, sign("other"), List.of("new"))).isFalse();
        assertThat(ShopifySignature.verify(BODY, null, List.of("new"))).isFalse();
        assertThat(ShopifySignature.verify(BODY, "not base64 !!", List.of("new"))).isFalse();
        assertThat(ShopifySignature.verify(BODY, sign("new"), List.of())).as("no secret configured").isFalse();
    }

    @Test
    void signatureCoversTheExactBytes() {
        byte[] tampered = "{\"id\":2,\"note\":\"ünïcode\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(ShopifySignature.verify(tampered, sign("new"), List.of("new"))).isFalse();
    }
}
