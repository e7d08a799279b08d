package io.railhead.channel.edi.transport;

import io.railhead.channel.edi.EdiHeaders;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.channel.edi.partner.PartnerRegistry;
import io.railhead.shared.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.security.cert.Certificate;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.component.as2.api.AS2Header;
import org.apache.camel.component.as2.api.entity.AS2DispositionModifier;
import org.apache.camel.component.as2.api.entity.ApplicationEntity;
import org.apache.camel.component.as2.api.entity.ApplicationPkcs7MimeCompressedDataEntity;
import org.apache.camel.component.as2.api.entity.ApplicationPkcs7MimeEnvelopedDataEntity;
import org.apache.camel.component.as2.api.entity.MimeEntity;
import org.apache.camel.component.as2.api.entity.MultipartSignedEntity;
import org.apache.camel.component.as2.api.protocol.ResponseMDN;
import org.apache.camel.component.as2.api.util.SigningUtils;
import org.apache.camel.component.as2.internal.AS2Constants;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.bouncycastle.cms.jcajce.ZlibExpanderProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The hub side of an inbound AS2 message, called by route {@code edi-as2-receive} after
 * camel-as2 has decrypted it: finds the partner by its {@code AS2-From}, checks that the message
 * is addressed to us and signed with that partner's certificate (one server serves every partner,
 * so the signature is checked here against the one partner the message claims to come from, not
 * against every known certificate), and hands the exact EDI bytes on to {@code direct:edi-receive}.
 *
 * <p>A refused message never reaches {@code direct:edi-receive}: the partner gets a signed MDN
 * {@code processed/error: <reason>} (RFC 4130), or HTTP 500 when it asked for no MDN. A message
 * that could not be stored gets HTTP 500 without an MDN, so the partner sends it again; a positive
 * MDN therefore always means the file is archived and queued.
 */
@Component("ediAs2Inbound")
public class As2Inbound {

    /** Exchange property: the message was refused and must not be stored. */
    public static final String REJECTED = "railheadAs2Rejected";
    /** Header: the AS2 Message-ID, for the log line once stored. */
    public static final String MESSAGE_ID = "RailheadAs2MessageId";

