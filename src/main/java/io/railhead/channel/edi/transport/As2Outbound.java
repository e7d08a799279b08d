package io.railhead.channel.edi.transport;

import io.railhead.channel.edi.EdiHeaders;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.channel.edi.partner.PartnerRegistry;
import io.railhead.shared.TransientEndpointException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.security.cert.Certificate;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.as2.internal.AS2Constants;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The hub side of route {@code edi-send-as2}: puts the partner's AS2 settings, our signing key
 * and their certificate on the exchange as camel-as2 client arguments ({@code CamelAs2.*}
 * headers, removed again by the route), then judges the returned MDN with {@link As2Mdn}, and
 * turns camel-as2's own failures into the hub's two kinds: {@link TransientEndpointException}
 * (connection refused, timeouts: retried with back-off) and {@link As2DeliveryException}
 * (dead-lettered). Only what the partner profile asks for is sent: signed and encrypted by
 * default, always with a request for a signed synchronous MDN.
 */
@Component("ediAs2Outbound")
public class As2Outbound {

    /** Exchange property holding {@link As2Mdn.Sent} between sending and checking the MDN. */
    static final String SENT = "railheadAs2Sent";
    static final String HOST = "RailheadAs2Host";
    static final String PORT = "RailheadAs2Port";
    static final String SCHEME = "RailheadAs2Scheme";
    /** camel-as2 takes method arguments from headers with this prefix. */
    static final String ARG = "CamelAs2.";
    /** The X12 entity's Content-Transfer-Encoding: binary keeps every byte and any line length. */
    static final String TRANSFER_ENCODING = "binary";

    private static final Logger log = LoggerFactory.getLogger(As2Outbound.class);

    private final PartnerRegistry partners;
    private final As2Keys keys;
    private final As2Properties properties;
    private final ProducerTemplate producer;

    public As2Outbound(PartnerRegistry partners, As2Keys keys, As2Properties properties, ProducerTemplate producer) {
        this.partners = partners;
        this.keys = keys;
        this.properties = properties;
        this.producer = producer;
    }

    /** Sets the camel-as2 client arguments for the partner of header {@code RailheadEdiPartner}. */
    public void prepare(Exchange exchange) throws InvalidPayloadException {
        Message message = exchange.getMessage();
        PartnerProfile partner = partners.require(message.getHeader(EdiHeaders.PARTNER, String.class));
        As2PartnerSettings settings = As2PartnerSettings.of(partner);
        if (!keys.loaded()) {
            throw new As2DeliveryException("AS2 partner " + partner.id() + ": AS2 is not enabled (set "
                    + "railhead.edi.as2.enabled, id, keystore and keystore-password), replay once it is");
        }
        URI url = URI.create(settings.url());
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        String fileName = message.getHeader(EdiHeaders.FILE_NAME, String.class);
        String charset = Charset.forName(settings.charsetOrDefault()).name();
        byte[] content = message.getMandatoryBody(String.class).getBytes(Charset.forName(charset));
        Certificate[] partnerCertificates = keys.partnerCertificates(partner, settings);

        message.setHeader(HOST, url.getHost());
        message.setHeader(PORT, url.getPort() > 0 ? url.getPort() : tls ? 443 : 80);
        message.setHeader(SCHEME, tls ? "https" : "http");
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        message.setHeader(ARG + "requestUri", url.getRawQuery() == null ? path : path + "?" + url.getRawQuery());
        message.setHeader(ARG + "subject", settings.subject() != null ? settings.subject()
                : "EDI " + message.getHeader(EdiHeaders.DOCUMENT, "document", String.class) + " " + fileName);
        message.setHeader(ARG + "from", properties.emailOrDefault());
        message.setHeader(ARG + "as2From", settings.ourAs2IdOr(properties.id()));
        message.setHeader(ARG + "as2To", settings.as2ToOrDefault());
        message.setHeader(ARG + "as2MessageStructure", settings.structure());
        message.setHeader(ARG + "ediMessageContentType", settings.contentTypeOrDefault());
        message.setHeader(ARG + "ediMessageCharset", charset);
        message.setHeader(ARG + "ediMessageTransferEncoding", TRANSFER_ENCODING);
        if (settings.signs()) {
            message.setHeader(ARG + "signingAlgorithm", settings.signingAlgorithmOrDefault());
            message.setHeader(ARG + "signingCertificateChain", keys.chain());
            message.setHeader(ARG + "signingPrivateKey", keys.privateKey());
        }
        if (settings.encrypts()) {
            message.setHeader(ARG + "encryptingAlgorithm", settings.encryptionAlgorithmOrDefault());
            message.setHeader(ARG + "encryptingCertificateChain", partnerCertificates);
        }
        message.setHeader(ARG + "dispositionNotificationTo", properties.emailOrDefault());
        message.setHeader(ARG + "signedReceiptMicAlgorithms", settings.micAlgorithmOrDefault());
        if (fileName != null) {
            message.setHeader(ARG + "attachedFileName", fileName);
        }
        exchange.setProperty(SENT, new As2Mdn.Sent(partner.id(), partnerCertificates, true,
                settings.micAlgorithmOrDefault(), content, settings.contentTypeOrDefault(), charset, TRANSFER_ENCODING,
                fileName));
    }

