package io.railhead.channel.walmart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.railhead.support.ShippedDefaults;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The configuration names of the Walmart channel, bound the way Spring binds them at start-up. */
class WalmartPropertiesTest {

    private static WalmartProperties bind(Map<String, Object> properties, Map<String, Object> env) {
        StandardEnvironment environment = ShippedDefaults.environment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", env));
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        ConfigurationPropertySources.attach(environment);
        return ShippedDefaults.bind(WalmartProperties.class, environment);
    }

    private static Map<String, Object> props(String... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void disabledByDefault_noAccountRuns_noSecretNeeded() {
        WalmartProperties p = bind(props(), Map.of());
        assertThat(p.enabled()).isFalse();
        assertThat(p.activeAccounts()).isEmpty();
        assertThat(p.endpoint()).isEqualTo("https://marketplace.walmartapis.com");
        assertThat(p.pollInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.shipNodeTypes()).containsExactly("SellerFulfilled");
    }

    @Test
    void topLevelKeysAreTheDefaultAccount_secretFromTheEnvironment() {
        WalmartProperties p = bind(props("railhead.channels.walmart.enabled", "true",
                        "railhead.channels.walmart.endpoint", "http://127.0.0.1:9/",
                        "railhead.channels.walmart.client-id", "cid", "railhead.channels.walmart.poll-interval", "3s"),
                Map.of("RAILHEAD_CHANNELS_WALMART_CLIENT_SECRET", "from-env"));
        assertThat(p.activeAccounts()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("default");
            assertThat(a.endpoint()).isEqualTo("http://127.0.0.1:9");
            assertThat(a.clientSecret()).isEqualTo("from-env");
            assertThat(a.pollInterval()).isEqualTo(Duration.ofSeconds(3));
            assertThat(a.toString()).doesNotContain("from-env").doesNotContain("cid");
        });
    }

    @Test
    void moreAccounts_inheritEndpointAndInterval_notCredentials_canBeSwitchedOff() {
        WalmartProperties p = bind(props("railhead.channels.walmart.enabled", "true",
                        "railhead.channels.walmart.client-id", "main", "railhead.channels.walmart.client-secret", "s0",
                        "railhead.channels.walmart.accounts.east.client-id", "east-id",
                        "railhead.channels.walmart.accounts.east.poll-interval", "5m",
                        "railhead.channels.walmart.accounts.old.enabled", "false"),
                Map.of("RAILHEAD_CHANNELS_WALMART_ACCOUNTS_EAST_CLIENT_SECRET", "east-secret"));
        assertThat(p.activeAccounts()).extracting(WalmartProperties.ResolvedAccount::name)
                .containsExactly("default", "east");
        WalmartProperties.ResolvedAccount east = p.account("east").orElseThrow();
        assertThat(east.clientSecret()).isEqualTo("east-secret");
        assertThat(east.endpoint()).isEqualTo("https://marketplace.walmartapis.com");
        assertThat(east.pollInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.account("old")).as("a parked account still acknowledges what it took").isPresent();
        assertThat(p.account("nobody")).isEmpty();
    }

    @Test
    void onlyNamedAccounts_noDefaultAccount() {
        WalmartProperties p = bind(props("railhead.channels.walmart.enabled", "true",
                "railhead.channels.walmart.accounts.west.client-id", "w",
                "railhead.channels.walmart.accounts.west.client-secret", "ws"), Map.of());
        assertThat(p.activeAccounts()).extracting(WalmartProperties.ResolvedAccount::name).containsExactly("west");
    }

    @Test
    void enabledWithoutSecret_startUpFailsNamingTheProperty() {
        assertThatThrownBy(() -> bind(props("railhead.channels.walmart.enabled", "true",
                "railhead.channels.walmart.client-id", "cid"), Map.of()))
                .hasStackTraceContaining("railhead.channels.walmart.client-secret is not set")
                .hasStackTraceContaining("RAILHEAD_CHANNELS_WALMART_CLIENT_SECRET");
        assertThatThrownBy(() -> bind(props("railhead.channels.walmart.enabled", "true",
                "railhead.channels.walmart.accounts.east.client-id", "e"), Map.of()))
                .hasStackTraceContaining("railhead.channels.walmart.accounts.east.client-secret is not set");
    }

    @Test
    void accountSwitchedOnWhileTheChannelIsOff_isReported() {
        WalmartProperties p = bind(props("railhead.channels.walmart.accounts.east.enabled", "true"), Map.of());
        assertThat(p.activeAccounts()).isEmpty();
        assertThat(p.accountsEnabledWhileChannelDisabled()).containsExactly("east");
    }
}
