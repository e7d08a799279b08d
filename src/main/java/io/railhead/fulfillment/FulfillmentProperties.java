package io.railhead.fulfillment;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Fulfillment settings ({@code railhead.fulfillment.*}; defaults in application.yaml, described in the README):
 * the nodes and routing files and how often they are checked for changes, the optional postal-centroid table,
 * whether orders go to the ERP before they are sourced, and the file of the codes channels know our carriers by
 * ({@link CarrierCodesFile}).
 */
@ConfigurationProperties("railhead.fulfillment")
public record FulfillmentProperties(Path carriersFile, Path nodesFile, Path routingFile, Path postalCentroidsFile,
                                    Duration configReloadInterval, boolean erpBeforeSourcing) {
}
