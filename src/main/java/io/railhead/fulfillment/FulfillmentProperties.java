package io.railhead.fulfillment;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Fulfillment settings ({@code railhead.fulfillment.*}; defaults in application.yaml, described in the README):
 * the file of the codes channels know our carriers by ({@link CarrierCodesFile}).
 */
@ConfigurationProperties("railhead.fulfillment")
public record FulfillmentProperties(Path carriersFile) {
}
