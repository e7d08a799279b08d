package io.railhead.channel.http;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A short-lived access token of one account (Login with Amazon, Walmart's OAuth client
 * credentials): fetched on first use, renewed shortly before it expires (a minute, or a quarter of
 * its lifetime when that is shorter), and dropped at once when the API refuses it, so the next
 * call fetches a new one. Sent as {@code header: prefix + token}.
 */
public final class AccessToken implements ChannelAuth {

    private static final Logger LOG = LoggerFactory.getLogger(AccessToken.class);
    private static final Duration MAX_MARGIN = Duration.ofSeconds(60);

    /** Gets a new token from the channel's token endpoint. */
    @FunctionalInterface
    public interface Fetcher {
        Token fetch() throws IOException, InterruptedException;
    }

    /** A token and how long the token endpoint said it lives. */
    public record Token(String value, Duration lifetime) {
    }

    private final String header;
    private final String prefix;
    private final Fetcher fetcher;
    private final String account;
    private final Clock clock;
    private String value;
    private Instant renewAt = Instant.EPOCH;

    public AccessToken(String header, String prefix, String account, Fetcher fetcher) {
        this(header, prefix, account, fetcher, Clock.systemUTC());
    }

    AccessToken(String header, String prefix, String account, Fetcher fetcher, Clock clock) {
        this.header = header;
        this.prefix = prefix;
        this.account = account;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    @Override
    public void sign(HttpRequest.Builder request) throws IOException, InterruptedException {
        request.header(header, prefix + get());
    }

    @Override
    public synchronized boolean refused() {
        value = null;
        return true;
    }

    /** The current token, fetched first when there is none or it is about to expire. */
    public synchronized String get() throws IOException, InterruptedException {
        Instant now = clock.instant();
        if (value == null || !now.isBefore(renewAt)) {
            Token token = fetcher.fetch();
            Duration quarter = token.lifetime().dividedBy(4);
            value = token.value();
            renewAt = now.plus(token.lifetime()).minus(quarter.compareTo(MAX_MARGIN) < 0 ? quarter : MAX_MARGIN);
            LOG.info("Access token renewed for {} (valid {} s)", account, token.lifetime().toSeconds());
        }
        return value;
    }
}
