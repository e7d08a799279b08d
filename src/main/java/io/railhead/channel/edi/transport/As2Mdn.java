package io.railhead.channel.edi.transport;

import io.railhead.shared.RetryAfter;
import io.railhead.shared.TransientEndpointException;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Locale;
import org.apache.camel.CamelException;
import org.apache.camel.component.as2.api.AS2Header;
import org.apache.camel.component.as2.api.AS2MicAlgorithm;
import org.apache.camel.component.as2.api.entity.AS2DispositionModifier;
import org.apache.camel.component.as2.api.entity.AS2DispositionType;
import org.apache.camel.component.as2.api.entity.AS2MessageDispositionNotificationEntity;
import org.apache.camel.component.as2.api.entity.ApplicationEntity;
import org.apache.camel.component.as2.api.entity.DispositionNotificationMultipartReportEntity;
import org.apache.camel.component.as2.api.entity.MimeEntity;
import org.apache.camel.component.as2.api.entity.MultipartSignedEntity;
import org.apache.camel.component.as2.api.util.EntityUtils;
import org.apache.camel.component.as2.api.util.MicUtils;
import org.apache.camel.component.as2.api.util.SigningUtils;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Checks the synchronous MDN a partner answered one of our AS2 messages with, since camel-as2's
 * client returns whatever came back without judging it. A document counts as delivered only when
 * the receipt is signed by the partner's certificate (when we asked for a signed one), answers our
 * Message-ID, says {@code processed} without error or failure, and carries the MIC of exactly the
 * content we sent, computed with the algorithm we asked for: that is the partner's signed proof
 * that they hold our file unaltered. Used by {@link As2Outbound} in route {@code edi-send-as2}.
 *
 * <p>Failures are classified for the {@code edi-outbound} queue consumer: HTTP 5xx, 408, 429 and
 * {@code error: unexpected-processing-error} (the partner's own trouble) are
 * {@link TransientEndpointException}s, retried with back-off; everything else is an
 * {@link As2DeliveryException}, which retrying cannot fix.
 */
public final class As2Mdn {

    /** What we sent, to check the receipt against. */
    public record Sent(String partnerId, Certificate[] partnerCertificates, boolean signedReceipt,
                       String micAlgorithm, byte[] content, String contentType, String charset,
                       String transferEncoding, String fileName) {
    }

    /** A positive receipt: whose message it answers, what it said, and the MIC that matched. */
    public record Receipt(String originalMessageId, String disposition, String mic) {
    }

    private As2Mdn() {
    }

    public static Receipt verify(HttpRequest request, HttpResponse response, Sent sent) {
        String partner = sent.partnerId();
        if (response == null) {
            throw new TransientEndpointException("AS2 partner " + partner + " gave no HTTP response", null);
        }
        int status = response.getCode();
        if (status >= 500 || status == 408 || status == 429) {
            Header retryAfter = response.getFirstHeader("Retry-After");
            throw new TransientEndpointException("AS2 partner " + partner + " answered HTTP " + status,
                    retryAfter == null ? null : RetryAfter.parse(retryAfter.getValue()).orElse(null));
        }
        if (status < 200 || status >= 300) {
            throw new As2DeliveryException("AS2 partner " + partner + " refused the message with HTTP " + status);
        }
        HttpEntity entity = response instanceof ClassicHttpResponse classic ? classic.getEntity() : null;
        DispositionNotificationMultipartReportEntity report;
        if (entity instanceof MultipartSignedEntity signed) {
            if (!SigningUtils.isValid(signed, sent.partnerCertificates())) {
                throw new As2DeliveryException("AS2 partner " + partner + ": the MDN signature does not verify with "
                        + "the partner's certificate");
            }
            if (!(signed.getSignedDataEntity() instanceof DispositionNotificationMultipartReportEntity r)) {
                throw new As2DeliveryException("AS2 partner " + partner + ": the signed answer is not an MDN");
            }
            report = r;
        } else if (entity instanceof DispositionNotificationMultipartReportEntity r) {
            if (sent.signedReceipt()) {
                throw new As2DeliveryException("AS2 partner " + partner + " answered with an unsigned MDN; a signed "
                        + "one was requested");
            }
            report = r;
        } else {
            throw new As2DeliveryException("AS2 partner " + partner + " answered HTTP " + status
                    + " without an MDN (is the partner set up to return synchronous MDNs?)");
        }
        AS2MessageDispositionNotificationEntity mdn = notification(report);
        if (mdn == null) {
            throw new As2DeliveryException("AS2 partner " + partner + ": the MDN has no disposition notification part");
        }
        String messageId = header(request, AS2Header.MESSAGE_ID);
        if (messageId == null || !messageId.equals(mdn.getOriginalMessageId())) {
            throw new As2DeliveryException("AS2 partner " + partner + ": the MDN answers message "
                    + As2Inbound.printable(mdn.getOriginalMessageId()) + ", not ours " + messageId);
        }
        String disposition = disposition(mdn);
        if (!positive(mdn)) {
            if (mdn.getDispositionModifier() == AS2DispositionModifier.ERROR_UNEXPECTED_PROCESSING_ERROR) {
                throw new TransientEndpointException("AS2 partner " + partner + " answered MDN " + disposition, null);
            }
            throw new As2DeliveryException("AS2 partner " + partner + " answered MDN " + disposition);
        }
        MicUtils.ReceivedContentMic received = mdn.getReceivedContentMic();
        if (received == null) {
            throw new As2DeliveryException("AS2 partner " + partner + ": the MDN carries no MIC");
        }
        String wanted = AS2MicAlgorithm.getJdkAlgorithmName(sent.micAlgorithm());
        String used = AS2MicAlgorithm.getJdkAlgorithmName(received.getDigestAlgorithmId());
        if (used == null || !used.equals(wanted)) {
            throw new As2DeliveryException("AS2 partner " + partner + ": the MDN's MIC is computed with "
                    + As2Inbound.printable(received.getDigestAlgorithmId()) + ", " + sent.micAlgorithm()
                    + " was requested (set micAlgorithm in the profile to one the partner supports)");
        }
        String expected = mic(sent, wanted);
        if (!expected.equals(received.getEncodedMessageDigest().trim())) {
            throw new As2DeliveryException("AS2 partner " + partner + ": the MDN's MIC does not match the content "
                    + "sent (" + sent.micAlgorithm() + ")");
        }
        return new Receipt(messageId, disposition, expected);
    }

    /**
     * The MIC (RFC 4130 7.3.1) of the EDI entity as camel-as2 builds it for sending: base64 of the
     * digest over its MIME headers and content, before signing and encryption.
     */
    public static String mic(Sent sent, String jdkAlgorithm) {
        try {
            ApplicationEntity entity = EntityUtils.createEDIEntity(sent.content(),
                    ContentType.create(sent.contentType(), sent.charset()), sent.transferEncoding(), false,
                    sent.fileName());
            byte[] digest = MicUtils.createMic(EntityUtils.getContent(entity), jdkAlgorithm);
            if (digest == null) {
                throw new IllegalStateException("no digest " + jdkAlgorithm + " available");
            }
            return Base64.getEncoder().encodeToString(digest);
        } catch (CamelException e) {
            throw new IllegalStateException("cannot build the EDI entity to compute its MIC: " + e.getMessage(), e);
        }
    }

    private static boolean positive(AS2MessageDispositionNotificationEntity mdn) {
        AS2DispositionModifier modifier = mdn.getDispositionModifier();
        return mdn.getDispositionType() == AS2DispositionType.PROCESSED
                && (modifier == null || modifier.toString().toLowerCase(Locale.ROOT).startsWith("warning"))
                && empty(mdn.getFailureFields()) && empty(mdn.getErrorFields());
    }

    private static String disposition(AS2MessageDispositionNotificationEntity mdn) {
        StringBuilder s = new StringBuilder(String.valueOf(mdn.getDispositionType()));
        if (mdn.getDispositionModifier() != null) {
            s.append('/').append(mdn.getDispositionModifier());
        }
        if (!empty(mdn.getErrorFields())) {
            s.append(" (error: ").append(As2Inbound.printable(String.join("; ", mdn.getErrorFields()))).append(')');
        }
        if (!empty(mdn.getFailureFields())) {
            s.append(" (failure: ").append(As2Inbound.printable(String.join("; ", mdn.getFailureFields()))).append(')');
        }
        return s.toString();
    }

    private static AS2MessageDispositionNotificationEntity notification(DispositionNotificationMultipartReportEntity report) {
        for (int i = 0; i < report.getPartCount(); i++) {
            MimeEntity part = report.getPart(i);
            if (part instanceof AS2MessageDispositionNotificationEntity mdn) {
                return mdn;
            }
        }
        return null;
    }

    private static boolean empty(String[] values) {
        return values == null || values.length == 0;
    }

    private static String header(HttpRequest request, String name) {
        Header h = request == null ? null : request.getFirstHeader(name);
        return h == null ? null : h.getValue();
    }
}
