package io.railhead.shared;

import io.railhead.channel.shopify.ShopifyProperties;
import io.railhead.endpoint.erp.ErpProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says at start-up, once and plainly, what an unconfigured hub will not do, so a newcomer who
 * starts it with no settings sees why webhooks are refused or orders wait, instead of finding out
 * from a dead letter later. The hub still starts: the README's run command must work as is.
 */
@Component
class StartupChecks {

    private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);

    private final ShopifyProperties shopify;
    private final ErpProperties erp;

    StartupChecks(ShopifyProperties shopify, ErpProperties erp) {
        this.shopify = shopify;
        this.erp = erp;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        if (shopify.webhookSecret().isEmpty()) {
            LOG.warn("railhead.channels.shopify.webhook-secret is not set: every Shopify webhook will be refused with 401");
        }
        if (erp.url() == null || erp.url().isBlank()) {
            LOG.warn("railhead.endpoints.erp.url is not set: validated orders will wait, then be dead-lettered "
                    + "with that cause (replay them once it is set)");
        }
    }
}
