package io.railhead.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.junit.jupiter.api.Test;

/** Who the embedded broker lets in: the hub in-VM, outside clients with the hub user's password only. */
class BrokerSecurityManagerTest {

    private static final Set<Role> HUB_ROLE = Set.of(new Role("railhead", true, true, true, true, true, true, true,
            true, true, true, false, false));

    private static HubProperties.Broker broker(String password) {
        return new HubProperties.Broker("railhead", "tcp://127.0.0.1:0", "railhead", password, Duration.ofSeconds(1),
                2.0, Duration.ofSeconds(60), 5);
    }

    private static RemotingConnection over(Class<? extends org.apache.activemq.artemis.spi.core.remoting.Connection> transport) {
        RemotingConnection connection = mock(RemotingConnection.class);
        when(connection.getTransportConnection()).thenReturn(mock(transport));
        return connection;
    }

    @Test
    void inVmConnectionsAreTheHub_tcpOnesNeedTheHubUsersPassword() {
        BrokerSecurityManager manager = BrokerSecurityManager.of(broker("s3cret"));
        RemotingConnection tcp = over(NettyConnection.class);

        Subject hub = manager.authenticate(null, null, over(InVMConnection.class), null);
        assertThat(manager.getUserFromSubject(hub)).isEqualTo("railhead");
        assertThat(manager.authorize(hub, HUB_ROLE, CheckType.SEND, "order.received.v1")).isTrue();

        assertThat(manager.authenticate(null, null, tcp, null)).isNull();
        assertThat(manager.authenticate("railhead", "wrong", tcp, null)).isNull();
        assertThat(manager.authenticate("other", "s3cret", tcp, null)).isNull();
        Subject client = manager.authenticate("railhead", "s3cret", tcp, null);
        assertThat(manager.authorize(client, HUB_ROLE, CheckType.CONSUME, "order.received.v1")).isTrue();
    }

    @Test
    void withoutAConfiguredPasswordNoOutsideClientGetsIn() {
        BrokerSecurityManager manager = BrokerSecurityManager.of(broker(null));
        assertThat(manager.generatedPassword()).isTrue();
        RemotingConnection tcp = over(NettyConnection.class);
        for (String guess : new String[] {"", "railhead", "null", "admin"}) {
            assertThat(manager.authenticate("railhead", guess, tcp, null)).as(guess).isNull();
        }
        assertThat(BrokerSecurityManager.of(broker(" ")).generatedPassword()).isTrue();
        assertThat(manager.authenticate(null, null, over(InVMConnection.class), null)).isNotNull();
        assertThat(manager.toString()).doesNotContain("password=");
    }

    @Test
    void aRoleWithoutThePermissionOrAnotherRoleIsNotEnough() {
        BrokerSecurityManager manager = BrokerSecurityManager.of(broker("s3cret"));
        Subject hub = manager.authenticate(null, null, over(InVMConnection.class), null);
        Set<Role> readOnly = Set.of(new Role("railhead", false, true, false, false, false, false, false, true, false,
                false, false, false));
        Set<Role> others = Set.of(new Role("amq", true, true, true, true, true, true, true, true, true, true, false, false));
        assertThat(manager.authorize(hub, readOnly, CheckType.SEND, "order.received.v1")).isFalse();
        assertThat(manager.authorize(hub, others, CheckType.SEND, "order.received.v1")).isFalse();
        assertThat(manager.authorize(null, HUB_ROLE, CheckType.SEND, "order.received.v1")).isFalse();
        assertThat(broker("s3cret").toString()).doesNotContain("s3cret");
    }
}
