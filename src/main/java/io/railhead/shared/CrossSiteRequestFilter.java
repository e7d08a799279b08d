package io.railhead.shared;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses requests a browser sends on behalf of another site, whatever credential rides along: a
 * session cookie, or Basic credentials the browser remembered (which the CSRF token check lets
 * through, as it must for API clients). Checked are state-changing methods (POST, PUT, PATCH,
 * DELETE) outside {@code /webhooks/**}, and every Jolokia request (Jolokia runs operations on GET
 * too). Refused with 403 and a JSON reason: an {@code Origin} that is neither the request's own
 * (scheme, host, port) nor listed in {@code railhead.security.allowed-origins}, or without an
 * {@code Origin} a {@code Sec-Fetch-Site} of {@code cross-site} or {@code same-site}. Requests
 * with neither header (curl, API clients) pass. Added to the chain by {@link SecurityConfiguration}.
 */
final class CrossSiteRequestFilter extends OncePerRequestFilter {

    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RequestMatcher exempt;
    private final RequestMatcher anyMethod;
    private final List<String> allowedOrigins;

    /**
     * @param exempt         never checked (webhooks: authenticated by signature, sent by servers)
     * @param anyMethod      checked whatever the method (Jolokia)
     * @param allowedOrigins origins accepted besides the request's own, e.g. {@code https://hub.example.com}
     */
    CrossSiteRequestFilter(RequestMatcher exempt, RequestMatcher anyMethod, List<String> allowedOrigins) {
        this.exempt = exempt;
        this.anyMethod = anyMethod;
        this.allowedOrigins = allowedOrigins.stream().map(CrossSiteRequestFilter::normalize).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusal = checked(request) ? refusal(request) : null;
        if (refusal != null) {
            reject(response, HttpServletResponse.SC_FORBIDDEN, refusal);
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean checked(HttpServletRequest request) {
        return !exempt.matches(request)
                && (STATE_CHANGING.contains(request.getMethod().toUpperCase(Locale.ROOT)) || anyMethod.matches(request));
    }

    /** Why the request is refused, or null when it may go on. */
    String refusal(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null) {
            String normalized = normalize(origin);
            if (normalized.equals(ownOrigin(request)) || allowedOrigins.contains(normalized)) {
                return null;
            }
            return "cross-site request refused: Origin " + origin + " is not this hub's origin"
                    + " (add it to railhead.security.allowed-origins if it should be)";
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && (site.equalsIgnoreCase("cross-site") || site.equalsIgnoreCase("same-site"))) {
            return "cross-site request refused: the browser sent it from another site (Sec-Fetch-Site: " + site + ")";
        }
        return null;
    }

    private static String ownOrigin(HttpServletRequest request) {
        return normalize(request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort());
    }

    /** {@code scheme://host:port} in lower case with the port always written, or the input itself when it is no URL. */
    static String normalize(String origin) {
        try {
            URI uri = URI.create(origin.trim());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null) {
                return origin;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            return origin;
        }
    }

    /** The hub's rejection answer, {@code {"status":"rejected","reason":...}}, as the ops API gives it. */
    static void reject(HttpServletResponse response, int status, String reason) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), Map.of("status", "rejected", "reason", reason));
    }
}