    /**
     * Sends with the camel-as2 client and waits for the answer. camel-as2's producer always
     * finishes on a thread of its own; called through a {@link ProducerTemplate} the rest of the
     * {@code edi-outbound} unit of work (marking SENT, scheduling a retry, dead-lettering) stays on
     * the queue consumer's thread and so in its broker transaction.
     */
    public void send(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        StringBuilder uri = new StringBuilder("as2:client/send?inBody=ediMessage")
                .append("&targetHostname=").append(message.getHeader(HOST, String.class))
                .append("&targetPortNumber=").append(message.getHeader(PORT, Integer.class))
                .append("&clientFqdn=").append(properties.fqdn())
                .append("&userAgent=RAW(Railhead AS2)")
                .append("&httpConnectionTimeout=").append(properties.connectTimeout().toMillis())
                .append("&httpSocketTimeout=").append(properties.readTimeout().toMillis());
        if ("https".equals(message.getHeader(SCHEME))) {
            uri.append("&sslContext=#").append(As2Routes.CLIENT_TLS_BEAN);
        }
        Exchange answered = producer.send(uri.toString(), exchange);
        if (answered.getException() != null) {
            throw answered.getException();
        }
    }

    /** Accepts the send only on a positive, signed MDN whose MIC matches; throws otherwise. */
    public void verifyMdn(Exchange exchange) {
        As2Mdn.Sent sent = exchange.getProperty(SENT, As2Mdn.Sent.class);
        HttpCoreContext context = exchange.getProperty(AS2Constants.AS2_INTERCHANGE, HttpCoreContext.class);
        if (sent == null || context == null) {
            throw new IllegalStateException("route edi-send-as2: no AS2 send to check on this exchange");
        }
        As2Mdn.Receipt receipt = As2Mdn.verify(context.getRequest(), context.getResponse(), sent);
        log.info("EDI {} {} delivered to AS2 partner {}: MDN for {} says {}, MIC verified ({})",
                exchange.getMessage().getHeader(EdiHeaders.DOCUMENT), exchange.getMessage().getHeader(EdiHeaders.FILE_NAME),
                sent.partnerId(), receipt.originalMessageId(), receipt.disposition(), sent.micAlgorithm());
    }

    /**
     * Route {@code edi-send-as2}'s catch: rethrows the failure as transient or permanent. camel-as2
     * wraps client errors in a message that lists every argument (the document and our key
     * included), so only the innermost cause is kept, never that wrapper's text.
     */
    public void sendFailed(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (caught instanceof As2DeliveryException || caught instanceof TransientEndpointException) {
            throw (RuntimeException) caught;
        }
        String partner = exchange.getMessage().getHeader(EdiHeaders.PARTNER, String.class);
        Throwable root = root(caught);
        String reason = root == null ? "unknown" : root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + As2Inbound.printable(root.getMessage()));
        RuntimeException failure = transientFailure(caught)
                ? new TransientEndpointException("AS2 send to partner " + partner + " failed: " + reason, null)
                : new As2DeliveryException("AS2 send to partner " + partner + " failed: " + reason);
        if (root != null && !(root instanceof RuntimeCamelException)) {
            failure.initCause(root);
        }
        throw failure;
    }

    private static boolean transientFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IOException || c instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable root(Throwable t) {
        Throwable root = t;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
