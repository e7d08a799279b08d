package io.railhead.inventory;

import io.railhead.shared.Headers;
import io.railhead.shared.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The stock API (behind the ops login, docs/stock.md): a SKU's figures and journal, the channels' push
 * figures, a channel's resync, and the rules in force. Stock events come in through {@link StockEventController}.
 */
@RestController
@RequestMapping("/api/stock")
public class StockController {

    private final LedgerStore ledger;
    private final PushStore pushes;
    private final DesiredStock desired;
    private final StockRulesSource rules;
    private final StockChannelStats stats;
    private final StockResync resync;

    public StockController(LedgerStore ledger, PushStore pushes, DesiredStock desired,
                           StockRulesSource rules, StockChannelStats stats, StockResync resync) {
        this.ledger = ledger;
        this.pushes = pushes;
        this.desired = desired;
        this.rules = rules;
        this.stats = stats;
        this.resync = resync;
    }

    @GetMapping("/channels")
    public Map<String, Object> channels() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (StockChannel c : rules.rules().channels().values()) {
            PushStore.Totals t = pushes.totals(c.name());
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("type", c.type());
            v.put("push", c.push());
            v.put("pending", t.pending());
            v.put("latencyP50Ms", stats.latencyMillis(c.name(), 50));
            v.put("latencyP99Ms", stats.latencyMillis(c.name(), 99));
            v.put("exposureUnits", t.exposureUnits());
            String error = stats.lastError(c.name());
            v.put("lastError", error != null ? error : t.lastError());
            StockResync.Progress p = resync.progress(c.name());
            if (p != null) {
                v.put("resync", p);
            }
            out.put(c.name(), v);
        }
        return Map.of("channels", out);
    }

    @PostMapping("/channels/{channel}/resync")
    public ResponseEntity<Map<String, Object>> resync(@PathVariable String channel) {
        if (!rules.rules().channels().containsKey(channel)) {
            throw new NotFoundException("no stock channel " + channel + " in the stock rules");
        }
        resync.resync(channel);
        return ResponseEntity.accepted().body(Map.of("channel", channel, "status", "started",
                "progress", "GET /api/stock/channels"));
    }

    @GetMapping("/rules")
    public Map<String, Object> rulesStatus() {
        StockRulesSource.Status s = rules.status();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("file", s.file());
        v.put("loadedAt", s.loadedAt());
        StockRules r = rules.rules();
        v.put("locations", r.locations().keySet());
        v.put("channels", r.channels().keySet());
        v.put("kits", r.kits().keySet());
        v.put("refused", s.refused() == null ? null : Map.of("file", s.refused().file().toString(), "line", s.refused().line(),
                "reason", s.refused().reason()));
        return v;
    }

    @GetMapping("/{sku}")
    public Map<String, Object> sku(@PathVariable String sku) {
        StockRules r = rules.rules();
        if (!ledger.known(sku) && !r.isKit(sku)) {
            throw new NotFoundException("no stock known for SKU " + sku);
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("sku", sku);
        v.put("reserved", ledger.reserved(List.of(sku)).getOrDefault(sku, 0L));
        if (r.isKit(sku)) {
            v.put("kit", r.kits().get(sku));
        }
        Map<String, Map<String, Object>> locs = new LinkedHashMap<>();
        for (LedgerStore.Level l : ledger.levels(List.of(sku)).getOrDefault(sku, List.of())) {
            locs.computeIfAbsent(l.location(), k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("location", k);
                for (StockEvent.State s : StockEvent.State.values()) {
                    m.put(s.name(), 0L);
                }
                return m;
            }).put(l.state().name(), l.quantity());
        }
        v.put("locations", new ArrayList<>(locs.values()));
        Map<String, PushStore.Row> rows = new LinkedHashMap<>();
        pushes.rowsOf(sku).forEach(row -> rows.put(row.channel(), row));
        Map<String, Object> channels = new LinkedHashMap<>();
        desired.availableNow(sku).forEach((c, available) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            PushStore.Row row = rows.get(c);
            m.put("available", available);
            m.put("lastPushed", row == null ? null : row.lastPushed());
            m.put("lastPushedAt", row == null ? null : row.lastPushedAt());
            m.put("lastResult", row == null ? null : row.lastResult());
            m.put("pending", row != null && row.dirty());
            if (row != null && row.lastError() != null && !"OK".equals(row.lastResult())) {
                m.put("lastError", row.lastError());
            }
            channels.put(c, m);
        });
        v.put("channels", channels);
        return v;
    }

    @GetMapping("/{sku}/journal")
    public Map<String, Object> journal(@PathVariable String sku, @RequestParam(required = false) Long before,
                                       @RequestParam(defaultValue = "100") int limit) {
        if (!ledger.known(sku)) {
            throw new NotFoundException("no stock known for SKU " + sku);
        }
        int size = Math.max(1, Math.min(limit, 1000));
        List<LedgerStore.Entry> entries = ledger.journalOf(sku, before, size);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("sku", sku);
        v.put("entries", entries);
        v.put("next", entries.size() < size ? null : entries.get(entries.size() - 1).seq());
        return v;
    }
}
