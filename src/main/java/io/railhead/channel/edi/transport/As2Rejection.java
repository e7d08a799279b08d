package io.railhead.channel.edi.transport;

import org.apache.camel.component.as2.api.entity.AS2DispositionModifier;

/**
 * Why an inbound AS2 message is refused, with the MDN disposition modifier the partner gets for
 * it (RFC 4130 section 7.5.3, e.g. {@code error: authentication-failed}). Thrown inside
 * {@link As2Inbound} only; the message text goes to our log, never to the partner.
 */
public class As2Rejection extends Exception {

    private final transient AS2DispositionModifier modifier;

    public As2Rejection(AS2DispositionModifier modifier, String reason) {
        super(reason);
        this.modifier = modifier;
    }

    public AS2DispositionModifier modifier() {
        return modifier;
    }
}
