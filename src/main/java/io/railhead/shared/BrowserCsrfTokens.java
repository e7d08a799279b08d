package io.railhead.shared;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Supplier;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;

/**
 * The CSRF token as the hub's two browser users carry it: Hawtio's front end reads the
 * {@code XSRF-TOKEN} cookie and sends it back as is in {@code X-XSRF-TOKEN}; the login and logout
 * forms send the masked {@code _csrf} field Spring Security renders (masked against BREACH). The
 * cookie is written on every browser response that lacks it, so Hawtio finds it after the login
 * (which rotates the token); requests that need no token ({@code exempt}: webhooks, Basic-auth
 * clients) get no cookie. Used by {@link SecurityConfiguration}.
 */
final class BrowserCsrfTokens implements CsrfTokenRequestHandler {

    private final CsrfTokenRequestHandler plain = new CsrfTokenRequestAttributeHandler();
    private final CsrfTokenRequestHandler masked = new XorCsrfTokenRequestAttributeHandler();
    private final RequestMatcher exempt;

    BrowserCsrfTokens(RequestMatcher exempt) {
        this.exempt = exempt;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
        masked.handle(request, response, token);
        if (!exempt.matches(request)) {
            // Loading the deferred token writes the cookie when the request has none.
            token.get();
        }
    }

    @Override
    public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
        String header = request.getHeader(token.getHeaderName());
        return (StringUtils.hasText(header) ? plain : masked).resolveCsrfTokenValue(request, token);
    }
}
