package io.railhead.channel.edi.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.railhead.channel.edi.EdiHeaders;
import io.railhead.channel.edi.EdiOutbound;
import io.railhead.channel.edi.EdiStore;
import io.railhead.channel.edi.partner.PartnerRegistry;
import io.railhead.shared.Headers;
import io.railhead.support.HubIT;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The SFTP transport of EDI partners against a partner's SFTP server (Apache MINA SSHD on a free
 * loopback port, key login only): files the partner leaves in its folder are archived exactly as
 * sent and moved to done/ on the server; documents for the partner arrive whole in its folder,
 * also when the server was down at first; a server whose host key is not the known one gets
 * nothing and the document is dead-lettered with the reason. The client key is encrypted, its
 * passphrase reaches the profile through a {@code ${...}} placeholder.
 */
@DirtiesContext
class EdiSftpIT extends HubIT {

    static final String PARTNER = "sftp-acme";
    /** Same server and login, but its known_hosts holds another key for the server. */
    static final String IMPOSTOR_CHECKED = "sftp-hostkey";
    static final String PASSPHRASE = "correct horse " + UUID.randomUUID();
    static final Path DIR = tempDir();
    static final PartnerSftpServer SERVER;

    static {
        try {
            KeyPair client = PartnerSftpServer.ecKeyPair();
            Path keys = Files.createDirectories(DIR.resolve("keys"));
            PartnerSftpServer.writeOpenSshPrivateKey(client, PASSPHRASE, keys.resolve("id_ecdsa"));
            Path root = Files.createDirectories(DIR.resolve("server"));
            for (String folder : List.of("from-acme", "to-acme", "from-hostkey", "to-hostkey")) {
                Files.createDirectories(root.resolve(folder));
            }
            SERVER = new PartnerSftpServer(root, "railhead", client.getPublic()).start();
            Files.writeString(keys.resolve("known_hosts"), SERVER.knownHostsLine());
            Files.writeString(keys.resolve("known_hosts_other"),
                    SERVER.knownHostsLine(PartnerSftpServer.ecKeyPair().getPublic()));
            Path partners = Files.createDirectories(DIR.resolve("partners"));
            Files.writeString(partners.resolve(PARTNER + ".yml"), profile(PARTNER, "SFTPACME", keys.resolve("known_hosts"),
                    "from-acme", "to-acme", 300));
            Files.writeString(partners.resolve(IMPOSTOR_CHECKED + ".yml"), profile(IMPOSTOR_CHECKED, "SFTPHOSTKEY",
                    keys.resolve("known_hosts_other"), "from-hostkey", "to-hostkey", 3_600_000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            Files.createDirectories(Path.of("target/test-data"));
            return Files.createTempDirectory(Path.of("target/test-data"), "sftp-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String profile(String id, String isaId, Path knownHosts, String inbox, String outbox, long pollMillis) {
        return """
                id: %s
                name: SFTP test partner
                interchange:
                  qualifier: "ZZ"
                  id: "%s"
                  receiverQualifier: "ZZ"
                  receiverId: "RAILHEAD"
                documents: ["850", "997"]
                transport:
                  type: sftp
                  host: 127.0.0.1
                  port: %d
                  username: railhead
                  privateKeyFile: "%s"
                  privateKeyPassphrase: "${EDI_SFTP_TEST_PASSPHRASE}"
                  knownHostsFile: "%s"
                  inboxPath: %s
                  outboxPath: %s
                  pollMillis: %d
                """.formatted(id, isaId, SERVER.port(), DIR.resolve("keys/id_ecdsa"), knownHosts, inbox, outbox,
                pollMillis);
    }

    @DynamicPropertySource
    static void partners(DynamicPropertyRegistry registry) {
        registry.add("railhead.edi.partners-dir", DIR.resolve("partners")::toString);
        registry.add("EDI_SFTP_TEST_PASSPHRASE", () -> PASSPHRASE);
        // Enough back-off (0.3 s, 0.6 s, 1.2 s, 2 s, 2 s) for the test to bring the server back in between.
        registry.add("railhead.retry.max-attempts", () -> "6");
        registry.add("railhead.retry.initial-delay", () -> "300ms");
        registry.add("railhead.retry.max-delay", () -> "2s");
    }

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    @Autowired
    EdiOutbound outbound;

    @Autowired
    EdiStore store;

    @Autowired
    PartnerRegistry partners;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    CamelContext camelContext;

    private static String controlNumber() {
        return "%09d".formatted(ThreadLocalRandom.current().nextInt(1_000_000_000));
    }

    private static String ack997(String partnerIsaId, String icn) {
        return "ISA*00*          *00*          *ZZ*RAILHEAD       *ZZ*" + "%-15s".formatted(partnerIsaId)
                + "*261123*1415*U*00401*" + icn + "*0*P*>~\n"
                + "GS*FA*RAILHEAD*" + partnerIsaId + "*20261123*1415*1*X*004010~\n"
                + "ST*997*0001~\nAK1*PO*1~\nAK9*A*1*1*1~\nSE*4*0001~\nGE*1*1~\nIEA*1*" + icn + "~\n";
    }

    private String send(String partner, String icn, String payload) {
        return outbound.send(partners.require(partner), "it-" + UUID.randomUUID(), "ord-" + UUID.randomUUID(),
                new EdiOutbound.Document("997", payload, icn, "1", "0001"), "cid-" + UUID.randomUUID());
    }

    private static Path outboxFile(String folder, String partner, String icn) {
        return SERVER.root().resolve(folder).resolve(partner + "-997-" + icn + ".edi");
    }

    /** Files in the folder named like the upload's temporary file of this document (the hub may send others meanwhile). */
    private static List<String> tempFiles(String folder, String partner, String icn) throws IOException {
        String document = partner + "-997-" + icn + ".edi";
        try (Stream<Path> files = Files.list(SERVER.root().resolve(folder))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains(document) && !n.equals(document)).toList();
        }
    }

    private Optional<String> archiveId(String fileName) {
        return jdbc.queryForList("select id from edi_archive where partner_id = :partner and file_name = :file",
                Map.of("partner", PARTNER, "file", fileName), String.class).stream().findFirst();
    }

    private String outboundStatus(String id) {
        return store.findOutboundById(id).orElseThrow().status();
    }

    @Test
    void partnerFile_archivedWithItsExactBytes_thenMovedToDoneOnTheServer() throws Exception {
        String name = "po-" + UUID.randomUUID() + ".x12";
        // An 850 with a Latin-1 byte in it (0xE9): the archive must hold the bytes, not a re-encoding.
        byte[] content = ("ISA*00*          *00*          *ZZ*SFTPACME       *ZZ*RAILHEAD       *261123*0900*U*00401*"
                + controlNumber() + "*0*P*>~GS*PO*SFTPACME*RAILHEAD*20261123*0900*7*X*004010~ST*850*0001~"
                + "BEG*00*SA*PO-1**20261123~N1*ST*Caf\u00e9 du Nord~SE*4*0001~GE*1*7~IEA*1*000000001~")
                .getBytes(StandardCharsets.ISO_8859_1);
        Path inbox = SERVER.root().resolve("from-acme");
        // As a partner uploads: under a temporary name first, then renamed.
        Files.write(inbox.resolve("." + name + ".part"), content);
        Files.move(inbox.resolve("." + name + ".part"), inbox.resolve(name));

        String id = await().atMost(Duration.ofSeconds(30)).until(() -> archiveId(name), Optional::isPresent).get();
        assertThat(store.archivedPayload(id)).hasValue(content);
        EdiStore.Archived archived = store.findArchive(id).orElseThrow();
        assertThat(archived.transport()).isEqualTo("sftp");
        assertThat(archived.sizeBytes()).isEqualTo(content.length);

        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(inbox.resolve(name)));
        Path done;
        try (Stream<Path> files = Files.walk(inbox.resolve("done"))) {
            done = files.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
        }
        assertThat(Files.readAllBytes(done)).isEqualTo(content);
        assertThat(inbox.resolve("error").resolve(name)).doesNotExist();
        assertThat(archiveId(name)).as("archived once").hasValue(id);
    }

    private Optional<EdiStore.ExceptionEntry> exception(String reason, String fileName) {
        return store.exceptions(PARTNER, 1000).stream()
                .filter(e -> reason.equals(e.reason()) && fileName.equals(e.fileName())).findFirst();
    }

    @Test
    void emptyPartnerFile_movedToErrorOnTheServer_andListedAsException() throws Exception {
        String name = "empty-" + UUID.randomUUID() + ".x12";
        Path inbox = SERVER.root().resolve("from-acme");
        Files.write(inbox.resolve("." + name + ".part"), new byte[0]);
        Files.move(inbox.resolve("." + name + ".part"), inbox.resolve(name));

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("error").resolve(name)));
        EdiStore.ExceptionEntry entry = await().atMost(Duration.ofSeconds(10))
                .until(() -> exception("EMPTY_FILE", name), Optional::isPresent).orElseThrow();
        assertThat(entry.transport()).isEqualTo("sftp");
        assertThat(inbox.resolve(name)).doesNotExist();
    }

