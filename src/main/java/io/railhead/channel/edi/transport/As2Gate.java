package io.railhead.channel.edi.transport;

import java.io.IOException;
import org.apache.camel.component.as2.api.AS2Header;
import org.apache.camel.component.as2.api.AS2ServerManager;
import org.apache.camel.component.as2.api.entity.AS2DispositionModifier;
import org.apache.camel.component.as2.api.protocol.ResponseMDN;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.HttpRequestHandler;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps camel-as2's request handler of the hub's AS2 server ({@link As2Routes} puts it in front of
 * the {@code edi-as2-receive} consumer), for what camel-as2 does not do the way docs/partners.md
 * promises:
 * <ul>
 *   <li>a message asking for an asynchronous MDN ({@code Receipt-Delivery-Option}) is refused with
 *   HTTP 400 before anything else, so the hub never posts a receipt to a URL a message names;</li>
 *   <li>a body over {@code railhead.edi.as2.max-body-size} (by its Content-Length) is refused before
 *   it is decrypted, checked or stored: a negative MDN {@code processed/error: unexpected-processing-error},
 *   or HTTP 413 when no MDN was asked for;</li>
 *   <li>a refusal camel-as2 makes itself, before the route runs (an unencrypted message:
 *   {@code insufficient-message-security}), is logged, and answered with HTTP 500 when the partner
 *   asked for no MDN: camel-as2 would answer 200 with no body, which reads as success;</li>
 *   <li>answers without MDN carry their reason in the status line and no body: camel-as2's own
 *   client leaves a body it cannot parse unread and breaks its next request on the connection.</li>
 * </ul>
 * camel-as2 has read the whole request into memory before any handler runs (its server connection
 * parses the entity as it receives it), so the body limit bounds what the hub decrypts and stores,
 * not what the socket reads: a proxy in front must cap request bodies.
 */
final class As2Gate implements HttpRequestHandler {

    /** Context attribute set by {@link As2Inbound} when it refused the message (and logged why). */
    static final String REFUSED_BY_HUB = "railheadAs2RefusedByHub";

    private static final Logger log = LoggerFactory.getLogger(As2Gate.class);

    private final HttpRequestHandler camelAs2;
    private final long maxBodySize;
    private final String from;

    As2Gate(HttpRequestHandler camelAs2, long maxBodySize, String from) {
        this.camelAs2 = camelAs2;
        this.maxBodySize = maxBodySize;
        this.from = from;
    }

    @Override
    public void handle(ClassicHttpRequest request, ClassicHttpResponse response, HttpContext context)
            throws HttpException, IOException {
        // camel-as2 keeps one HttpContext per keep-alive connection: nothing of the last message may stick.
        context.removeAttribute(ResponseMDN.DISPOSITION_MODIFIER);
        context.removeAttribute(ResponseMDN.DISPOSITION_TYPE);
        context.removeAttribute(REFUSED_BY_HUB);
        String messageId = As2Inbound.printable(header(request, AS2Header.MESSAGE_ID));
        String as2From = As2Inbound.printable(header(request, AS2Header.AS2_FROM));
        boolean mdnAsked = header(request, AS2Header.DISPOSITION_NOTIFICATION_TO) != null;
        if (header(request, AS2Header.RECEIPT_DELIVERY_OPTION) != null) {
            log.warn("AS2 message {} from AS2-From '{}' refused: it asks for an asynchronous MDN; answering HTTP 400",
                    messageId, as2From);
            answer(response, 400, "Asynchronous MDNs are not supported; send again asking for a synchronous MDN");
            return;
        }
        long length = contentLength(request);
        if (length > maxBodySize) {
            log.warn("AS2 message {} from AS2-From '{}' refused: {} bytes, over railhead.edi.as2.max-body-size ({})",
                    messageId, as2From, length, maxBodySize);
            if (mdnAsked) {
                context.setAttribute(AS2ServerManager.FROM, from);
                context.setAttribute(ResponseMDN.DISPOSITION_MODIFIER,
                        AS2DispositionModifier.ERROR_UNEXPECTED_PROCESSING_ERROR);
            } else {
                answer(response, 413, "The message is larger than " + maxBodySize + " bytes");
            }
            return;
        }
        try {
            camelAs2.handle(request, response, context);
        } catch (HttpException e) {
            // The route failed (store failed, or As2Inbound refused a message that asked for no MDN).
            // camel-as2 would answer 500 with the exception text as the body; a camel-as2 client does
            // not read such a body and breaks its next request on the connection: a reason phrase only.
            answer(response, 500, partnerReason(e));
            return;
        }
        Object modifier = context.getAttribute(ResponseMDN.DISPOSITION_MODIFIER);
        if (modifier instanceof AS2DispositionModifier refusal && refusal.isError()) {
            if (context.getAttribute(REFUSED_BY_HUB) == null) {
                log.warn("AS2 message {} from AS2-From '{}' refused by camel-as2 ({}) before the hub saw it",
                        messageId, as2From, refusal);
            }
            if (!mdnAsked) {
                answer(response, 500, "The message was refused (" + refusal + ")");
            }
        }
    }

    private static long contentLength(ClassicHttpRequest request) {
        String value = header(request, HttpHeaders.CONTENT_LENGTH);
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * An answer without MDN: a status and a reason phrase, never internal details, and no body
     * (camel-as2's client leaves a body it cannot parse unread on a kept-alive connection).
     */
    private static void answer(ClassicHttpResponse response, int status, String reason) {
        response.setCode(status);
        response.setReasonPhrase(reason);
        response.setEntity(null);
    }

    /** The text {@link As2ReceiveException} was made for the partner, or a general one. */
    private static String partnerReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof As2ReceiveException r) {
                return r.getMessage();
            }
        }
        return "the message could not be processed; send it again later";
    }

    private static String header(ClassicHttpRequest request, String name) {
        Header h = request.getFirstHeader(name);
        return h == null ? null : h.getValue().trim();
    }
}
