package io.railhead.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An operator's browser for tests: keeps the cookies the hub sets (session, {@code XSRF-TOKEN})
 * and sends them back on every request, follows no redirects, and logs in through the form
 * login page the way a person does (the form's hidden {@code _csrf} field included).
 */
public final class BrowserSession {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final Function<String, URI> uri;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    public BrowserSession(Function<String, URI> uri) {
        this.uri = uri;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** GET /login, then POST /login with the form's fields; the answer of the POST (a redirect when it worked). */
    public HttpResponse<String> login(String user, String password) {
        HttpResponse<String> page = send(HttpRequest.newBuilder(uri.apply("/login")).GET());
        Matcher field = CSRF_FIELD.matcher(page.body());
        if (page.statusCode() != 200 || !field.find()) {
            throw new AssertionError("no login form with a _csrf field: HTTP " + page.statusCode() + " " + page.body());
        }
        String form = "username=" + encode(user) + "&password=" + encode(password) + "&_csrf=" + encode(field.group(1));
        return send(HttpRequest.newBuilder(uri.apply("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** The value of a cookie the hub set for this browser, or null. */
    public String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    /** A request to a hub path, with this browser's cookies. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri.apply(path));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
