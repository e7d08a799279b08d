package io.railhead.support;

import io.railhead.channel.PollTarget;
import java.io.IOException;
import java.util.List;

/**
 * One poll run as a poll route makes it, for tests that drive a poller directly: every target on
 * its own, a failing one never stops the others (the route's {@code channel-poller} configuration
 * logs and counts it; the target's checkpoint did not move).
 */
public final class PollRuns {

    /** A poller's per-target step. */
    @FunctionalInterface
    public interface Step {
        void poll(PollTarget target) throws IOException, InterruptedException;
    }

    private PollRuns() {
    }

    public static void runAll(List<PollTarget> targets, Step step) throws InterruptedException {
        for (PollTarget target : targets) {
            try {
                step.poll(target);
            } catch (IOException | RuntimeException e) {
                // What the route configuration would log and count.
            }
        }
    }
}
