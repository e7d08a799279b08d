package io.railhead.channel.edi.transport;

/**
 * Ends an inbound AS2 request with HTTP 500 and no MDN, so the partner's AS2 software sends the
 * message again later: thrown when the message could not be stored (database or broker down), or
 * was refused while the partner asked for no MDN to carry the refusal. camel-as2 sends the message
 * text to the partner, so it says what happened in general terms and never carries internal
 * details; those are logged by {@link As2Inbound} before it is thrown.
 */
public class As2ReceiveException extends RuntimeException {

    public As2ReceiveException(String message) {
        super(message);
    }
}
