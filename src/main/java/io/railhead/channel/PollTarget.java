package io.railhead.channel;

/**
 * One unit of a poll run: an account of a channel, or one part of it that is polled and
 * checkpointed on its own (a Square location). A poll route splits its run into targets so that
 * one failing target never stops the others ({@code routes/_shared/channel-poller.camel.yaml}).
 */
public record PollTarget(String channel, String account, String part) {

    public static PollTarget of(String channel, String account) {
        return new PollTarget(channel, account, null);
    }

    /** What metrics call the target: the part when there is one, else the account. */
    public String metricAccount() {
        return part != null ? part : account;
    }

    @Override
    public String toString() {
        return part != null ? account + "/" + part : account;
    }
}