    @Test
    void partnerFileOverTheSizeLimit_notDownloaded_movedToErrorOnTheServer_exceptionNamesTheLimit() throws Exception {
        String name = "huge-" + UUID.randomUUID() + ".x12";
        Path inbox = SERVER.root().resolve("from-acme");
        Path tmp = inbox.resolve("." + name + ".part");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(tmp.toFile(), "rw")) {
            f.setLength(10L * 1024 * 1024 + 1);
        }
        Files.move(tmp, inbox.resolve(name));

        EdiStore.ExceptionEntry entry = await().atMost(Duration.ofSeconds(30))
                .until(() -> exception("TOO_LARGE", name), Optional::isPresent).orElseThrow();
        assertThat(entry.detail()).contains("railhead.edi.max-file-size").contains("10485760");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("error").resolve(name)));
        assertThat(store.archivedPayload(entry.archiveId()).orElseThrow()).as("nothing downloaded into the archive")
                .isEmpty();
    }

    @Test
    void documentForPartner_writtenWholeIntoItsOutbox_markedSent_noTempFileLeft() throws Exception {
        String icn = controlNumber();
        String payload = ack997("SFTPACME", icn);
        String id = send(PARTNER, icn, payload);

        Path file = outboxFile("to-acme", PARTNER, icn);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(outboundStatus(id)));
        assertThat(file).exists();
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).isEqualTo(payload);
        assertThat(tempFiles("to-acme", PARTNER, icn)).isEmpty();
    }

    @Test
    void resendUnderTheSameName_replacesTheFile() throws Exception {
        String icn = controlNumber();
        String first = send(PARTNER, icn, ack997("SFTPACME", icn).replace("AK9*A", "AK9*R"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(outboundStatus(first)));

        String payload = ack997("SFTPACME", icn);
        String second = send(PARTNER, icn, payload);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(outboundStatus(second)));
        assertThat(Files.readString(outboxFile("to-acme", PARTNER, icn), StandardCharsets.ISO_8859_1)).isEqualTo(payload);
        assertThat(tempFiles("to-acme", PARTNER, icn)).isEmpty();
        // One endpoint (and so one SFTP connection) per partner, not one per document.
        assertThat(camelContext.getEndpoints().stream().filter(e -> e.getEndpointUri().contains("/to-acme")).count())
                .isEqualTo(1);
    }

    @Test
    void serverDownWhenSending_retriedWithBackOff_deliveredOnceItIsBack() throws Exception {
        String icn = controlNumber();
        String payload = ack997("SFTPACME", icn);
        long queued = messagesAdded("edi.outbound.v1");
        SERVER.stop();
        try {
            String id = send(PARTNER, icn, payload);
            // The first attempt failed and the document was put back on its queue, to be tried again later.
            await().atMost(Duration.ofSeconds(30)).until(() -> messagesAdded("edi.outbound.v1") >= queued + 2);
            assertThat(outboundStatus(id)).isEqualTo("QUEUED");
            assertThat(outboxFile("to-acme", PARTNER, icn)).doesNotExist();

            SERVER.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(outboundStatus(id)));
            assertThat(Files.readString(outboxFile("to-acme", PARTNER, icn), StandardCharsets.ISO_8859_1))
                    .isEqualTo(payload);
            assertThat(deadLetters(id)).isEmpty();
        } finally {
            if (!SERVER.running()) {
                SERVER.start();
            }
        }
    }

    @Test
    void serverWithAnotherHostKey_getsNothing_documentDeadLetteredWithTheReason() throws Exception {
        String icn = controlNumber();
        String id = send(IMPOSTOR_CHECKED, icn, ack997("SFTPHOSTKEY", icn));

        Message letter = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(id), l -> !l.isEmpty()).get(0);
        assertThat(letter.getStringProperty(Headers.ERROR_CLASS)).isEqualTo(EdiTransportException.class.getName());
        assertThat(letter.getStringProperty(Headers.ERROR_MESSAGE))
                .contains(IMPOSTOR_CHECKED).contains("127.0.0.1:" + SERVER.port()).contains("HostKey")
                .doesNotContain(PASSPHRASE);
        assertThat(letter.getStringProperty(Headers.FAILED_ROUTE_ID)).isNotBlank();
        assertThat(outboundStatus(id)).isEqualTo("QUEUED");
        assertThat(outboxFile("to-hostkey", IMPOSTOR_CHECKED, icn)).doesNotExist();
        assertThat(tempFiles("to-hostkey", IMPOSTOR_CHECKED, icn)).isEmpty();
    }

    private List<Message> deadLetters(String outboundId) {
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        return jms.browseSelected("DLQ.edi.outbound.v1", EdiHeaders.OUTBOUND_ID + " = '" + outboundId + "'",
                (session, browser) -> {
                    List<Message> found = new ArrayList<>();
                    for (Object m : Collections.list(browser.getEnumeration())) {
                        found.add((Message) m);
                    }
                    return found;
                });
    }

    @Test
    void purchaseOrderOverSftp_reachesTheErpOnce_andIts997LandsInThePartnersOutbox() throws Exception {
        String po = "PO-" + UUID.randomUUID().toString().substring(0, 8);
        String gs06 = io.railhead.channel.edi.X12Fixtures.groupNumber();
        String name = "850-" + po + ".x12";
        Path inbox = SERVER.root().resolve("from-acme");
        Files.writeString(inbox.resolve("." + name + ".part"), io.railhead.channel.edi.X12Fixtures.interchange("SFTPACME",
                "RAILHEAD", io.railhead.channel.edi.X12Fixtures.controlNumber(), gs06,
                List.of(io.railhead.channel.edi.X12Fixtures.vendorPartOrder(po))), StandardCharsets.ISO_8859_1);
        Files.move(inbox.resolve("." + name + ".part"), inbox.resolve(name));

        await().atMost(Duration.ofSeconds(30)).until(() -> acceptedErpCalls(po).size() == 1);
        Path outbox = SERVER.root().resolve("to-acme");
        String ack = await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Stream<Path> files = Files.list(outbox)) {
                for (Path f : files.toList()) {
                    String c = Files.readString(f, StandardCharsets.ISO_8859_1);
                    if (c.contains("AK1*PO*" + gs06 + "~")) {
                        return c;
                    }
                }
            }
            return null;
        }, java.util.Objects::nonNull);
        assertThat(ack).contains("AK2*850*0001~").contains("AK5*A~").contains("AK9*A*1*1*1~");
        assertThat(acceptedErpCalls(po)).hasSize(1);
    }
}
