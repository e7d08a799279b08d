package io.railhead.kpi;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Operations KPI settings ({@code railhead.kpi.*}; defaults in application.yaml, described in the README): the
 * window {@code GET /api/kpis} and the metrics use when none is given, the longest window a request may ask for,
 * how long the metrics keep figures before a scrape computes them again, and how many rows one figure reads at most.
 */
@ConfigurationProperties("railhead.kpi")
public record KpiProperties(Duration defaultWindow, Duration maxWindow, Duration metricsCache, int maxRows) {
}
