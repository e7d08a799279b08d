package io.railhead.kpi;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operations KPIs for an operator or a report: {@code GET /api/kpis?from=&to=} (ISO-8601 instants; defaults: the
 * {@code railhead.kpi.default-window} ending now), behind the ops login. A bad window is 400 with the reason.
 */
@RestController
@RequestMapping("/api/kpis")
public class KpisController {

    private final Kpis kpis;

    public KpisController(Kpis kpis) {
        this.kpis = kpis;
    }

    @GetMapping
    public KpiReport kpis(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return kpis.report(kpis.window(from, to));
    }
}
