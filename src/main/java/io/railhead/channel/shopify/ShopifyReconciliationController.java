package io.railhead.channel.shopify;

import io.railhead.channel.shopify.ShopifyReconciler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators' view of the channel adapters' own state: how much the safety nets had to catch. */
@RestController
@RequestMapping("/api/channels")
public class ShopifyReconciliationController {

    private final ShopifyReconciler shopify;

    public ShopifyReconciliationController(ShopifyReconciler shopify) {
        this.shopify = shopify;
    }

    @GetMapping("/shopify/reconciliation")
    public Map<String, Object> shopifyReconciliation() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("missedWebhooks", shopify.missedWebhookCount());
        view.put("checkpoint", shopify.checkpoint().orElse(null));
        return view;
    }
}
