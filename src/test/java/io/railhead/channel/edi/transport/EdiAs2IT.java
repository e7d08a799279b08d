package io.railhead.channel.edi.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.railhead.channel.edi.EdiOutbound;
import io.railhead.channel.edi.EdiStore;
import io.railhead.channel.edi.X12Envelopes;
import io.railhead.channel.edi.partner.PartnerRegistry;
import io.railhead.shared.TransientEndpointException;
import io.railhead.support.HubIT;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.as2.api.AS2EncryptionAlgorithm;
import org.apache.camel.component.as2.api.AS2Header;
import org.apache.camel.component.as2.api.AS2MessageStructure;
import org.apache.camel.component.as2.api.AS2SignatureAlgorithm;
import org.apache.camel.component.as2.api.entity.AS2DispositionModifier;
import org.apache.camel.component.as2.api.entity.AS2DispositionType;
import org.apache.camel.component.as2.api.entity.AS2MessageDispositionNotificationEntity;
import org.apache.camel.component.as2.api.entity.ApplicationPkcs7MimeEnvelopedDataEntity;
import org.apache.camel.component.as2.api.entity.DispositionNotificationMultipartReportEntity;
import org.apache.camel.component.as2.api.entity.MultipartSignedEntity;
import org.apache.camel.component.as2.api.protocol.ResponseMDN;
import org.apache.camel.component.as2.api.util.MicUtils;
import org.apache.camel.component.as2.api.util.SigningUtils;
import org.apache.camel.component.as2.internal.AS2Constants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The AS2 transport end to end, with key pairs and self-signed certificates made here for the hub
 * ("us") and two partners. A small CamelContext plays the partners' AS2 software on loopback: its
 * camel-as2 client sends to the hub's AS2 server, and its camel-as2 server receives what the hub
 * sends. Inbound: a signed and encrypted file earns a signed MDN "processed" with the right MIC
 * and is archived byte for byte before that MDN; an unknown sender or a wrong signature earns a
 * negative MDN and nothing is stored. Outbound: a document reaches the partner signed and
 * encrypted, the partner's signed MDN is checked and the document becomes SENT; a negative MDN
 * leaves it unsent and dead-letters it.
 */
class EdiAs2IT extends HubIT {

    private static final String HUB_AS2 = "RAILHEAD-AS2";
    private static final String ACME_AS2 = "ACME-AS2";
    private static final String GLOBEX_AS2 = "GLOBEX-AS2";
    private static final String KEYSTORE_PASSWORD = "test-as2-keystore-pw";
    private static final String OUTBOUND_QUEUE = "edi.outbound.v1";

    private static final Path DIR;
    private static final int HUB_PORT;
    private static final int PARTNER_PORT;
    private static final KeyPair HUB_KEYS;
    private static final X509Certificate HUB_CERT;
    private static final KeyPair ACME_KEYS;
    private static final X509Certificate ACME_CERT;
    private static final KeyPair GLOBEX_KEYS;
    private static final X509Certificate GLOBEX_CERT;

