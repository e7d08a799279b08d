package io.railhead.channel.walmart;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * One {@link WalmartApiClient} per seller account, shared by the poller and the acknowledgement
 * route so both use the same access token and the same pacing of that account.
 */
@Component
public class WalmartClients {

    private final WalmartProperties properties;
    private final MeterRegistry metrics;
    private final Map<String, WalmartApiClient> clients = new ConcurrentHashMap<>();

    public WalmartClients(WalmartProperties properties, MeterRegistry metrics) {
        this.properties = properties;
        this.metrics = metrics;
    }

    WalmartApiClient client(WalmartProperties.ResolvedAccount account) {
        return clients.compute(account.name(), (name, existing) -> existing != null && existing.account().equals(account)
                ? existing : new WalmartApiClient(account, properties, metrics));
    }
}