    private static final Logger log = LoggerFactory.getLogger(As2Inbound.class);
    private static final Pattern FILENAME = Pattern.compile("filename\\s*=\\s*(\"([^\"]*)\"|[^;\\s]+)",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_NESTING = 4;

    private final PartnerRegistry partners;
    private final As2Keys keys;
    private final As2Properties properties;
    private final long maxFileSize;

    public As2Inbound(PartnerRegistry partners, As2Keys keys, As2Properties properties,
                      io.railhead.channel.edi.EdiProperties edi) {
        this.partners = partners;
        this.keys = keys;
        this.properties = properties;
        this.maxFileSize = edi.maxFileSize().toBytes();
    }

    /** Body becomes the EDI bytes with the {@code direct:edi-receive} headers, or the message is refused. */
    public void accept(Exchange exchange) {
        HttpCoreContext context = exchange.getProperty(AS2Constants.AS2_INTERCHANGE, HttpCoreContext.class);
        if (context == null || !(context.getRequest() instanceof ClassicHttpRequest request)) {
            throw new IllegalStateException("no AS2 request on the exchange: route " + exchange.getFromRouteId()
                    + " must start from as2:server/listen");
        }
        // camel-as2 keeps one HttpContext per connection: a refusal of an earlier message on this
        // keep-alive connection must not turn this message's MDN negative.
        context.removeAttribute(ResponseMDN.DISPOSITION_MODIFIER);
        context.removeAttribute(ResponseMDN.DISPOSITION_TYPE);
        String correlationId = UUID.randomUUID().toString();
        MDC.put("correlationId", correlationId);
        String messageId = printable(header(request, AS2Header.MESSAGE_ID));
        String as2From = header(request, AS2Header.AS2_FROM);
        exchange.getMessage().setHeader(MESSAGE_ID, messageId);
        try {
            PartnerProfile partner = partners.byTransportSetting("as2", "as2From", as2From)
                    .orElseThrow(() -> new As2Rejection(AS2DispositionModifier.ERROR_AUTHENTICATION_FAILED,
                            "no partner profile has AS2 name '" + printable(as2From) + "'"));
            As2PartnerSettings settings = As2PartnerSettings.of(partner);
            String ourId = settings.ourAs2IdOr(properties.id());
            String as2To = header(request, AS2Header.AS2_TO);
            if (!ourId.equals(as2To)) {
                throw new As2Rejection(AS2DispositionModifier.ERROR_AUTHENTICATION_FAILED, "partner " + partner.id()
                        + " addressed AS2 name '" + printable(as2To) + "', ours is '" + ourId + "'");
            }
            Payload payload = unwrap(request.getEntity(), keys.partnerCertificates(partner, settings), 0);
            if (!payload.signed()) {
                throw new As2Rejection(AS2DispositionModifier.ERROR_INSUFFICIENT_MESSAGE_SECURITY,
                        "partner " + partner.id() + " sent an unsigned message");
            }
            if (!payload.encrypted()) {
                throw new As2Rejection(AS2DispositionModifier.ERROR_INSUFFICIENT_MESSAGE_SECURITY,
                        "partner " + partner.id() + " sent an unencrypted message");
            }
            if (payload.bytes().length > maxFileSize) {
                // a chunked request has no Content-Length for As2Gate to check: the EDI content is checked here
                throw new As2Rejection(AS2DispositionModifier.ERROR_UNEXPECTED_PROCESSING_ERROR, "partner "
                        + partner.id() + " sent " + payload.bytes().length + " bytes of EDI, over "
                        + "railhead.edi.max-file-size (" + maxFileSize + " bytes)");
            }
            exchange.getMessage().setBody(payload.bytes());
            exchange.getMessage().setHeader(EdiHeaders.TRANSPORT, "as2");
            exchange.getMessage().setHeader(EdiHeaders.PARTNER, partner.id());
            exchange.getMessage().setHeader(EdiHeaders.FILE_NAME, fileName(payload.fileName(), request, messageId));
            exchange.getMessage().setHeader(Headers.CORRELATION_ID, correlationId);
        } catch (As2Rejection rejection) {
            refuse(exchange, context, request, messageId, as2From, rejection);
        } catch (RuntimeException e) {
            // A broken profile or an unreadable certificate file: ours to fix, not the partner's.
            log.error("AS2 message {} from AS2-From '{}' cannot be checked; answering HTTP 500", messageId,
                    printable(as2From), e);
            throw new As2ReceiveException("the message could not be processed; send it again later");
        }
    }

    /** Route {@code edi-as2-receive}: the file is archived and queued; the positive MDN follows. */
    public void stored(Exchange exchange) {
        log.info("AS2 message {} from partner {} archived as {}; answering with MDN processed",
                exchange.getMessage().getHeader(MESSAGE_ID), exchange.getMessage().getHeader(EdiHeaders.PARTNER),
                exchange.getMessage().getHeader(EdiHeaders.ARCHIVE_ID));
    }

    /** Route {@code edi-as2-receive}: archiving or queueing failed; no MDN, so the partner resends. */
    public void storeFailed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        log.error("AS2 message {} from partner {} could not be stored; answering HTTP 500 so the partner sends it "
                        + "again", exchange.getMessage().getHeader(MESSAGE_ID),
                exchange.getMessage().getHeader(EdiHeaders.PARTNER), cause);
        throw new As2ReceiveException("the message could not be stored; send it again later");
    }

    private void refuse(Exchange exchange, HttpCoreContext context, ClassicHttpRequest request, String messageId,
                        String as2From, As2Rejection rejection) {
        exchange.setProperty(REJECTED, true);
        context.setAttribute(As2Gate.REFUSED_BY_HUB, true);
        log.warn("AS2 message {} from AS2-From '{}' refused ({}): {}", messageId, printable(as2From),
                rejection.modifier(), rejection.getMessage());
        if (header(request, AS2Header.DISPOSITION_NOTIFICATION_TO) == null) {
            // No MDN was asked for: a 200 would read as success, so the refusal is an HTTP error.
            throw new As2ReceiveException("message refused (" + rejection.modifier() + ")");
        }
        context.setAttribute(ResponseMDN.DISPOSITION_MODIFIER, rejection.modifier());
    }

