package io.railhead.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** A verified login is remembered, so the password hash is checked once; a failed one never is. */
class VerifiedCredentialsTest {

    private final AtomicInteger checks = new AtomicInteger();

    private AuthenticationProvider counting() {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(User.withUsername("ops")
                .password("{bcrypt}" + new BCryptPasswordEncoder(4).encode("s3cret")).roles("USER").build()));
        dao.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication a) {
                checks.incrementAndGet();
                return dao.authenticate(a);
            }

            @Override
            public boolean supports(Class<?> type) {
                return dao.supports(type);
            }
        };
    }

    private static UsernamePasswordAuthenticationToken login(String user, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
    }

    @Test
    void theSameGoodCredentialsAreCheckedOnceWithinTheTtl() {
        VerifiedCredentials cache = new VerifiedCredentials(counting(), Duration.ofMinutes(5), 10);
        Authentication first = cache.authenticate(login("ops", "s3cret"));
        Authentication second = cache.authenticate(login("ops", "s3cret"));
        assertThat(checks).hasValue(1);
        assertThat(second.isAuthenticated()).isTrue();
        assertThat(second.getName()).isEqualTo(first.getName()).isEqualTo("ops");
        assertThat(second.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_USER");
        assertThat(second.getCredentials()).isNull();
    }

    @Test
    void aWrongPasswordIsCheckedEveryTimeAndNeverLetIn() {
        VerifiedCredentials cache = new VerifiedCredentials(counting(), Duration.ofMinutes(5), 10);
        cache.authenticate(login("ops", "s3cret"));
        assertThatThrownBy(() -> cache.authenticate(login("ops", "s3cret "))).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> cache.authenticate(login("ops", "s3cret "))).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> cache.authenticate(login("ops2", "s3cret"))).isInstanceOf(RuntimeException.class);
        assertThat(checks).hasValue(4);
    }

    @Test
    void aLoginIsCheckedAgainOnceItsTtlHasPassed() {
        VerifiedCredentials cache = new VerifiedCredentials(counting(), Duration.ZERO, 10);
        cache.authenticate(login("ops", "s3cret"));
        cache.authenticate(login("ops", "s3cret"));
        assertThat(checks).hasValue(2);
    }
}
