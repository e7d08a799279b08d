package io.railhead.channel.edi.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A trading partner's SFTP server for tests: Apache MINA SSHD on 127.0.0.1, public-key login for
 * one user and one key only (no passwords, no keyboard-interactive), its files under a local
 * folder. Can be stopped and started again on the same port, with the same host key.
 */
final class PartnerSftpServer implements AutoCloseable {

    private final Path root;
    private final KeyPair hostKey;
    private final String username;
    private final PublicKey clientKey;
    private SshServer server;
    private int port;

    PartnerSftpServer(Path root, String username, PublicKey clientKey) {
        this.root = root;
        this.hostKey = ecKeyPair();
        this.username = username;
        this.clientKey = clientKey;
    }

    /** Starts on a free loopback port the first time, on the same port afterwards. */
    synchronized PartnerSftpServer start() {
        SshServer s = SshServer.setUpDefaultServer();
        s.setHost("127.0.0.1");
        s.setPort(port);
        s.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        s.setPasswordAuthenticator(null);
        s.setKeyboardInteractiveAuthenticator(null);
        s.setPublickeyAuthenticator((user, key, session) -> username.equals(user) && KeyUtils.compareKeys(key, clientKey));
        s.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        s.setFileSystemFactory(new VirtualFileSystemFactory(root));
        try {
            s.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = s;
        port = s.getPort();
        return this;
    }

    synchronized void stop() {
        try {
            if (server != null) {
                server.stop(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
        }
    }

    synchronized boolean running() {
        return server != null;
    }

    int port() {
        return port;
    }

    Path root() {
        return root;
    }

    /** The known_hosts line a client needs to trust this server. */
    String knownHostsLine() {
        return knownHostsLine(hostKey.getPublic());
    }

    String knownHostsLine(PublicKey key) {
        return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(key) + "\n";
    }

    @Override
    public void close() {
        stop();
    }

    static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the key pair as an OpenSSH private key file, encrypted with the passphrase (AES-256-CTR, bcrypt). */
    static void writeOpenSshPrivateKey(KeyPair keyPair, String passphrase, Path file) {
        OpenSSHKeyEncryptionContext encryption = new OpenSSHKeyEncryptionContext();
        encryption.setPassword(passphrase);
        encryption.setCipherName("AES");
        encryption.setCipherType("256");
        encryption.setCipherMode("CTR");
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keyPair, "railhead-test", encryption, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
