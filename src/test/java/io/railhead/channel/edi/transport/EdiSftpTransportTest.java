package io.railhead.channel.edi.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SftpException;
import io.railhead.channel.edi.partner.PartnerProfile;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks of an SFTP partner's settings and files, and which upload failures are worth retrying. */
class EdiSftpTransportTest {

    private final EdiSftpTransport transport = new EdiSftpTransport(null);

    @TempDir
    Path dir;

    private static PartnerProfile partner(Map<String, Object> settings) {
        PartnerProfile.Transport t = new PartnerProfile.Transport();
        t.setType("sftp");
        settings.forEach(t::set);
        return new PartnerProfile("acme", "Acme", null, null, List.of("850"), t, null, null, null, null, null, null);
    }

    private Map<String, Object> complete() {
        return new java.util.LinkedHashMap<>(Map.of("host", "sftp.acme.example", "username", "railhead",
                "privateKeyFile", dir.resolve("id_ecdsa").toString(),
                "knownHostsFile", dir.resolve("known_hosts").toString(), "inboxPath", "out", "outboxPath", "in"));
    }

    @Test
    void completeSettings_defaultsToPort22AndStrictHostKeys() {
        EdiSftpTransport.Settings s = transport.settings(partner(complete()));
        assertThat(s.portOrDefault()).isEqualTo(22);
        assertThat(s.strict()).isTrue();
        assertThat(s.server()).isEqualTo("sftp.acme.example:22");
    }

    @Test
    void missingSettings_allNamedWithThePartner() {
        Map<String, Object> settings = complete();
        settings.remove("host");
        settings.remove("knownHostsFile");
        settings.remove("outboxPath");
        assertThatThrownBy(() -> transport.settings(partner(settings)))
                .hasMessageContaining("EDI partner acme").hasMessageContaining("host is missing")
                .hasMessageContaining("knownHostsFile").hasMessageContaining("outboxPath is missing");
    }

    @Test
    void hostKeyCheckingOff_onlyWithAQuotedNo() {
        Map<String, Object> settings = complete();
        settings.remove("knownHostsFile");
        settings.put("strictHostKeyChecking", "no");
        assertThat(transport.settings(partner(settings)).strict()).isFalse();

        // YAML reads a bare no as false, which jsch would not take as "no": refused rather than guessed.
        settings.put("strictHostKeyChecking", false);
        assertThatThrownBy(() -> transport.settings(partner(settings))).hasMessageContaining("in quotes");
        settings.put("strictHostKeyChecking", "off");
        assertThatThrownBy(() -> transport.settings(partner(settings))).hasMessageContaining("\"yes\" or \"no\"");
    }

    @Test
    void passwordOrUnknownSetting_refused() {
        Map<String, Object> settings = complete();
        settings.put("password", "hunter2");
        assertThatThrownBy(() -> transport.settings(partner(settings)))
                .hasMessageContaining("password is not supported").hasMessageNotContaining("hunter2");
        settings.remove("password");
        settings.put("knowHostsFile", "/typo");
        assertThatThrownBy(() -> transport.settings(partner(settings))).hasMessageContaining("knowHostsFile");
    }

    @Test
    void encryptedKey_needsThePassphraseThatOpensIt() throws IOException {
        KeyPair key = PartnerSftpServer.ecKeyPair();
        PartnerSftpServer.writeOpenSshPrivateKey(key, "right", dir.resolve("id_ecdsa"));
        Files.writeString(dir.resolve("known_hosts"), "[sftp.acme.example]:2222 ecdsa-sha2-nistp256 AAAA\n");
        Map<String, Object> settings = complete();
        settings.put("port", 2222);
        assertThatThrownBy(() -> transport.check(partner(settings))).hasMessageContaining("privateKeyPassphrase is not set");
        settings.put("privateKeyPassphrase", "wrong");
        assertThatThrownBy(() -> transport.check(partner(settings)))
                .hasMessageContaining("does not open it").hasMessageNotContaining("wrong");
    }

    @Test
    void knownHostsWithoutTheServer_refusedAtStart() throws IOException {
        KeyPair key = PartnerSftpServer.ecKeyPair();
        PartnerSftpServer.writeOpenSshPrivateKey(key, "right", dir.resolve("id_ecdsa"));
        PartnerSftpServer server = new PartnerSftpServer(dir, "railhead", key.getPublic());
        Files.writeString(dir.resolve("known_hosts"), "other.example " + server.knownHostsLine().split(" ", 2)[1]);
        Map<String, Object> settings = complete();
        settings.put("privateKeyPassphrase", "right");
        assertThatThrownBy(() -> transport.check(partner(settings))).hasMessageContaining("no host key for sftp.acme.example");

        Files.writeString(dir.resolve("known_hosts"), "sftp.acme.example " + server.knownHostsLine().split(" ", 2)[1]);
        assertThat(transport.check(partner(settings)).server()).isEqualTo("sftp.acme.example:22");
    }

    @Test
    void serverUnreachable_isTransient_refusalsAreNot() {
        assertThat(EdiSftpTransport.refused(new GenericFileOperationFailedException("Cannot connect",
                new JSchException("java.net.ConnectException: Connection refused", new ConnectException("Connection refused")))))
                .isFalse();
        assertThat(EdiSftpTransport.refused(new GenericFileOperationFailedException("Cannot connect",
                new JSchException("Auth fail for methods 'publickey'")))).isTrue();
        assertThat(EdiSftpTransport.refused(new GenericFileOperationFailedException("Cannot write",
                new SftpException(ChannelSftp.SSH_FX_PERMISSION_DENIED, "Permission denied")))).isTrue();
        assertThat(EdiSftpTransport.refused(new GenericFileOperationFailedException("Cannot write",
                new SftpException(ChannelSftp.SSH_FX_CONNECTION_LOST, "connection lost")))).isFalse();
        assertThat(EdiSftpTransport.reason(new GenericFileOperationFailedException("Cannot connect",
                new JSchException("x", new ConnectException("Connection refused")))))
                .isEqualTo("ConnectException: Connection refused");
    }
}
