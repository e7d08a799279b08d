package io.railhead.shared;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Leader election for work that must run once across hub instances (pollers, schedulers): routes
 * start from {@code master:<name>:...}, and the cluster service registered here decides which
 * instance leads. The default is Camel's file-lock service on {@code railhead.cluster.root}:
 * instances that share that directory (a shared volume) elect one leader, with no extra server.
 * A production cluster can set {@code railhead.cluster.type} to something else and register
 * another Camel cluster service (Kubernetes leases, ZooKeeper, Consul) on the Camel context.
 */
@Configuration(proxyBeanMethods = false)
public class ClusterConfiguration {

    @Bean
    @ConditionalOnProperty(name = "railhead.cluster.type", havingValue = "file")
    FileLockLeaderElection fileLockLeaderElection(
            @Value("${railhead.cluster.root}") Path root,
            @Value("${railhead.cluster.node-id}") String nodeId,
            @Value("${railhead.cluster.acquire-interval}") Duration interval) {
        FileLockClusterService service = new FileLockClusterService();
        service.setId(nodeId.isBlank() ? "railhead-" + ManagementFactory.getRuntimeMXBean().getName() : nodeId);
        service.setRoot(root.toAbsolutePath().toString());
        service.setAcquireLockDelay(100, TimeUnit.MILLISECONDS);
        service.setAcquireLockInterval(interval.toMillis(), TimeUnit.MILLISECONDS);
        return new FileLockLeaderElection(service);
    }

    /**
     * Puts the cluster service on the Camel context before routes start; the context stops it with
     * itself, and it is stopped again (harmlessly) when the application ends.
     */
    static final class FileLockLeaderElection implements CamelContextConfiguration, DisposableBean {

        private final FileLockClusterService service;

        FileLockLeaderElection(FileLockClusterService service) {
            this.service = service;
        }

        @Override
        public void beforeApplicationStart(CamelContext camelContext) {
            try {
                camelContext.addService(service, true, true);
            } catch (Exception e) {
                throw new IllegalStateException("cannot register the leader election service", e);
            }
        }

        @Override
        public void afterApplicationStart(CamelContext camelContext) {
            // nothing to do once started
        }

        @Override
        public void destroy() {
            service.stop();
        }
    }
}
