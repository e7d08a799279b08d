package io.railhead.channel.edi.transport;

import io.railhead.channel.edi.EdiProperties;
import io.railhead.channel.edi.partner.PartnerProfile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Key material of the AS2 transport: our private key and certificate chain from the keystore of
 * {@code railhead.edi.as2.keystore} (PKCS12 or JKS), loaded once when AS2 is enabled, and each
 * partner's certificate from the file its profile names, read on every use so a renewed
 * certificate takes effect when the file is replaced. Certificates that expired or expire within
 * 30 days are warned about at start-up, since an expired partner certificate is the usual reason a
 * partner starts refusing our messages. Used by {@link As2Routes}, {@link As2Inbound} and
 * {@link As2Outbound}.
 */
@Component
public class As2Keys {

    private static final Logger log = LoggerFactory.getLogger(As2Keys.class);
    private static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private final Path partnersDir;
    private final PrivateKey privateKey;
    private final Certificate[] chain;

    public As2Keys(As2Properties properties, EdiProperties edi) {
        this.partnersDir = edi.partnersDir();
        if (!properties.enabled()) {
            this.privateKey = null;
            this.chain = null;
            return;
        }
        if (properties.id() == null || properties.id().isBlank()) {
            throw new IllegalStateException("railhead.edi.as2.id (our AS2 name) must be set when AS2 is enabled");
        }
        if (!As2PartnerSettings.validAs2Name(properties.id())) {
            throw new IllegalStateException("railhead.edi.as2.id is not a valid AS2 name (1-128 printable ASCII characters)");
        }
        if (properties.keystore() == null) {
            throw new IllegalStateException("railhead.edi.as2.keystore (our private key and certificate) must be set "
                    + "when AS2 is enabled");
        }
        if (properties.keystorePassword() == null) {
            throw new IllegalStateException("railhead.edi.as2.keystore-password must be set when AS2 is enabled "
                    + "(environment variable RAILHEAD_EDI_AS2_KEYSTORE_PASSWORD)");
        }
        KeyStore store = load(properties.keystore(), properties.keystorePassword().toCharArray());
        String alias = alias(store, properties.keyAlias(), properties.keystore());
        try {
            Key key = store.getKey(alias, properties.keystorePassword().toCharArray());
            if (!(key instanceof PrivateKey pk)) {
                throw new IllegalStateException("railhead.edi.as2.keystore " + properties.keystore() + ": entry "
                        + alias + " holds no private key");
            }
            this.privateKey = pk;
            this.chain = store.getCertificateChain(alias);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("railhead.edi.as2.keystore " + properties.keystore()
                    + ": cannot read the key of entry " + alias + ": " + e.getMessage(), e);
        }
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
            throw new IllegalStateException("railhead.edi.as2.keystore " + properties.keystore() + ": entry " + alias
                    + " has no X.509 certificate chain");
        }
        warnIfExpiring("our AS2 certificate", (X509Certificate) chain[0]);
        log.info("AS2: our key {} loaded from {} (certificate {})", alias, properties.keystore(),
                ((X509Certificate) chain[0]).getSubjectX500Principal().getName());
    }

    public boolean loaded() {
        return privateKey != null;
    }

    public PrivateKey privateKey() {
        requireLoaded();
        return privateKey;
    }

    public Certificate[] chain() {
        requireLoaded();
        return chain.clone();
    }

    /** The partner's certificate (and chain, if the file holds one), first the end-entity certificate. */
    public Certificate[] partnerCertificates(PartnerProfile partner, As2PartnerSettings settings) {
        Path file = partnersDir.resolve(settings.partnerCertificate());
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalStateException("partner " + partner.id() + ": no certificate in " + file);
            }
            return certs.toArray(new Certificate[0]);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("partner " + partner.id() + ": cannot read partnerCertificate " + file
                    + ": " + e.getMessage(), e);
        }
    }

    void warnIfExpiring(String what, X509Certificate cert) {
        Instant notAfter = cert.getNotAfter().toInstant();
        if (notAfter.isBefore(Instant.now())) {
            log.warn("AS2: {} ({}) expired on {}", what, cert.getSubjectX500Principal().getName(), notAfter);
        } else if (notAfter.isBefore(Instant.now().plus(EXPIRY_WARNING))) {
            log.warn("AS2: {} ({}) expires on {}", what, cert.getSubjectX500Principal().getName(), notAfter);
        }
    }

    private void requireLoaded() {
        if (privateKey == null) {
            throw new IllegalStateException("AS2 is not enabled: set railhead.edi.as2.enabled, id and keystore");
        }
    }

    private static KeyStore load(Path file, char[] password) {
        try {
            return KeyStore.getInstance(file.toFile(), password);
        } catch (IOException | GeneralSecurityException e) {
            // The keystore's own message says whether the file is missing or the password is wrong.
            throw new IllegalStateException("railhead.edi.as2.keystore " + file + " cannot be opened: " + e.getMessage(), e);
        }
    }

    private static String alias(KeyStore store, String wanted, Path file) {
        try {
            if (wanted != null && !wanted.isBlank()) {
                if (!store.isKeyEntry(wanted)) {
                    throw new IllegalStateException("railhead.edi.as2.keystore " + file + " has no key entry "
                            + wanted + " (railhead.edi.as2.key-alias)");
                }
                return wanted;
            }
            List<String> keys = Collections.list(store.aliases()).stream().filter(a -> isKey(store, a)).toList();
            if (keys.size() != 1) {
                throw new IllegalStateException("railhead.edi.as2.keystore " + file + " holds " + keys.size()
                        + " key entries: set railhead.edi.as2.key-alias to one of " + keys);
            }
            return keys.get(0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("railhead.edi.as2.keystore " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
