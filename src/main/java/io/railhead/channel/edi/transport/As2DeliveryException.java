package io.railhead.channel.edi.transport;

/**
 * An AS2 send that sending again will not fix: the partner refused it (negative MDN such as
 * {@code processed/error: decryption-failed}, HTTP 4xx), or its receipt cannot be trusted (no MDN,
 * unsigned, a signature that does not verify, a MIC that does not match what we sent). Thrown by
 * {@link As2Outbound} in route {@code edi-send-as2}; the {@code edi-outbound} queue consumer
 * dead-letters it with this message, which names the partner and the reason, never the payload.
 */
public class As2DeliveryException extends io.railhead.shared.PermanentEndpointException {

    public As2DeliveryException(String message) {
        super(message);
    }
}
