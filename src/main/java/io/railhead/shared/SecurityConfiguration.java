package io.railhead.shared;

import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * One login in front of everything an operator uses: the ops API, Hawtio and its Jolokia
 * bridge, metrics, {@code /actuator/info} (it shows the broker address). Users come from the
 * standard {@code spring.security.user.*} properties. Webhooks are open to the network but
 * authenticate by their signature in the controller; health stays open for load balancers and
 * orchestrators. CSRF protection is off for
 * the machine-facing paths (webhooks, the basic-auth API, actuator/Jolokia), which carry no
 * browser session cookie of their own.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain railheadSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/webhooks/**").permitAll()
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .csrf(csrf -> csrf.ignoringRequestMatchers("/webhooks/**", "/api/**", "/actuator/**"))
                .httpBasic(Customizer.withDefaults())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }
}
