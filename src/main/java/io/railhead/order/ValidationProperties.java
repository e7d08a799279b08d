package io.railhead.order;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The business rules' knobs ({@code railhead.validation.*}): which payment statuses release an
 * order, what counts as high risk, the totals tolerance, and rules switched off per deployment.
 */
@ConfigurationProperties("railhead.validation")
public record ValidationProperties(
        List<String> releasePaymentStatuses,
        List<String> highRiskLevels,
        List<String> highRiskTags,
        BigDecimal totalsTolerance,
        Set<HoldReason> disabledRules) {

    public ValidationProperties {
        releasePaymentStatuses = releasePaymentStatuses == null ? List.of("PAID", "AUTHORIZED", "ON_TERMS") : releasePaymentStatuses;
        highRiskLevels = highRiskLevels == null ? List.of("HIGH") : highRiskLevels;
        highRiskTags = highRiskTags == null ? List.of() : highRiskTags;
        totalsTolerance = totalsTolerance == null ? new BigDecimal("0.01") : totalsTolerance;
        disabledRules = disabledRules == null ? Set.of() : disabledRules;
    }
}
