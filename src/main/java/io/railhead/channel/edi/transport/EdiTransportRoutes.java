package io.railhead.channel.edi.transport;

import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.channel.edi.partner.PartnerRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts one inbound route per partner from the route template of its transport type
 * ({@code routes/channel/edi/edi-<type>-transport.camel.yaml} defines {@code edi-<type>-inbox}), so a
 * new partner's folder is watched by adding its profile, not a route. The template gets
 * {@code partnerId} and every setting of the partner's transport as parameters; transports that
 * receive on one shared endpoint (AS2) have no per-partner template.
 */
@Component
public class EdiTransportRoutes implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EdiTransportRoutes.class);

    private final PartnerRegistry partners;

    public EdiTransportRoutes(PartnerRegistry partners) {
        this.partners = partners;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        for (PartnerProfile partner : partners.all()) {
            start(camelContext, partner);
        }
    }

    /** Adds (or replaces) the inbound route of one partner, if its transport has a template. */
    public void start(CamelContext camelContext, PartnerProfile partner) {
        String type = partner.transport().getType();
        String templateId = "edi-" + type + "-inbox";
        if (((ModelCamelContext) camelContext).getRouteTemplateDefinition(templateId) == null) {
            return;
        }
        String routeId = "edi-" + type + "-in-" + partner.id();
        Map<String, Object> parameters = new HashMap<>();
        // secrets are read by the transport itself, never carried in route parameters
        partner.transport().settings().forEach((k, v) -> {
            if (!k.matches("(?i).*(passphrase|password|secret).*")) {
                parameters.put(k, v == null ? "" : String.valueOf(v));
            }
        });
        parameters.put("partnerId", partner.id());
        try {
            if (camelContext.getRoute(routeId) != null) {
                camelContext.getRouteController().stopRoute(routeId);
                camelContext.removeRoute(routeId);
            }
            camelContext.addRouteFromTemplate(routeId, templateId, parameters);
            log.info("EDI partner {}: inbound route {} started", partner.id(), routeId);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the " + type + " inbound route of EDI partner "
                    + partner.id() + ": " + e.getMessage(), e);
        }
    }
}
