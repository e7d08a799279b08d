package io.railhead.shared;

import jakarta.servlet.http.HttpServletResponse;
import org.jolokia.server.core.service.api.Restrictor;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import java.time.Duration;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * One login in front of everything an operator uses: the ops API, Hawtio and its Jolokia bridge,
 * metrics, {@code /actuator/info} (it shows the broker address). Users come from the standard
 * {@code spring.security.user.*} properties. Webhooks are open to the network but authenticate by
 * their signature in the controller; health stays open for load balancers and orchestrators.
 * <p>
 * Nothing that changes state can be done cross-site: a browser session (form login; Hawtio) must
 * send the CSRF token ({@link BrowserCsrfTokens}), and {@link CrossSiteRequestFilter} refuses a
 * foreign {@code Origin} whatever the credential. API clients with Basic auth need no token (a
 * site cannot make a browser send an {@code Authorization} header of its choosing), nor do
 * webhooks. The session and token cookies are {@code SameSite=Strict}. What Jolokia shows and
 * runs for a logged-in operator is limited by {@link JolokiaPolicy}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain railheadSecurity(HttpSecurity http, HubProperties hub, UserDetailsService users) throws Exception {
        // Boot's user from spring.security.user.*; checked without upgrading a plain password to a BCrypt
        // hash in memory (which made every Basic request pay for BCrypt), and remembered once verified.
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        http.authenticationManager(new ProviderManager(new VerifiedCredentials(passwords, Duration.ofMinutes(5), 1000)));
        RequestMatcher webhooks = PathPatternRequestMatcher.withDefaults().matcher("/webhooks/**");
        RequestMatcher basicAuth = request -> {
            String authorization = request.getHeader("Authorization");
            return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        };
        RequestMatcher noBrowserSession = new OrRequestMatcher(webhooks, basicAuth);
        CookieCsrfTokenRepository tokens = CookieCsrfTokenRepository.withHttpOnlyFalse(); // Hawtio's script reads it
        tokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));

        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers(webhooks).permitAll()
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .csrf(csrf -> csrf.csrfTokenRepository(tokens)
                        .csrfTokenRequestHandler(new BrowserCsrfTokens(noBrowserSession))
                        .ignoringRequestMatchers(noBrowserSession))
                .addFilterBefore(new CrossSiteRequestFilter(webhooks, EndpointRequest.to("jolokia"),
                        hub.security().allowedOrigins()), CsrfFilter.class)
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, denied) ->
                        CrossSiteRequestFilter.reject(response, HttpServletResponse.SC_FORBIDDEN, denied instanceof CsrfException
                                ? "missing or invalid CSRF token: a browser session sends the XSRF-TOKEN cookie's value in"
                                        + " the X-XSRF-TOKEN header (or the form's _csrf field); API clients use Basic auth"
                                : "access denied")))
                .httpBasic(Customizer.withDefaults())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    /** Jolokia's access policy ({@code jolokia-access.xml}, pattern calls refused); picked up by Jolokia's servlet. */
    @Bean
    Restrictor jolokiaPolicy() {
        return JolokiaPolicy.fromClasspath();
    }
}
