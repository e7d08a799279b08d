package io.railhead.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.railhead.support.HubProcess;
import io.railhead.support.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Two hub processes (the built jar, as an operator runs it) that share a cluster directory:
 * each {@code master:} route (pollers, folder readers) runs on exactly one of them (each route
 * elects its own leader), and the other takes over when the leader is stopped. Separate JVMs,
 * because file locks are per process.
 */
class LeaderElectionIT {

    private static final String TAKEN = "Leadership taken. Attempt #1 success";
    private static final String POS_FOLDER = "pos/inbox";
    private static final String RECONCILE = "timer://shopify-reconcile";

    private static HubProcess hub(Path root, String node, Path log) throws IOException {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target/test-data")), "leader-");
        return new HubProcess(List.of("-Xmx256m"), List.of("--railhead.data-dir=" + dataDir.toAbsolutePath(),
                "--railhead.cluster.root=" + root, "--railhead.cluster.node-id=" + node,
                "--railhead.cluster.acquire-interval=500ms"), Map.of("SPRING_SECURITY_USER_PASSWORD", "leader-test"), log)
                .start();
    }

    /** Leadership of one master: route, recognised by its consumer (each route elects on its own). */
    private static long taken(Path log, String consumer) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).stream()
                .filter(l -> l.contains(TAKEN) && l.contains(consumer)).count() : 0;
    }

    private static long taken(Path log) throws IOException {
        return taken(log, POS_FOLDER);
    }

    @Test
    void oneLeaderAtATime_andTheOtherTakesOver() throws Exception {
        // Not database-backed: the PostgreSQL re-run of the integration tests skips it.
        Assumptions.assumeFalse(TestEnvironment.postgres());
        Path root = Files.createTempDirectory(Files.createDirectories(Path.of("target/test-data")), "cluster-")
                .toAbsolutePath();
        Path logA = root.resolveSibling(root.getFileName() + "-a.log");
        Path logB = root.resolveSibling(root.getFileName() + "-b.log");
        HubProcess a = hub(root, "node-a", logA);
        HubProcess b = hub(root, "node-b", logB);
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> taken(logA) + taken(logB) > 0);
            // Both are up and contending now; still only one of them leads.
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(logA).contains("Started RailheadApplication")
                    && Files.readString(logB).contains("Started RailheadApplication"));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> (taken(logA) > 0) != (taken(logB) > 0)
                            && (taken(logA, RECONCILE) > 0) != (taken(logB, RECONCILE) > 0));

            HubProcess leader = taken(logA) > 0 ? a : b;
            Path followerLog = leader == a ? logB : logA;
            assertThat(leader.stop()).isTrue();

            await().atMost(Duration.ofSeconds(30)).until(() -> taken(followerLog) > 0);
        } finally {
            a.close();
            b.close();
        }
    }
}
