package io.railhead.channel.walmart;

import java.net.http.HttpClient;
import java.time.Duration;
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
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, WalmartApiClient> clients = new ConcurrentHashMap<>();

    public WalmartClients(WalmartProperties properties) {
        this.properties = properties;
    }

    WalmartApiClient client(WalmartProperties.ResolvedAccount account) {
        return clients.compute(account.name(), (name, existing) -> existing != null && existing.account().equals(account)
                ? existing : new WalmartApiClient(account, properties, http));
    }
}
