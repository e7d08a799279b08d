package io.railhead.shared;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.management.ObjectName;
import org.jolokia.server.core.restrictor.policy.PolicyRestrictor;
import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.springframework.core.io.ClassPathResource;

/**
 * What the hub's Jolokia refuses: the rules of {@code jolokia-access.xml} (secrets, heap dumps,
 * files), plus one Jolokia does not apply by itself. An operation or a write on an MBean name
 * pattern ({@code exec} on {@code com.sun.management:*}) is checked against the pattern only, not
 * against each MBean it then runs on, so it would slip past every denial in the file; those are
 * refused (Hawtio always names one MBean). Registered as a bean: Jolokia's Spring Boot support
 * hands it to the Jolokia servlet, which then does not read the file on its own.
 */
final class JolokiaPolicy implements Restrictor {

    private final Restrictor file;

    private JolokiaPolicy(InputStream policy) {
        this.file = new PolicyRestrictor(policy);
    }

    static JolokiaPolicy fromClasspath() {
        try (InputStream policy = new ClassPathResource("jolokia-access.xml").getInputStream()) {
            return new JolokiaPolicy(policy);
        } catch (IOException e) {
            throw new UncheckedIOException("jolokia-access.xml missing from the class path", e);
        }
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return !name.isPattern() && file.isOperationAllowed(name, operation);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return !name.isPattern() && file.isAttributeWriteAllowed(name, attribute);
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        // Reads on a pattern are checked again for each MBean they reach.
        return file.isAttributeReadAllowed(name, attribute);
    }

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return file.isHttpMethodAllowed(method);
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return file.isTypeAllowed(type);
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return file.isRemoteAccessAllowed(hostOrAddress);
    }

    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        return file.isOriginAllowed(origin, onlyWhenStrictCheckingIsEnabled);
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return file.isObjectNameHidden(name);
    }

    @Override
    public boolean ignoreScheme() {
        return file.ignoreScheme();
    }
}
