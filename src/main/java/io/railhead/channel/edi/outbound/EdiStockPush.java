package io.railhead.channel.edi.outbound;

import io.railhead.channel.edi.EdiStore;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.channel.edi.partner.PartnerRegistry;
import io.railhead.inventory.StockChannel;
import io.railhead.inventory.StockPushItem;
import io.railhead.inventory.StockPushResult;
import io.railhead.inventory.StockPushTarget;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Tells a trading partner what it may sell: a stock channel of {@code type: edi} with
 * {@code partner: <id>} gets an 846 inventory advice with the quantities that changed, at most one per
 * the profile's {@code inventoryAdvice.interval} (the pushers wait it out; a resync sends every SKU). The
 * advice is written, checked against its schema and queued for the partner's transport by
 * {@link OutboundDocuments}, like the 855/856/810: an item counts as accepted once its advice is on the
 * partner's durable outbound queue, and the partner's 997 for it shows on {@code GET /api/edi/outbound}.
 * A push repeated after a crash finds its advice already recorded and queues that one again if it had
 * not left, rather than writing a second.
 */
@Component
public class EdiStockPush implements StockPushTarget {

    static final String TYPE = "edi";
    /** Items per 846 (the schema's LIN loop allows 10,000). */
    static final int BATCH_SIZE = 10_000;

    private final PartnerRegistry partners;
    private final OutboundDocuments documents;
    private final EdiStore store;

    public EdiStockPush(PartnerRegistry partners, OutboundDocuments documents, EdiStore store) {
        this.partners = partners;
        this.documents = documents;
        this.store = store;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int batchSize(StockChannel channel) {
        return BATCH_SIZE;
    }

    @Override
    public Duration minInterval(StockChannel channel) {
        PartnerProfile partner = partners.find(channel.setting("partner")).orElse(null);
        Duration interval = partner == null ? null : partner.inventoryAdviceInterval();
        return interval == null ? Duration.ZERO : interval;
    }

    @Override
    public String misconfigured(StockChannel channel) {
        String id = channel.setting("partner");
        if (id == null) {
            return "EDI stock channel " + channel.name() + ": no partner (partner: <profile id> in the stock rules)";
        }
        PartnerProfile partner = partners.find(id).orElse(null);
        if (partner == null) {
            return "EDI stock channel " + channel.name() + ": no partner profile " + id + " (railhead.edi.partners-dir)";
        }
        if (!partner.exchanges("846")) {
            return "EDI stock channel " + channel.name() + ": partner " + id + " does not exchange 846 (profile documents)";
        }
        if (partner.inventoryAdviceInterval() == null) {
            return "EDI stock channel " + channel.name() + ": partner profile " + id
                    + " has no inventoryAdvice: {interval: ...}";
        }
        return null;
    }

    @Override
    public List<StockPushResult> push(StockChannel channel, List<StockPushItem> items) {
        PartnerProfile partner = partners.require(channel.setting("partner"));
        List<StockPushResult> results = new ArrayList<>();
        List<InventoryAdvices.Item> advised = new ArrayList<>();
        for (StockPushItem i : items) {
            InventoryAdvices.Item item = new InventoryAdvices.Item(i.sku(), i.channelSku(), i.quantity());
            String problem = InventoryAdvices.problem(item, partner);
            if (problem != null) {
                results.add(StockPushResult.refused(i.sku(), problem));
            } else {
                advised.add(item);
            }
        }
        if (advised.isEmpty()) {
            return results;
        }
        String digest = digest(advised);
        String key = eventKey(partner, digest);
        String reportNumber = "RH" + key.substring(key.lastIndexOf(':') + 1);
        OutboundDocuments.Issued issued = documents.issue(partner, key, null,
                InventoryAdvices.draft(advised, partner, reportNumber, Instant.now()),
                "stock-846-" + UUID.randomUUID(), true);
        for (InventoryAdvices.Item item : advised) {
            results.add(issued.held()
                    ? StockPushResult.refused(item.sku(), "846 " + issued.document().id() + " held: "
                            + issued.document().detail())
                    : StockPushResult.accepted(item.sku()));
        }
        return results;
    }

    /**
     * The advice's event key: the partner's latest 846 when it carried these very values (this push is
     * that one repeated, after a crash cut it short before its items were settled), else a new one. A
     * legitimately new advice never repeats the latest one: values the partner already has are not pushed.
     */
    private String eventKey(PartnerProfile partner, String digest) {
        List<EdiStore.Outbound> latest = store.outbound(partner.id(), "846", 1);
        if (!latest.isEmpty() && latest.get(0).eventKey().startsWith("846:" + digest + ":")) {
            return latest.get(0).eventKey();
        }
        return "846:" + digest + ":" + Instant.now().toEpochMilli();
    }

    /** The advice's identity: its items and quantities, in the order given. */
    static String digest(List<InventoryAdvices.Item> items) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (InventoryAdvices.Item i : items) {
                sha.update((i.sku() + '\u0000' + i.vendorPartNumber() + '\u0000' + i.quantity() + '\n')
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
