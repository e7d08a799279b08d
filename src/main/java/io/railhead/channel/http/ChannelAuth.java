package io.railhead.channel.http;

import java.io.IOException;
import java.net.http.HttpRequest;

/**
 * How one account's calls prove who they are: a header added to every request, fetched or
 * renewed as the channel needs ({@link AccessToken}). When the API refuses the credentials
 * (401/403), {@link #refused()} drops what was cached, and says whether one more try may help.
 */
public interface ChannelAuth {

    void sign(HttpRequest.Builder request) throws IOException, InterruptedException;

    /** The API refused the credentials; true when a repeated call would carry new ones. */
    default boolean refused() {
        return false;
    }

    /** No credentials: token endpoints, which authenticate in the body or with their own header. */
    static ChannelAuth none() {
        return request -> {
        };
    }

    /** A fixed header, e.g. an app's static access token. */
    static ChannelAuth header(String name, String value) {
        return request -> request.header(name, value);
    }
}
