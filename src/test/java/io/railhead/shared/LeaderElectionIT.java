package io.railhead.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.railhead.RailheadApplication;
import io.railhead.support.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two hub instances that share a cluster directory: pollers and folder readers ({@code master:}
 * routes) run on exactly one of them, and the other takes over when the leader goes away.
 */
class LeaderElectionIT {

    private static final String NAMESPACE = "railhead-pos-csv";

    private static ConfigurableApplicationContext hub(Path clusterRoot, String node) throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target/test-data")), "leader-")
                .toAbsolutePath();
        Map<String, Object> props = new HashMap<>();
        props.put("server.port", "0");
        props.put("railhead.cluster.root", clusterRoot.toString());
        props.put("railhead.cluster.node-id", node);
        props.put("railhead.cluster.acquire-interval", "500ms");
        // two applications in one JVM: keep their JMX names apart
        props.put("spring.jmx.unique-names", "true");
        props.put("camel.main.name", "railhead-" + node);
        props.put("railhead.broker.name", "railhead-" + node);
        return new SpringApplicationBuilder(RailheadApplication.class).profiles("test")
                .initializers(new TestEnvironment.ErpAndDatabase(dataDir, true)).properties(props).run();
    }

    private static boolean leads(ConfigurableApplicationContext hub) {
        try {
            CamelContext camel = hub.getBean(CamelContext.class);
            CamelClusterService service = camel.hasService(CamelClusterService.class);
            CamelClusterView view = service.getView(NAMESPACE);
            return view.getLocalMember().isLeader();
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void oneLeaderAtATime_andTheOtherTakesOver() throws Exception {
        Path root = Files.createTempDirectory(Files.createDirectories(Path.of("target/test-data")), "cluster-")
                .toAbsolutePath();
        ConfigurableApplicationContext first = hub(root, "node-a");
        ConfigurableApplicationContext second = hub(root, "node-b");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> leads(first) || leads(second));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> List.of(first, second).stream().filter(LeaderElectionIT::leads).count() == 1);

            ConfigurableApplicationContext leader = leads(first) ? first : second;
            ConfigurableApplicationContext follower = leader == first ? second : first;
            leader.close();

            await().atMost(Duration.ofSeconds(20)).until(() -> leads(follower));
        } finally {
            first.close();
            second.close();
        }
    }
}