    /** Decrypts, verifies and decompresses down to the EDI entity, noting which protections it had. */
    private Payload unwrap(HttpEntity entity, Certificate[] partnerCertificates, int depth) throws As2Rejection {
        if (depth > MAX_NESTING) {
            throw new As2Rejection(AS2DispositionModifier.ERROR_UNEXPECTED_PROCESSING_ERROR, "MIME structure nested "
                    + "deeper than " + MAX_NESTING + " levels");
        }
        if (entity instanceof ApplicationPkcs7MimeEnvelopedDataEntity enveloped) {
            MimeEntity inner;
            try {
                inner = enveloped.getEncryptedEntity(keys.privateKey());
            } catch (HttpException | RuntimeException e) {
                throw new As2Rejection(AS2DispositionModifier.ERROR_DECRYPTION_FAILED, "cannot decrypt: " + e.getMessage());
            }
            return unwrap(inner, partnerCertificates, depth + 1).encrypted(true);
        }
        if (entity instanceof MultipartSignedEntity signed) {
            if (!SigningUtils.isValid(signed, partnerCertificates)) {
                throw new As2Rejection(AS2DispositionModifier.ERROR_AUTHENTICATION_FAILED,
                        "the signature does not verify with the partner's certificate");
            }
            return unwrap(signed.getSignedDataEntity(), partnerCertificates, depth + 1).signed(true);
        }
        if (entity instanceof ApplicationPkcs7MimeCompressedDataEntity compressed) {
            MimeEntity inner;
            try {
                inner = compressed.getCompressedEntity(new ZlibExpanderProvider());
            } catch (HttpException | RuntimeException e) {
                throw new As2Rejection(AS2DispositionModifier.ERROR_DECOMPRESSION_FAILED,
                        "cannot decompress: " + e.getMessage());
            }
            return unwrap(inner, partnerCertificates, depth + 1);
        }
        if (entity instanceof ApplicationEntity edi) {
            return new Payload(bytes(edi), fileNameOf(edi), false, false);
        }
        throw new As2Rejection(AS2DispositionModifier.ERROR_UNEXPECTED_PROCESSING_ERROR, "unsupported content "
                + (entity == null ? "(none)" : printable(entity.getContentType())));
    }

    /** The EDI content exactly as sent: camel-as2 keeps it as bytes for base64 and binary, as text otherwise. */
    static byte[] bytes(ApplicationEntity edi) throws As2Rejection {
        Object message = edi.getEdiMessage();
        try {
            if (message instanceof InputStream in) {
                return in.readAllBytes();
            }
            return String.valueOf(message).getBytes(Charset.forName(edi.getCharset()));
        } catch (IOException | RuntimeException e) {
            throw new As2Rejection(AS2DispositionModifier.ERROR_UNEXPECTED_PROCESSING_ERROR,
                    "cannot read the EDI content: " + e.getMessage());
        }
    }

    private static String fileNameOf(MimeEntity entity) {
        Header disposition = entity.getFirstHeader(AS2Header.CONTENT_DISPOSITION);
        return disposition == null ? null : fileNameParameter(disposition.getValue());
    }

    static String fileNameParameter(String contentDisposition) {
        if (contentDisposition == null) {
            return null;
        }
        Matcher m = FILENAME.matcher(contentDisposition);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    /** The partner's file name without any path, or the message id; safe as a file name anywhere. */
    static String fileName(String fromEntity, HttpRequest request, String messageId) {
        String name = fromEntity;
        if (name == null) {
            name = fileNameParameter(header(request, AS2Header.CONTENT_DISPOSITION));
        }
        if (name != null) {
            name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        }
        if (name == null || name.isBlank()) {
            name = messageId == null ? "as2-" + UUID.randomUUID() : messageId.replaceAll("^<|>$", "");
        }
        String safe = name.replaceAll("[^A-Za-z0-9._@-]", "_").replaceAll("^\\.+", "_");
        return safe.length() > 200 ? safe.substring(0, 200) : safe;
    }

    private static String header(HttpRequest request, String name) {
        Header h = request.getFirstHeader(name);
        return h == null ? null : h.getValue().trim();
    }

    /** Partner-controlled text for a log line: printable characters only, bounded. */
    static String printable(String value) {
        if (value == null) {
            return null;
        }
        String s = value.replaceAll("[^\\x20-\\x7E]", "?");
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    record Payload(byte[] bytes, String fileName, boolean signed, boolean encrypted) {

        Payload signed(boolean value) {
            return new Payload(bytes, fileName, signed || value, encrypted);
        }

        Payload encrypted(boolean value) {
            return new Payload(bytes, fileName, signed, encrypted || value);
        }
    }
}
