package io.railhead.channel.walmart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Walmart Marketplace settings ({@code railhead.channels.walmart.*}), read by the poller
 * ({@code channel-poll-walmart}), the acknowledgement route ({@code walmart-ack-send}) and the stock
 * push ({@code inventory-feed-threshold}, {@code feed-poll-interval}, {@code feed-timeout}).
 *
 * <p>{@code enabled} switches the channel on. The top-level {@code client-id}/{@code client-secret}
 * are the seller account "default"; more accounts go under {@code accounts.<name>.*} with the same
 * keys ({@code enabled}, {@code endpoint}, {@code client-id}, {@code client-secret},
 * {@code poll-interval}); {@code endpoint} and {@code poll-interval} are inherited from the top
 * level, credentials never are (each account is its own seller). The account name is the
 * order's {@code sourceAccount}. Secrets come from the environment
 * ({@code RAILHEAD_CHANNELS_WALMART_CLIENT_SECRET}, {@code RAILHEAD_CHANNELS_WALMART_ACCOUNTS_<NAME>_CLIENT_SECRET});
 * an enabled account without them stops the start-up.
 */
@ConfigurationProperties("railhead.channels.walmart")
public record WalmartProperties(
        boolean enabled,
        String endpoint,
        String clientId,
        String clientSecret,
        Duration pollInterval,
        /** Sent as {@code WM_SVC.NAME} on every call. */
        String serviceName,
        /** Sent as {@code WM_CONSUMER.CHANNEL.TYPE} when set (the id Walmart gives solution providers). */
        String consumerChannelType,
        /** Orders per page (Walmart allows at most 200). */
        int pageSize,
        /** One released/changes query per ship-node type; add WFSFulfilled to record Walmart-fulfilled orders. */
        List<String> shipNodeTypes,
        /** How far back the first changes query of an account looks. */
        Duration initialLookback,
        /** The changes window ends this long before now, so late-indexed changes are not skipped. */
        Duration settleTime,
        /** Pace of the poller's calls per account; a 429 pauses the account for what Walmart asks. */
        double requestsPerSecond,
        /** A stock push of at most this many items sets them one by one; more go as one inventory feed. */
        int inventoryFeedThreshold,
        /** Time between two looks at a submitted inventory feed's status. */
        Duration feedPollInterval,
        /** How long a feed may stay unprocessed before its items are pushed again later. */
        Duration feedTimeout,
        Map<String, Account> accounts) {

    /** The account the top-level keys describe. */
    public static final String DEFAULT_ACCOUNT = "default";

    public WalmartProperties {
        accounts = accounts == null ? Map.of() : new TreeMap<>(accounts);
        if (shipNodeTypes == null || shipNodeTypes.isEmpty()) {
            throw new IllegalArgumentException("railhead.channels.walmart.ship-node-types must name at least one, "
                    + "e.g. SellerFulfilled");
        }
        shipNodeTypes = List.copyOf(shipNodeTypes);
        if (pageSize < 1 || pageSize > 200) {
            throw new IllegalArgumentException("railhead.channels.walmart.page-size must be 1..200, not " + pageSize);
        }
        if (requestsPerSecond <= 0) {
            throw new IllegalArgumentException("railhead.channels.walmart.requests-per-second must be > 0");
        }
        if (inventoryFeedThreshold < 0) {
            throw new IllegalArgumentException("railhead.channels.walmart.inventory-feed-threshold must be >= 0");
        }
        if (!positive(feedPollInterval) || !positive(feedTimeout)) {
            throw new IllegalArgumentException("railhead.channels.walmart.feed-poll-interval and feed-timeout must be "
                    + "positive");
        }
        if (enabled) {
            check(resolve(enabled, endpoint, clientId, clientSecret, pollInterval, accounts),
                    accounts.isEmpty() || notBlank(clientId) || notBlank(clientSecret));
        }
    }

    /** One seller account as configured; null fields inherit the top level (credentials excepted). */
    public record Account(Boolean enabled, String endpoint, String clientId, String clientSecret, Duration pollInterval) {
    }

    /** A fully resolved account the poller and the acknowledgement can use. */
    public record ResolvedAccount(String name, String endpoint, String clientId, String clientSecret,
                                  Duration pollInterval) {
        @Override
        public String toString() {
            return "walmart account " + name; // never the credentials
        }
    }

    /** The accounts that run when the channel is enabled. */
    public List<ResolvedAccount> activeAccounts() {
        return enabled ? resolve(true, endpoint, clientId, clientSecret, pollInterval, accounts) : List.of();
    }

    /**
     * An account by name, also a parked one ({@code enabled: false}) or with the channel off:
     * orders taken before still need their acknowledgement, with that account's credentials.
     */
    public Optional<ResolvedAccount> account(String name) {
        Map<String, Account> all = new TreeMap<>();
        accounts.forEach((n, a) -> all.put(n, a == null ? null
                : new Account(true, a.endpoint(), a.clientId(), a.clientSecret(), a.pollInterval())));
        return resolve(true, endpoint, clientId, clientSecret, pollInterval, all).stream()
                .filter(a -> a.name().equals(name)).findFirst();
    }

    /** Accounts switched on while the channel itself is off: worth a warning at start-up. */
    List<String> accountsEnabledWhileChannelDisabled() {
        return enabled ? List.of() : accounts.entrySet().stream()
                .filter(e -> Boolean.TRUE.equals(e.getValue().enabled())).map(Map.Entry::getKey).toList();
    }

    private static List<ResolvedAccount> resolve(boolean enabled, String endpoint, String clientId, String clientSecret,
                                                 Duration pollInterval, Map<String, Account> accounts) {
        List<ResolvedAccount> all = new ArrayList<>();
        if (!enabled) {
            return all;
        }
        if (accounts.isEmpty() || notBlank(clientId) || notBlank(clientSecret)) {
            all.add(new ResolvedAccount(DEFAULT_ACCOUNT, stripSlash(endpoint), clientId, clientSecret, pollInterval));
        }
        accounts.forEach((name, a) -> {
            if (a != null && !Boolean.FALSE.equals(a.enabled())) {
                all.add(new ResolvedAccount(name, stripSlash(notBlank(a.endpoint()) ? a.endpoint() : endpoint),
                        a.clientId(), a.clientSecret(), a.pollInterval() != null ? a.pollInterval() : pollInterval));
            }
        });
        return all;
    }

    private static void check(List<ResolvedAccount> all, boolean topLevelAccount) {
        for (int i = 0; i < all.size(); i++) {
            ResolvedAccount a = all.get(i);
            String prefix = i == 0 && topLevelAccount ? "railhead.channels.walmart."
                    : "railhead.channels.walmart.accounts." + a.name() + ".";
            require(a.endpoint(), prefix + "endpoint");
            require(a.clientId(), prefix + "client-id");
            require(a.clientSecret(), prefix + "client-secret");
            if (a.pollInterval() == null || a.pollInterval().isNegative() || a.pollInterval().isZero()) {
                throw new IllegalArgumentException(prefix + "poll-interval must be positive");
            }
        }
        if (all.stream().filter(a -> DEFAULT_ACCOUNT.equals(a.name())).count() > 1) {
            throw new IllegalArgumentException("railhead.channels.walmart.accounts.default clashes with the top-level "
                    + "account: give it another name or use the top-level keys");
        }
    }

    private static void require(String value, String property) {
        if (!notBlank(value)) {
            throw new IllegalArgumentException(property + " is not set (Walmart channel enabled); secrets come from "
                    + "the environment, e.g. " + property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String stripSlash(String s) {
        return s != null && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