    static {
        try {
            DIR = Files.createTempDirectory(Files.createDirectories(Path.of("target/test-data")), "as2-")
                    .toAbsolutePath();
            HUB_PORT = freePort();
            PARTNER_PORT = freePort();
            HUB_KEYS = rsa();
            HUB_CERT = selfSigned(HUB_KEYS, "railhead-hub", 1);
            ACME_KEYS = rsa();
            ACME_CERT = selfSigned(ACME_KEYS, "acme-as2", 2);
            GLOBEX_KEYS = rsa();
            GLOBEX_CERT = selfSigned(GLOBEX_KEYS, "globex-as2", 3);

            KeyStore hub = KeyStore.getInstance("PKCS12");
            hub.load(null, null);
            hub.setKeyEntry("railhead", HUB_KEYS.getPrivate(), KEYSTORE_PASSWORD.toCharArray(),
                    new Certificate[]{HUB_CERT});
            try (var out = Files.newOutputStream(DIR.resolve("hub.p12"))) {
                hub.store(out, KEYSTORE_PASSWORD.toCharArray());
            }
            Path partners = Files.createDirectories(DIR.resolve("partners"));
            pem(partners.resolve("acme.pem"), ACME_CERT);
            pem(partners.resolve("globex.pem"), GLOBEX_CERT);
            Files.writeString(partners.resolve("acme.yml"), profile("acme", "ACMEEDI", ACME_AS2, "acme-as2", "acme.pem"));
            Files.writeString(partners.resolve("globex.yml"),
                    profile("globex", "GLOBEXEDI", GLOBEX_AS2, "globex-as2", "globex.pem"));
            // Nothing listens on INITECH's port: every send is refused at the TCP level.
            Files.writeString(partners.resolve("initech.yml"), profile("initech", "INITECHEDI", "INITECH-AS2",
                    "initech-as2", "globex.pem").replace(":" + PARTNER_PORT + "/", ":" + freePort() + "/"));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What the partners' AS2 server received from the hub. */
    record Received(String path, String as2From, String as2To, String fileName, byte[] body) {
    }

    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static CamelContext partnerSide;

    @Autowired
    EdiStore store;
    @Autowired
    EdiOutbound outbound;
    @Autowired
    PartnerRegistry partners;
    @Autowired
    NamedParameterJdbcTemplate jdbc;
    @Autowired
    X12Envelopes envelopes;

    @DynamicPropertySource
    static void as2(DynamicPropertyRegistry registry) {
        registry.add("railhead.edi.partners-dir", () -> DIR.resolve("partners").toString());
        registry.add("railhead.edi.as2.enabled", () -> "true");
        registry.add("railhead.edi.as2.id", () -> HUB_AS2);
        registry.add("railhead.edi.as2.port", () -> HUB_PORT);
        registry.add("railhead.edi.as2.fqdn", () -> "railhead.test");
        registry.add("railhead.edi.as2.keystore", () -> DIR.resolve("hub.p12").toString());
        registry.add("railhead.edi.as2.keystore-password", () -> KEYSTORE_PASSWORD);
        // small enough for a test message to exceed it
        registry.add("railhead.edi.as2.max-body-size", () -> "64KB");
    }

    @BeforeAll
    static void startPartnerSide() throws Exception {
        partnerSide = new DefaultCamelContext();
        partnerSide.disableJMX();
        partnerSide.getRegistry().bind("acmeKey", PrivateKey.class, ACME_KEYS.getPrivate());
        partnerSide.getRegistry().bind("acmeChain", Certificate[].class, new Certificate[]{ACME_CERT});
        partnerSide.getRegistry().bind("globexKey", PrivateKey.class, GLOBEX_KEYS.getPrivate());
        partnerSide.getRegistry().bind("globexChain", Certificate[].class, new Certificate[]{GLOBEX_CERT});
        partnerSide.getRegistry().bind("hubChain", Certificate[].class, new Certificate[]{HUB_CERT});
        partnerSide.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // ACME's server: decrypts with its key, accepts only what the hub's certificate signed.
                from("as2:server/listen?serverPortNumber=" + PARTNER_PORT + "&requestUriPattern=/acme-as2"
                        + "&server=ACME&serverFqdn=acme.test&decryptingPrivateKey=#acmeKey"
                        + "&signingPrivateKey=#acmeKey&signingCertificateChain=#acmeChain"
                        + "&signingAlgorithm=SHA256WITHRSA&validateSigningCertificateChain=#hubChain")
                        .routeId("acme-as2-server").process(e -> record("/acme-as2", e));
                // GLOBEX's server holds the wrong decryption key: every message earns "decryption-failed".
                from("as2:server/listen?serverPortNumber=" + PARTNER_PORT + "&requestUriPattern=/globex-as2"
                        + "&server=GLOBEX&serverFqdn=globex.test&decryptingPrivateKey=#acmeKey"
                        + "&signingPrivateKey=#globexKey&signingCertificateChain=#globexChain"
                        + "&signingAlgorithm=SHA256WITHRSA&validateSigningCertificateChain=#hubChain")
                        .routeId("globex-as2-server").process(e -> record("/globex-as2", e));
            }
        });
        partnerSide.start();
    }

    @AfterAll
    static void stopPartnerSide() {
        if (partnerSide != null) {
            partnerSide.stop();
        }
    }

    @Test
    void signedEncryptedFileFromPartner_getsSignedProcessedMdnWithItsMic_andIsArchivedExactly() throws Exception {
        String fileName = "acme-850-" + UUID.randomUUID() + ".edi";
        byte[] payload = x12("850", "CAF\u00c9 DU MONDE").getBytes(StandardCharsets.ISO_8859_1);
        long queued = messagesAdded("edi.received.v1");

        HttpCoreContext as2 = sendToHub(ACME_AS2, ACME_KEYS.getPrivate(), ACME_CERT, payload, fileName);

        AS2MessageDispositionNotificationEntity mdn = signedMdn(as2);
        assertThat(mdn.getDispositionType()).isEqualTo(AS2DispositionType.PROCESSED);
        assertThat(mdn.getDispositionModifier()).isNull();
        assertThat(mdn.getOriginalMessageId()).isEqualTo(as2.getRequest().getFirstHeader(AS2Header.MESSAGE_ID).getValue());
        // The MIC as camel-as2's receiving side computes it over what we sent, with the hub's key.
        MicUtils.ReceivedContentMic expected = MicUtils.createReceivedContentMic(
                (ClassicHttpRequest) as2.getRequest(), null, HUB_KEYS.getPrivate());
        assertThat(mdn.getReceivedContentMic().getDigestAlgorithmId()).isEqualTo("sha256");
        assertThat(mdn.getReceivedContentMic().getEncodedMessageDigest()).isEqualTo(expected.getEncodedMessageDigest());

        // The MDN came back only after the file was archived and queued: no waiting here.
        List<String> ids = archived("acme", fileName);
        assertThat(ids).hasSize(1);
        assertThat(store.archivedPayload(ids.get(0))).hasValue(payload);
        EdiStore.Archived archived = store.findArchive(ids.get(0)).orElseThrow();
        assertThat(archived.transport()).isEqualTo("as2");
        assertThat(archived.sizeBytes()).isEqualTo(payload.length);
        assertThat(messagesAdded("edi.received.v1")).isEqualTo(queued + 1);
    }

    @Test
    void purchaseOrderOverAs2_reachesTheErpOnce_andIts997GoesBackOverAs2() throws Exception {
        String po = "PO-" + UUID.randomUUID().toString().substring(0, 8);
        String gs06 = io.railhead.channel.edi.X12Fixtures.groupNumber();
        byte[] payload = io.railhead.channel.edi.X12Fixtures.interchange("ACMEEDI", "RAILHEAD",
                io.railhead.channel.edi.X12Fixtures.controlNumber(), gs06,
                List.of(io.railhead.channel.edi.X12Fixtures.vendorPartOrder(po))).getBytes(StandardCharsets.ISO_8859_1);

        HttpCoreContext as2 = sendToHub(ACME_AS2, ACME_KEYS.getPrivate(), ACME_CERT, payload, "850-" + po + ".edi");
        assertThat(signedMdn(as2).getDispositionModifier()).isNull();

        await().atMost(Duration.ofSeconds(30)).until(() -> acceptedErpCalls(po).size() == 1);
        Received ack = await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVED.stream()
                .filter(r -> r.path().equals("/acme-as2")
                        && new String(r.body(), StandardCharsets.ISO_8859_1).contains("AK1*PO*" + gs06 + "~"))
                .findFirst().orElse(null), java.util.Objects::nonNull);
        assertThat(new String(ack.body(), StandardCharsets.ISO_8859_1)).contains("AK5*A~").contains("AK9*A*1*1*1~");
        assertThat(ack.as2To()).isEqualTo(ACME_AS2);
        assertThat(acceptedErpCalls(po)).hasSize(1);
    }

    @Test
    void messageFromUnknownAs2From_getsNegativeMdn_andNothingIsStored() throws Exception {
        String fileName = "stranger-" + UUID.randomUUID() + ".edi";
        long archivedBefore = archiveCount();
        long queued = messagesAdded("edi.received.v1");

        HttpCoreContext as2 = sendToHub("STRANGER-AS2", ACME_KEYS.getPrivate(), ACME_CERT,
                x12("850", "NOBODY").getBytes(StandardCharsets.ISO_8859_1), fileName);

        AS2MessageDispositionNotificationEntity mdn = signedMdn(as2);
        assertThat(mdn.getDispositionType()).isEqualTo(AS2DispositionType.PROCESSED);
        assertThat(mdn.getDispositionModifier()).isEqualTo(AS2DispositionModifier.ERROR_AUTHENTICATION_FAILED);
        assertThat(archiveCount()).isEqualTo(archivedBefore);
        assertThat(messagesAdded("edi.received.v1")).isEqualTo(queued);
    }

    @Test
    void knownAs2FromSignedWithAnotherKey_getsNegativeMdn_andNothingIsStored() throws Exception {
        String fileName = "impostor-" + UUID.randomUUID() + ".edi";

        // Claims to be ACME, signs with GLOBEX's key: the signature is checked against ACME's certificate.
        HttpCoreContext as2 = sendToHub(ACME_AS2, GLOBEX_KEYS.getPrivate(), GLOBEX_CERT,
                x12("850", "IMPOSTOR").getBytes(StandardCharsets.ISO_8859_1), fileName);

        AS2MessageDispositionNotificationEntity mdn = signedMdn(as2);
        assertThat(mdn.getDispositionModifier()).isEqualTo(AS2DispositionModifier.ERROR_AUTHENTICATION_FAILED);
        assertThat(archived("acme", fileName)).isEmpty();
    }

    @Test
    void encryptedButUnsignedMessage_getsInsufficientSecurityMdn_andNothingIsStored() throws Exception {
        String fileName = "unsigned-" + UUID.randomUUID() + ".edi";
        long queued = messagesAdded("edi.received.v1");

        HttpCoreContext as2 = sendAsAcme(AS2MessageStructure.ENCRYPTED, true, null,
                x12("850", "UNSIGNED").getBytes(StandardCharsets.ISO_8859_1), fileName);

        assertThat(signedMdn(as2).getDispositionModifier())
                .isEqualTo(AS2DispositionModifier.ERROR_INSUFFICIENT_MESSAGE_SECURITY);
        assertThat(archived("acme", fileName)).isEmpty();
        assertThat(messagesAdded("edi.received.v1")).isEqualTo(queued);
    }

    @Test
    void signedButUnencryptedMessage_getsInsufficientSecurityMdn_andNothingIsStored() throws Exception {
        String fileName = "unencrypted-" + UUID.randomUUID() + ".edi";
        long queued = messagesAdded("edi.received.v1");

        HttpCoreContext as2 = sendAsAcme(AS2MessageStructure.SIGNED, true, null,
                x12("850", "IN CLEAR").getBytes(StandardCharsets.ISO_8859_1), fileName);

        assertThat(signedMdn(as2).getDispositionModifier())
                .isEqualTo(AS2DispositionModifier.ERROR_INSUFFICIENT_MESSAGE_SECURITY);
        assertThat(archived("acme", fileName)).isEmpty();
        assertThat(messagesAdded("edi.received.v1")).isEqualTo(queued);
    }

    @Test
    void refusedMessagesThatAskForNoMdn_getHttp500_andNothingIsStored() throws Exception {
        for (AS2MessageStructure structure : List.of(AS2MessageStructure.PLAIN, AS2MessageStructure.SIGNED,
                AS2MessageStructure.ENCRYPTED)) {
            String fileName = "no-mdn-" + structure + "-" + UUID.randomUUID() + ".edi";

            HttpCoreContext as2 = sendAsAcme(structure, false, null,
                    x12("850", "NO RECEIPT").getBytes(StandardCharsets.ISO_8859_1), fileName);

            assertThat(as2.getResponse().getCode()).as(structure.toString()).isEqualTo(500);
            assertThat(archived("acme", fileName)).as(structure.toString()).isEmpty();
        }
    }

    @Test
    void soundMessageThatAsksForNoMdn_isStored_andAnswered200WithoutMdn() throws Exception {
        String fileName = "no-mdn-ok-" + UUID.randomUUID() + ".edi";

        HttpCoreContext as2 = sendAsAcme(AS2MessageStructure.SIGNED_ENCRYPTED, false, null,
                x12("850", "QUIET").getBytes(StandardCharsets.ISO_8859_1), fileName);

        assertThat(as2.getResponse().getCode()).isEqualTo(200);
        var entity = ((ClassicHttpResponse) as2.getResponse()).getEntity();
        assertThat(entity == null || entity.getContentLength() == 0).as("no MDN").isTrue();
        assertThat(archived("acme", fileName)).hasSize(1);
    }

    @Test
    void messageAskingForAnAsynchronousMdn_isRefusedWithHttp400_andNoMdnIsPostedAnywhere() throws Exception {
        String fileName = "async-" + UUID.randomUUID() + ".edi";
        String mdnUrl = ERP.baseUrl() + "/async-mdn/" + UUID.randomUUID();

        HttpCoreContext as2 = sendAsAcme(AS2MessageStructure.SIGNED_ENCRYPTED, true, mdnUrl,
                x12("850", "ASYNC").getBytes(StandardCharsets.ISO_8859_1), fileName);

        assertThat(as2.getResponse().getCode()).isEqualTo(400);
        assertThat(archived("acme", fileName)).isEmpty();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> ERP.getAllServeEvents().stream().noneMatch(e -> mdnUrl.endsWith(e.getRequest().getUrl())));
    }

    @Test
    void messageOverTheBodyLimit_getsNegativeMdn_or413WithoutMdnRequest_andNothingIsStored() throws Exception {
        String fileName = "big-" + UUID.randomUUID() + ".edi";
        byte[] big = (x12("850", "BIG") + " ".repeat(100_000)).getBytes(StandardCharsets.ISO_8859_1);
        long queued = messagesAdded("edi.received.v1");

        HttpCoreContext withMdn = sendAsAcme(AS2MessageStructure.SIGNED_ENCRYPTED, true, null, big, fileName);
        assertThat(signedMdn(withMdn).getDispositionModifier())
                .isEqualTo(AS2DispositionModifier.ERROR_UNEXPECTED_PROCESSING_ERROR);

        HttpCoreContext withoutMdn = sendAsAcme(AS2MessageStructure.SIGNED_ENCRYPTED, false, null, big, fileName);
        assertThat(withoutMdn.getResponse().getCode()).isEqualTo(413);
        assertThat(archived("acme", fileName)).isEmpty();
        assertThat(messagesAdded("edi.received.v1")).isEqualTo(queued);
    }

    @Test
    void documentForPartner_arrivesSignedAndEncrypted_andIsSentOnceItsMdnChecksOut() {
        EdiOutbound.Document ack = ack997("acme");
        String payload = ack.payload();
        String id = outbound.send(partners.require("acme"), "as2-997-" + UUID.randomUUID(), null, ack,
                UUID.randomUUID().toString());

        await().atMost(Duration.ofSeconds(30)).until(() -> store.findOutboundById(id)
                .map(o -> "SENT".equals(o.status())).orElse(false));
        Received received = RECEIVED.stream().filter(r -> r.path().equals("/acme-as2")
                && new String(r.body(), StandardCharsets.ISO_8859_1).equals(payload)).findFirst().orElseThrow();
        assertThat(received.as2From()).isEqualTo(HUB_AS2);
        assertThat(received.as2To()).isEqualTo(ACME_AS2);
        assertThat(received.fileName()).isEqualTo("acme-997-" + ack.interchangeNumber() + ".edi");
    }

    @Test
    void documentRefusedWithNegativeMdn_isNotSent_andIsDeadLettered() {
        EdiOutbound.Document ack = ack997("globex");
        String payload = ack.payload();
        long deadBefore = messagesAdded("DLQ." + OUTBOUND_QUEUE);
        String id = outbound.send(partners.require("globex"), "as2-997-" + UUID.randomUUID(), null, ack,
                UUID.randomUUID().toString());

        await().atMost(Duration.ofSeconds(30)).until(() -> messagesAdded("DLQ." + OUTBOUND_QUEUE) > deadBefore);
        assertThat(store.findOutboundById(id).orElseThrow().status()).isEqualTo("QUEUED");
        assertThat(RECEIVED).noneMatch(r -> new String(r.body(), StandardCharsets.ISO_8859_1).equals(payload));
        Map<String, String> dead = deadLetter(id);
        assertThat(dead.get("RailheadErrorClass")).isEqualTo(As2DeliveryException.class.getName());
        assertThat(dead.get("RailheadErrorMessage")).contains("globex").contains("decryption-failed")
                .doesNotContain("ISA*");
        assertThat(dead.get("RailheadAttempt")).as("a refusal is not sent again: dead-lettered at the first try")
                .isEqualTo("1");
    }

    @Test
    void unreachablePartner_isRetriedWithBackOff_thenDeadLettered() {
        String id = outbound.send(partners.require("initech"), "as2-997-" + UUID.randomUUID(), null,
                ack997("initech"), UUID.randomUUID().toString());

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter(id) != null);
        Map<String, String> dead = deadLetter(id);
        assertThat(dead.get("RailheadErrorClass")).isEqualTo(TransientEndpointException.class.getName());
        assertThat(dead.get("RailheadErrorMessage")).contains("initech").doesNotContain("ISA*");
        assertThat(dead.get("RailheadAttempt")).isEqualTo("3");
        assertThat(store.findOutboundById(id).orElseThrow().status()).isEqualTo("QUEUED");
    }

    /** The properties of the dead letter of an outbound document, or null while there is none. */
    private Map<String, String> deadLetter(String outboundId) {
        Queue queue = broker.getActiveMQServer().locateQueue(SimpleString.of("DLQ." + OUTBOUND_QUEUE));
        if (queue == null) {
            return null;
        }
        try (LinkedListIterator<MessageReference> messages = queue.browserIterator()) {
            while (messages.hasNext()) {
                org.apache.activemq.artemis.api.core.Message m = messages.next().getMessage();
                if (outboundId.equals(m.getStringProperty("RailheadEdiOutboundId"))) {
                    Map<String, String> properties = new HashMap<>();
                    for (String name : List.of("RailheadErrorClass", "RailheadErrorMessage", "RailheadAttempt")) {
                        Object value = m.getObjectProperty(name);
                        properties.put(name, value == null ? null : String.valueOf(value));
                    }
                    return properties;
                }
            }
        }
        return null;
    }

    // --- the partner side ---

    private static HttpCoreContext sendToHub(String as2From, PrivateKey signingKey, X509Certificate signingCert,
                                             byte[] payload, String fileName) {
        return sendToHub(AS2MessageStructure.SIGNED_ENCRYPTED, true, null, as2From, signingKey, signingCert, payload,
                fileName);
    }

    /** ACME's software sending with the given protection, asking for a synchronous MDN or not, or an asynchronous one. */
    private static HttpCoreContext sendAsAcme(AS2MessageStructure structure, boolean mdn, String asyncMdnUrl,
                                              byte[] payload, String fileName) {
        return sendToHub(structure, mdn, asyncMdnUrl, ACME_AS2, ACME_KEYS.getPrivate(), ACME_CERT, payload, fileName);
    }

    private static HttpCoreContext sendToHub(AS2MessageStructure structure, boolean mdn, String asyncMdnUrl,
                                             String as2From, PrivateKey signingKey, X509Certificate signingCert,
                                             byte[] payload, String fileName) {
        Map<String, Object> args = new HashMap<>();
        args.put("CamelAs2.requestUri", "/as2");
        args.put("CamelAs2.subject", "EDI " + fileName);
        args.put("CamelAs2.from", "edi@partner.test");
        args.put("CamelAs2.as2From", as2From);
        args.put("CamelAs2.as2To", HUB_AS2);
        args.put("CamelAs2.as2MessageStructure", structure);
        args.put("CamelAs2.ediMessageContentType", "application/edi-x12");
        args.put("CamelAs2.ediMessageCharset", "ISO-8859-1");
        args.put("CamelAs2.ediMessageTransferEncoding", "binary");
        args.put("CamelAs2.signingAlgorithm", AS2SignatureAlgorithm.SHA256WITHRSA);
        args.put("CamelAs2.signingCertificateChain", new Certificate[]{signingCert});
        args.put("CamelAs2.signingPrivateKey", signingKey);
        args.put("CamelAs2.encryptingAlgorithm", AS2EncryptionAlgorithm.AES256_CBC);
        args.put("CamelAs2.encryptingCertificateChain", new Certificate[]{HUB_CERT});
        if (mdn || asyncMdnUrl != null) {
            args.put("CamelAs2.dispositionNotificationTo", "edi@partner.test");
            args.put("CamelAs2.signedReceiptMicAlgorithms", "sha-256");
        }
        if (asyncMdnUrl != null) {
            args.put("CamelAs2.receiptDeliveryOption", asyncMdnUrl);
        }
        args.put("CamelAs2.attachedFileName", fileName);
        ProducerTemplate client = partnerSide.createProducerTemplate();
        String uri = "as2:client/send?inBody=ediMessage&targetHostname=127.0.0.1&targetPortNumber=" + HUB_PORT;
        Exchange exchange = client.request(uri, e -> {
            e.getMessage().setBody(new String(payload, StandardCharsets.ISO_8859_1));
            e.getMessage().setHeaders(new HashMap<>(args));
        });
        if (exchange.getException() != null && rootCause(exchange.getException()).startsWith("java.net.SocketException")) {
            // camel-as2's client pools the connection of an answer without MDN (4xx) although that
            // connection is gone; the next message on it fails to write. AS2 software sends again.
            exchange = client.request(uri, e -> {
                e.getMessage().setBody(new String(payload, StandardCharsets.ISO_8859_1));
                e.getMessage().setHeaders(new HashMap<>(args));
            });
        }
        Exchange sent = exchange;
        assertThat(sent.getException()).as(() -> "send failed: " + rootCause(sent.getException())).isNull();
        return sent.getProperty(AS2Constants.AS2_INTERCHANGE, HttpCoreContext.class);
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t != null && t.getCause() != null) {
            t = t.getCause();
        }
        return t == null ? "" : t.toString();
    }

    /** The hub's MDN, after checking that the hub signed it. */
    private static AS2MessageDispositionNotificationEntity signedMdn(HttpCoreContext as2) {
        assertThat(as2.getResponse().getCode()).isEqualTo(200);
        Object entity = ((ClassicHttpResponse) as2.getResponse()).getEntity();
        assertThat(entity).isInstanceOf(MultipartSignedEntity.class);
        MultipartSignedEntity signed = (MultipartSignedEntity) entity;
        assertThat(SigningUtils.isValid(signed, new Certificate[]{HUB_CERT})).as("MDN signed by the hub").isTrue();
        DispositionNotificationMultipartReportEntity report =
                (DispositionNotificationMultipartReportEntity) signed.getSignedDataEntity();
        for (int i = 0; i < report.getPartCount(); i++) {
            if (report.getPart(i) instanceof AS2MessageDispositionNotificationEntity mdn) {
                return mdn;
            }
        }
        throw new AssertionError("no disposition notification in the MDN");
    }

    private static void record(String path, Exchange exchange) throws Exception {
        HttpCoreContext context = exchange.getProperty(AS2Constants.AS2_INTERCHANGE, HttpCoreContext.class);
        // camel-as2 keeps one HttpContext per keep-alive connection: GLOBEX's "decryption-failed" must
        // not stick to the next message on it (the hub's As2Inbound does the same).
        context.removeAttribute(ResponseMDN.DISPOSITION_MODIFIER);
        Object body = exchange.getMessage().getBody();
        byte[] bytes = body instanceof InputStream in ? in.readAllBytes()
                : String.valueOf(body).getBytes(StandardCharsets.ISO_8859_1);
        RECEIVED.add(new Received(path, context.getRequest().getFirstHeader(AS2Header.AS2_FROM).getValue(),
                context.getRequest().getFirstHeader(AS2Header.AS2_TO).getValue(),
                fileName(context), bytes));
    }

    /** The file name the hub attached, from the decrypted EDI part's Content-Disposition. */
    private static String fileName(HttpCoreContext context) throws HttpException {
        var enveloped = (ApplicationPkcs7MimeEnvelopedDataEntity) ((ClassicHttpRequest) context.getRequest()).getEntity();
        var signed = (MultipartSignedEntity) enveloped.getEncryptedEntity(ACME_KEYS.getPrivate());
        Header disposition = signed.getSignedDataEntity().getFirstHeader(AS2Header.CONTENT_DISPOSITION);
        return disposition == null ? null : As2Inbound.fileNameParameter(disposition.getValue());
    }

    // --- fixtures ---

    /** A 997 accepting one 850, enveloped for the partner as the hub writes it (valid against its schema). */
    private EdiOutbound.Document ack997(String partnerId) {
        return envelopes.build(partners.require(partnerId), "FA", "997", "004010", List.of(w -> w
                .segment("AK1", "PO", "101").segment("AK2", "850", "0001").segment("AK5", "A")
                .segment("AK9", "A", 1, 1, 1)));
    }

    private List<String> archived(String partnerId, String fileName) {
        return jdbc.queryForList("select id from edi_archive where partner_id = :partner and file_name = :file",
                Map.of("partner", partnerId, "file", fileName), String.class);
    }

    private long archiveCount() {
        return jdbc.queryForObject("select count(*) from edi_archive", Map.of(), Long.class);
    }

    private static String x12(String set, String name) {
        return "ISA*00*          *00*          *ZZ*ACMEEDI        *ZZ*RAILHEAD       *250101*1200*U*00401*000000101*0*T*>~\n"
                + "GS*PO*ACMEEDI*RAILHEAD*20250101*1200*101*X*004010~\n"
                + "ST*" + set + "*0001~\n"
                + "N1*ST*" + name + "~\n"
                + "SE*3*0001~\n"
                + "GE*1*101~\n"
                + "IEA*1*000000101~\n";
    }

    private static String profile(String id, String isaId, String as2Name, String path, String certificate) {
        return """
                id: %s
                name: %s test partner
                interchange:
                  qualifier: ZZ
                  id: %s
                  receiverQualifier: ZZ
                  receiverId: RAILHEAD
                documents: ["850", "997"]
                transport:
                  type: as2
                  as2From: %s
                  url: http://127.0.0.1:%d/%s
                  partnerCertificate: %s
                """.formatted(id, id, isaId, as2Name, PARTNER_PORT, path, certificate);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair keys, String cn, long serial) throws Exception {
        X500Name name = new X500Name("CN=" + cn + ",O=Railhead Test");
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(serial), Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(365, ChronoUnit.DAYS)), name, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    }

    private static void pem(Path file, X509Certificate cert) throws IOException {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(cert);
        }
    }
}
