package io.railhead.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The webhook signature check, including secret rotation. */
class WebhookSignatureTest {

    private static final byte[] BODY = "{\"id\":1,\"note\":\"ünïcode\"}".getBytes(StandardCharsets.UTF_8);

    private static String sign(String secret) {
        return Base64.getEncoder().encodeToString(WebhookSignature.sign(BODY, secret));
    }

    @Test
    void acceptsTheSignatureOfAnyConfiguredSecret() {
        assertThat(WebhookSignature.verify(BODY, sign("old"), List.of("new", "old"))).isTrue();
        assertThat(WebhookSignature.verify(BODY, sign("new"), List.of("new", "old"))).isTrue();
    }

    @Test
    void rejectsWrongMissingOrMalformedSignatures() {
        assertThat(WebhookSignature.verify(BODY, sign("other"), List.of("new"))).isFalse();
        assertThat(WebhookSignature.verify(BODY, null, List.of("new"))).isFalse();
        assertThat(WebhookSignature.verify(BODY, "not base64 !!", List.of("new"))).isFalse();
        assertThat(WebhookSignature.verify(BODY, sign("new"), List.of())).as("no secret configured").isFalse();
    }

    @Test
    void signatureCoversTheExactBytes() {
        byte[] tampered = "{\"id\":2,\"note\":\"ünïcode\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(tampered, sign("new"), List.of("new"))).isFalse();
    }
}
