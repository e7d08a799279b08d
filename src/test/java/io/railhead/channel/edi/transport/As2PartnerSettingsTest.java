package io.railhead.channel.edi.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.railhead.channel.edi.partner.PartnerProfile;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.component.as2.api.AS2MessageStructure;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.junit.jupiter.api.Test;

/** AS2 partner settings as read from a profile, and the names the inbound side derives from a message. */
class As2PartnerSettingsTest {

    private static PartnerProfile partner(Map<String, Object> settings) {
        PartnerProfile.Transport transport = new PartnerProfile.Transport();
        transport.setType("as2");
        settings.forEach(transport::set);
        return new PartnerProfile("acme", "ACME", null, null, null, transport, null, null, null, null, null, null);
    }

    private static Map<String, Object> minimal() {
        return Map.of("as2From", "ACME-AS2", "url", "https://as2.acme.example:4443/as2/in", "partnerCertificate",
                "acme.pem");
    }

    @Test
    void minimalProfile_signsEncryptsAndAddressesThePartnerByItsOwnName() {
        As2PartnerSettings settings = As2PartnerSettings.of(partner(minimal()));

        assertThat(settings.structure()).isEqualTo(AS2MessageStructure.SIGNED_ENCRYPTED);
        assertThat(settings.as2ToOrDefault()).isEqualTo("ACME-AS2");
        assertThat(settings.ourAs2IdOr("RAILHEAD")).isEqualTo("RAILHEAD");
        assertThat(settings.micAlgorithmOrDefault()).isEqualTo("sha-256");
        assertThat(settings.charsetOrDefault()).isEqualTo("ISO-8859-1");
    }

    @Test
    void unknownKey_isRefusedWithThePartner() {
        Map<String, Object> settings = new HashMap<>(minimal());
        settings.put("encrypted", false);

        assertThatThrownBy(() -> As2PartnerSettings.of(partner(settings)))
                .hasMessageContaining("partner acme").hasMessageContaining("encrypted");
    }

    @Test
    void missingPiecesAndAsyncMdn_areAllReportedAtOnce() {
        assertThatThrownBy(() -> As2PartnerSettings.of(partner(Map.of("url", "ftp://acme.example/in", "mdn", "async",
                "encryptionAlgorithm", "ROT13"))))
                .hasMessageContaining("as2From")
                .hasMessageContaining("url must be an http:// or https:// URL")
                .hasMessageContaining("partnerCertificate")
                .hasMessageContaining("asynchronous MDNs are not supported")
                .hasMessageContaining("encryptionAlgorithm");
    }

    @Test
    void signOnly_isASignedMessage() {
        Map<String, Object> settings = new HashMap<>(minimal());
        settings.put("encrypt", false);

        assertThat(As2PartnerSettings.of(partner(settings)).structure()).isEqualTo(AS2MessageStructure.SIGNED);
    }

    @Test
    void as2Names_arePrintableAsciiOfAtMost128Characters() {
        assertThat(As2PartnerSettings.validAs2Name("ACME AS2")).isTrue();
        assertThat(As2PartnerSettings.validAs2Name(" ACME")).isFalse();
        assertThat(As2PartnerSettings.validAs2Name("A".repeat(129))).isFalse();
        assertThat(As2PartnerSettings.validAs2Name("ACM\u00c9")).isFalse();
    }

    @Test
    void partnerFileName_losesAnyPathAndUnsafeCharacters_orFallsBackToTheMessageId() {
        assertThat(As2Inbound.fileNameParameter("attachment; filename=\"../../etc/po 1.edi\"")).isEqualTo("../../etc/po 1.edi");
        assertThat(As2Inbound.fileName("../../etc/po 1.edi", null, "<m1@acme>")).isEqualTo("po_1.edi");
        assertThat(As2Inbound.fileName("..", null, "<m1@acme>")).isEqualTo("_");
        assertThat(As2Inbound.fileName(null, new BasicClassicHttpRequest("POST", "/as2"),
                "<m1@acme.example>")).isEqualTo("m1@acme.example");
    }
}
