package io.railhead.channel.edi.transport;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchAlgoNegoFailException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.SftpException;
import io.railhead.channel.edi.EdiHeaders;
import io.railhead.channel.edi.partner.PartnerProfile;
import io.railhead.channel.edi.partner.PartnerRegistry;
import io.railhead.shared.TransientEndpointException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.remote.SftpConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Java side of the SFTP transport ({@code routes/channel/edi/edi-sftp-transport.camel.yaml}): what the
 * route file cannot do by itself.
 * <ul>
 *   <li>Checks the {@code transport} settings of every SFTP partner at start-up: a missing setting,
 *   an unreadable key or known_hosts file, a passphrase that does not open the key, or a server
 *   missing from known_hosts stops the start with the partner and the reason, instead of turning
 *   into failed polls and dead letters later.</li>
 *   <li>Binds the key's passphrase on the SFTP endpoints of the partner's server (the
 *   {@code edi-sftp-inbox} pollers and {@code edi-send-sftp}), so it is never part of an endpoint
 *   URI, and so never in a log line, JMX or a route dump.</li>
 *   <li>Gives {@code edi-send-sftp} the partner's server and folder ({@link #target}), and tells a
 *   server that cannot be reached (retried with back-off by the {@code edi-outbound} queue) from a
 *   refusal that retrying soon will not fix: host key, login, permissions ({@link #failed}).</li>
 * </ul>
 */
@Component("ediSftpTransport")
public class EdiSftpTransport implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EdiSftpTransport.class);
    static final String TYPE = "sftp";

    private final PartnerRegistry partners;

    public EdiSftpTransport(PartnerRegistry partners) {
        this.partners = partners;
    }

    /**
     * The {@code transport} settings of an SFTP partner (documented in docs/partners.md, "SFTP").
     * Paths on the server are relative to the login folder unless they start with {@code /}.
     */
    public record Settings(String host, Integer port, String username, String privateKeyFile,
                           String privateKeyPassphrase, String knownHostsFile, String strictHostKeyChecking,
                           String inboxPath, String outboxPath, Long pollMillis) {

        public int portOrDefault() {
            return port == null ? 22 : port;
        }

        public boolean strict() {
            return !"no".equals(strictHostKeyChecking);
        }

        public String server() {
            return host + ":" + portOrDefault();
        }

        /** Never prints the passphrase. */
        @Override
        public String toString() {
            return "Settings[" + username + "@" + server() + ", inbox " + inboxPath + ", outbox " + outboxPath + "]";
        }
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        List<String> problems = new ArrayList<>();
        Map<String, String> passphraseOwner = new LinkedHashMap<>();
        for (PartnerProfile partner : sftpPartners()) {
            try {
                Settings s = check(partner);
                // One key file, one passphrase: the endpoints are matched to their partner by server, user and key.
                String owner = passphraseOwner.putIfAbsent(s.privateKeyFile(), partner.id());
                if (owner != null && !Objects.equals(passphrase(s),
                        passphrase(settings(partners.require(owner))))) {
                    problems.add("EDI partners " + owner + " and " + partner.id() + " use the same privateKeyFile "
                            + s.privateKeyFile() + " with different passphrases");
                }
                log.info("EDI partner {}: SFTP {}@{}, host key checking {}", partner.id(), s.username(), s.server(),
                        s.strict() ? "on" : "OFF (strictHostKeyChecking: no)");
            } catch (IllegalStateException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        camelContext.getCamelContextExtension().registerEndpointCallback(this::bind);
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }

    /**
     * The settings of an SFTP partner, checked. The partner's files are not looked at here (see
     * {@link #beforeApplicationStart}).
     *
     * @throws IllegalStateException naming the partner and every problem found
     */
    public Settings settings(PartnerProfile partner) {
        PartnerProfile.Transport transport = partner.transport();
        String prefix = "EDI partner " + partner.id() + ", sftp transport: ";
        if (!TYPE.equals(transport.getType())) {
            throw new IllegalStateException(prefix + "the partner's transport is " + transport.getType());
        }
        List<String> problems = new ArrayList<>();
        if (transport.settings().containsKey("password")) {
            problems.add("password is not supported, the login is by key (privateKeyFile)");
        }
        Object strict = transport.settings().get("strictHostKeyChecking");
        if (strict != null && !"yes".equals(strict) && !"no".equals(strict)) {
            problems.add("strictHostKeyChecking must be \"yes\" or \"no\", in quotes (YAML reads a bare no as false)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(prefix + String.join("; ", problems));
        }
        Settings s;
        try {
            s = transport.as(Settings.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(prefix + "unknown or malformed setting: " + firstLine(e.getMessage()), e);
        }
        require(problems, "host", s.host());
        require(problems, "username", s.username());
        require(problems, "privateKeyFile", s.privateKeyFile());
        require(problems, "inboxPath", s.inboxPath());
        require(problems, "outboxPath", s.outboxPath());
        if (s.strict()) {
            require(problems, "knownHostsFile (or strictHostKeyChecking: \"no\")", s.knownHostsFile());
        }
        if (s.port() != null && (s.port() < 1 || s.port() > 65535)) {
            problems.add("port must be 1 to 65535");
        }
        if (s.pollMillis() != null && s.pollMillis() < 100) {
            problems.add("pollMillis must be at least 100");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(prefix + String.join("; ", problems));
        }
        return s;
    }

    /** The partner's settings, and its key and known_hosts files as they are now (start-up checks). */
    Settings check(PartnerProfile partner) {
        Settings s = settings(partner);
        checkFiles(partner, s);
        return s;
    }

    /** {@code edi-send-sftp}: the partner's server, login and outbox folder, as exchange properties. */
    public void target(Exchange exchange) {
        PartnerProfile partner = partners.require(exchange.getMessage().getHeader(EdiHeaders.PARTNER, String.class));
        Settings s = settings(partner);
        String file = exchange.getMessage().getHeader(EdiHeaders.FILE_NAME, String.class);
        if (file == null || file.isBlank() || file.contains("/") || file.contains("\\")) {
            // Never let camel-ftp fall back to the exchange id, nor write outside the partner's folder.
            throw new IllegalStateException("EDI document " + exchange.getMessage().getHeader(EdiHeaders.OUTBOUND_ID)
                    + " for partner " + partner.id() + " has no usable file name: " + file);
        }
        exchange.setProperty("ediSftpHost", s.host());
        exchange.setProperty("ediSftpPort", s.portOrDefault());
        exchange.setProperty("ediSftpUsername", s.username());
        exchange.setProperty("ediSftpPrivateKeyFile", s.privateKeyFile());
        exchange.setProperty("ediSftpKnownHostsFile", s.knownHostsFile() == null ? "" : s.knownHostsFile());
        exchange.setProperty("ediSftpStrictHostKeyChecking", s.strict() ? "yes" : "no");
        exchange.setProperty("ediSftpOutboxPath", s.outboxPath());
    }

    /**
     * {@code edi-send-sftp}, on a failed upload: rethrows it as a {@link TransientEndpointException}
     * when the server could not be reached or the connection broke (the queue retries it with
     * back-off), or as an {@link EdiTransportException} when the server refused us (host key, login,
     * permission, missing folder), each naming the partner, the server and the reason.
     */
    public void failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String where = "EDI partner " + exchange.getMessage().getHeader(EdiHeaders.PARTNER, String.class) + " at "
                + exchange.getProperty("ediSftpHost") + ":" + exchange.getProperty("ediSftpPort");
        String file = exchange.getMessage().getHeader(EdiHeaders.FILE_NAME, String.class);
        if (refused(e)) {
            throw new EdiTransportException("SFTP upload of " + file + " refused by " + where + ": " + reason(e), e);
        }
        TransientEndpointException t = new TransientEndpointException("SFTP upload of " + file + " to " + where
                + " failed: " + reason(e), null);
        t.initCause(e);
        throw t;
    }

    /** True for refusals that retrying soon will not fix; connection failures and anything unknown are transient. */
    static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JSchHostKeyException || t instanceof JSchAlgoNegoFailException) {
                return true;
            }
            if (t instanceof JSchException && t.getMessage() != null
                    && (t.getMessage().startsWith("Auth fail") || t.getMessage().startsWith("Auth cancel")
                    || t.getMessage().startsWith("invalid privatekey"))) {
                return true;
            }
            if (t instanceof SftpException s && (s.id == ChannelSftp.SSH_FX_NO_SUCH_FILE
                    || s.id == ChannelSftp.SSH_FX_PERMISSION_DENIED)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause that says something, e.g. "Connection refused" or "HostKey has been changed". */
    static String reason(Throwable e) {
        String reason = e == null ? "unknown" : String.valueOf(e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                reason = t.getClass().getSimpleName() + ": " + firstLine(t.getMessage());
            }
        }
        return reason;
    }

    /** Endpoint callback: binds the passphrase of the partner's key on the partner's SFTP endpoints. */
    private Endpoint bind(String uri, Endpoint endpoint) {
        if (endpoint instanceof SftpEndpoint sftp) {
            SftpConfiguration c = sftp.getConfiguration();
            for (PartnerProfile partner : sftpPartners()) {
                Map<String, Object> raw = partner.transport().settings();
                if (Objects.equals(c.getHost(), str(raw.get("host")))
                        && c.getPort() == port(raw.get("port"))
                        && Objects.equals(c.getUsername(), str(raw.get("username")))
                        && Objects.equals(c.getPrivateKeyFile(), str(raw.get("privateKeyFile")))) {
                    Settings s = settings(partner);
                    if (!"yes".equals(c.getStrictHostKeyChecking()) && !"no".equals(c.getStrictHostKeyChecking())) {
                        throw new IllegalStateException("SFTP endpoint of EDI partner " + partner.id()
                                + ": strictHostKeyChecking is neither yes nor no");
                    }
                    String passphrase = passphrase(s);
                    if (passphrase != null) {
                        c.setPrivateKeyPassphrase(passphrase);
                    }
                    break;
                }
            }
        }
        return endpoint;
    }

    /** Start-up checks of the partner's key and known_hosts files, before any connection is tried. */
    private static void checkFiles(PartnerProfile partner, Settings s) {
        String prefix = "EDI partner " + partner.id() + ", sftp transport: ";
        JSch jsch = new JSch();
        Path key = Path.of(s.privateKeyFile());
        if (!Files.isReadable(key)) {
            throw new IllegalStateException(prefix + "privateKeyFile " + key.toAbsolutePath() + " is not readable");
        }
        try {
            KeyPair pair = KeyPair.load(jsch, s.privateKeyFile());
            if (pair.isEncrypted() && (passphrase(s) == null || !pair.decrypt(passphrase(s)))) {
                throw new IllegalStateException(prefix + "privateKeyFile " + key.toAbsolutePath() + " is encrypted and "
                        + (passphrase(s) == null ? "privateKeyPassphrase is not set" : "privateKeyPassphrase does not open it"));
            }
            pair.dispose();
        } catch (JSchException e) {
            throw new IllegalStateException(prefix + "privateKeyFile " + key.toAbsolutePath()
                    + " is not a private key jsch can read: " + firstLine(e.getMessage()), e);
        }
        if (s.knownHostsFile() == null || s.knownHostsFile().isBlank()) {
            return;
        }
        Path knownHosts = Path.of(s.knownHostsFile());
        if (!Files.isReadable(knownHosts)) {
            throw new IllegalStateException(prefix + "knownHostsFile " + knownHosts.toAbsolutePath() + " is not readable");
        }
        try {
            jsch.setKnownHosts(s.knownHostsFile());
        } catch (JSchException e) {
            throw new IllegalStateException(prefix + "knownHostsFile " + knownHosts.toAbsolutePath()
                    + " cannot be read: " + firstLine(e.getMessage()), e);
        }
        String entry = s.portOrDefault() == 22 ? s.host() : "[" + s.host() + "]:" + s.portOrDefault();
        HostKey[] keys = jsch.getHostKeyRepository().getHostKey(entry, null);
        if (s.strict() && (keys == null || keys.length == 0)) {
            throw new IllegalStateException(prefix + "knownHostsFile " + knownHosts.toAbsolutePath()
                    + " has no host key for " + entry);
        }
    }

    private List<PartnerProfile> sftpPartners() {
        return partners.all().stream().filter(p -> TYPE.equals(p.transport().getType())).toList();
    }

    private static String passphrase(Settings s) {
        return s.privateKeyPassphrase() == null || s.privateKeyPassphrase().isEmpty() ? null : s.privateKeyPassphrase();
    }

    private static void require(List<String> problems, String name, String value) {
        if (value == null || value.isBlank()) {
            problems.add(name + " is missing");
        }
    }

    private static int port(Object setting) {
        if (setting == null) {
            return 22;
        }
        try {
            return Integer.parseInt(String.valueOf(setting));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
