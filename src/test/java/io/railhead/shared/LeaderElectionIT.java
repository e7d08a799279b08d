package io.railhead.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import io.railhead.support.TestEnvironment;
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

    private static Path jar() throws IOException {
        try (Stream<Path> jars = Files.list(Path.of("target"))) {
            return jars.filter(p -> p.getFileName().toString().matches("railhead-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().contains("original")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build the jar first (mvn package)"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process hub(Path root, String node, Path log) throws IOException {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target/test-data")), "leader-");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar().toString(),
                "--server.port=" + freePort(), "--railhead.data-dir=" + dataDir.toAbsolutePath(),
                "--railhead.cluster.root=" + root, "--railhead.cluster.node-id=" + node,
                "--railhead.cluster.acquire-interval=500ms", "--spring.security.user.password=leader-test"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
        Process a = hub(root, "node-a", logA);
        Process b = hub(root, "node-b", logB);
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> taken(logA) + taken(logB) > 0);
            // Both are up and contending now; still only one of them leads.
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(logA).contains("Started RailheadApplication")
                    && Files.readString(logB).contains("Started RailheadApplication"));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> (taken(logA) > 0) != (taken(logB) > 0)
                            && (taken(logA, RECONCILE) > 0) != (taken(logB, RECONCILE) > 0));

            Process leader = taken(logA) > 0 ? a : b;
            Path followerLog = leader == a ? logB : logA;
            leader.destroy();
            assertThat(leader.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            await().atMost(Duration.ofSeconds(30)).until(() -> taken(followerLog) > 0);
        } finally {
            a.destroyForcibly();
            b.destroyForcibly();
        }
    }
}
