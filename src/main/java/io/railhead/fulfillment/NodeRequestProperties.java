package io.railhead.fulfillment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long a fulfillment request to a node may take ({@code railhead.fulfillment.node-requests.*}; defaults in
 * application.yaml, described in the README): to connect, and for the node's answer. A timeout is retried.
 */
@ConfigurationProperties("railhead.fulfillment.node-requests")
public record NodeRequestProperties(Duration connectTimeout, Duration readTimeout) {
}
