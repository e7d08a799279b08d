package io.railhead.shared;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Leader election for work that must run once across hub instances (pollers, schedulers): routes
 * start from {@code master:<name>:...}, and this cluster service decides which instance leads.
 * The default is Camel's file-lock service on {@code railhead.cluster.root}: instances that share
 * that directory (a shared volume) elect one leader, with no extra server. Production clusters
 * can set {@code railhead.cluster.type=none} and declare another Camel cluster service bean
 * (Kubernetes leases, ZooKeeper, Consul) instead.
 */
@Configuration(proxyBeanMethods = false)
public class ClusterConfiguration {

    @Bean(destroyMethod = "stop")
    @ConditionalOnProperty(name = "railhead.cluster.type", havingValue = "file", matchIfMissing = true)
    FileLockClusterService railheadClusterService(
            @Value("${railhead.cluster.root:${railhead.data-dir}/cluster}") Path root,
            @Value("${railhead.cluster.node-id:}") String nodeId,
            @Value("${railhead.cluster.acquire-interval:5s}") Duration interval) {
        FileLockClusterService service = new FileLockClusterService();
        service.setId(nodeId.isBlank() ? "railhead-" + ManagementFactory.getRuntimeMXBean().getName() : nodeId);
        service.setRoot(root.toAbsolutePath().toString());
        service.setAcquireLockDelay(0, TimeUnit.MILLISECONDS);
        service.setAcquireLockInterval(interval.toMillis(), TimeUnit.MILLISECONDS);
        return service;
    }
}
