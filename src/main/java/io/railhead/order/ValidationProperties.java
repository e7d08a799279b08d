package io.railhead.order;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The business rules' knobs ({@code railhead.validation.*}): which payment statuses release an
 * order, what counts as high risk, the totals tolerance, the limits a quantity or an amount must
 * stay within, and rules switched off per deployment.
 *
 * @param maxAmount         the largest price or amount an order may carry (absurd values are held, never sent)
 * @param maxQuantity       the largest quantity of one line
 * @param unitPriceDecimals per channel, how many decimals a unit price may have where the channel quotes
 *                          fractions of the currency's minor unit (B2B price lists); otherwise the currency's own
 */
@ConfigurationProperties("railhead.validation")
public record ValidationProperties(
        List<String> releasePaymentStatuses,
        List<String> highRiskLevels,
        List<String> highRiskTags,
        BigDecimal totalsTolerance,
        Set<HoldReason> disabledRules,
        BigDecimal maxAmount,
        Integer maxQuantity,
        Map<String, Integer> unitPriceDecimals) {

    public ValidationProperties {
        // The defaults are in application.yaml; an empty list in YAML may bind as none.
        releasePaymentStatuses = releasePaymentStatuses == null ? List.of() : releasePaymentStatuses;
        highRiskLevels = highRiskLevels == null ? List.of() : highRiskLevels;
        highRiskTags = highRiskTags == null ? List.of() : highRiskTags;
        disabledRules = disabledRules == null ? Set.of() : disabledRules;
        unitPriceDecimals = unitPriceDecimals == null ? Map.of() : unitPriceDecimals;
        Objects.requireNonNull(totalsTolerance, "railhead.validation.totals-tolerance is not set");
        Objects.requireNonNull(maxAmount, "railhead.validation.max-amount is not set");
        Objects.requireNonNull(maxQuantity, "railhead.validation.max-quantity is not set");
    }
}
