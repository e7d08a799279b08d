package io.railhead.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.management.impl.ManagementRemotingConnection;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;

/**
 * Who may use the embedded broker. The hub's own connections are in-VM (Spring Boot's embedded
 * connection factory carries no credentials): only code in this JVM can open one, so they are the
 * hub user. Everything that comes through the TCP acceptor must give the hub user and its password
 * ({@code railhead.broker.user}/{@code password}), compared in constant time. Both end up in the
 * one role {@link #ROLE} that {@link BrokerConfiguration} grants on every address. Installed on
 * Spring Boot's {@code EmbeddedActiveMQ} by {@link BrokerConfiguration} before the broker starts.
 */
final class BrokerSecurityManager implements ActiveMQSecurityManager5 {

    /** The role the broker's security settings grant; the external broker's users need it too. */
    static final String ROLE = "railhead";

    private final String user;
    private final byte[] userDigest;
    private final byte[] passwordDigest;
    private final boolean generatedPassword;

    private BrokerSecurityManager(String user, String password, boolean generatedPassword) {
        this.user = user;
        this.userDigest = sha256(user);
        this.passwordDigest = sha256(password);
        this.generatedPassword = generatedPassword;
    }

    /**
     * The configured password, or when none is set a random one that nobody is told: the acceptor
     * then lets no outside client in, and the hub (in-VM) works all the same.
     */
    static BrokerSecurityManager of(HubProperties.Broker broker) {
        if (broker.password() == null || broker.password().isBlank()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new BrokerSecurityManager(broker.user(), Base64.getEncoder().encodeToString(random), true);
        }
        return new BrokerSecurityManager(broker.user(), broker.password(), false);
    }

    boolean generatedPassword() {
        return generatedPassword;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (inThisJvm(connection) || matches(user, password)) {
            Subject subject = new Subject();
            subject.getPrincipals().add(new UserPrincipal(this.user));
            subject.getPrincipals().add(new RolePrincipal(ROLE));
            return subject;
        }
        return null;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject == null) {
            return false;
        }
        Set<String> held = subject.getPrincipals(RolePrincipal.class).stream().map(Principal::getName)
                .collect(Collectors.toSet());
        return roles.stream().anyMatch(role -> held.contains(role.getName()) && checkType.hasRole(role));
    }

    /** Only the in-VM transport and the broker's own management calls (JMX, behind the operator login). */
    private static boolean inThisJvm(RemotingConnection connection) {
        return connection instanceof ManagementRemotingConnection
                || connection != null && connection.getTransportConnection() instanceof InVMConnection;
    }

    private boolean matches(String user, String password) {
        if (user == null || password == null) {
            return false;
        }
        // Both digests are compared every time, so the answer takes as long for a wrong user as for a wrong password.
        boolean userOk = MessageDigest.isEqual(userDigest, sha256(user));
        boolean passwordOk = MessageDigest.isEqual(passwordDigest, sha256(password));
        return userOk & passwordOk;
    }

    @Override
    public boolean validateUser(String user, String password) {
        return matches(user, password);
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return authorize(authenticate(user, password, null, null), roles, checkType, null);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "BrokerSecurityManager[user=" + user + (generatedPassword ? ", random password" : "") + "]";
    }
}
