package io.railhead.shared;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;

/**
 * Keeps API clients that send Basic credentials with every request (a WMS posting stock events, the
 * bench, scripts) from paying for a password hash check each time: a BCrypt check costs tens of
 * milliseconds of CPU, which on a 2-core hub capped the stock API at about 20 requests a second. A
 * successful login is remembered for {@code ttl} under an HMAC of user and password with a key made
 * at start-up (the password itself is not kept); failures are never remembered, so guessing stays as
 * slow as the hash makes it. At most {@code maxEntries} logins are kept.
 */
final class VerifiedCredentials implements AuthenticationProvider {

    private record Verified(Object principal, Collection<? extends GrantedAuthority> authorities, long expiresAt) {
    }

    private final AuthenticationProvider delegate;
    private final long ttlNanos;
    private final int maxEntries;
    private final byte[] key = new byte[32];
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    VerifiedCredentials(AuthenticationProvider delegate, Duration ttl, int maxEntries) {
        this.delegate = delegate;
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        new SecureRandom().nextBytes(key);
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        if (!(authentication.getCredentials() instanceof String password)) {
            return delegate.authenticate(authentication);
        }
        String id = fingerprint(authentication.getName(), password);
        Verified v = verified.get(id);
        long now = System.nanoTime();
        if (v != null && now - v.expiresAt() < 0) {
            UsernamePasswordAuthenticationToken token =
                    UsernamePasswordAuthenticationToken.authenticated(v.principal(), null, v.authorities());
            token.setDetails(authentication.getDetails());
            return token;
        }
        Authentication result = delegate.authenticate(authentication);
        if (result != null && result.isAuthenticated()) {
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
            verified.put(id, new Verified(result.getPrincipal(), result.getAuthorities(), now + ttlNanos));
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }

    private String fingerprint(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
