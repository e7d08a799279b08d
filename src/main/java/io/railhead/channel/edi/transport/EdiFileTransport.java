package io.railhead.channel.edi.transport;

import io.railhead.channel.edi.EdiHeaders;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.channel.edi.partner.PartnerRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Settings of the file-drop transport, read from the partner profile for the outbound route. */
@Component("ediFileTransport")
public class EdiFileTransport {

    private final PartnerRegistry partners;

    public EdiFileTransport(PartnerRegistry partners) {
        this.partners = partners;
    }

    /** Sets {@code RailheadEdiOutbox} to the partner's outbox folder. */
    public void outbox(Exchange exchange) {
        PartnerProfile partner = partners.require(exchange.getMessage().getHeader(EdiHeaders.PARTNER, String.class));
        exchange.getMessage().setHeader("RailheadEdiOutbox", partner.transport().setting("outbox"));
    }
}
