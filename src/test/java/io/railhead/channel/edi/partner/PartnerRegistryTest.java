package io.railhead.channel.edi.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.railhead.channel.edi.EdiProperties;
import io.railhead.support.ShippedDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** Partner profiles: a file is a partner, a broken file is refused with its name and reason. */
class PartnerRegistryTest {

    @TempDir
    Path dir;

    private PartnerRegistry registry() {
        return new PartnerRegistry(ShippedDefaults.bind(EdiProperties.class, Map.of("railhead.edi.partners-dir", dir.toString())), new MockEnvironment()
                .withProperty("EDI_ROOT", "/srv/edi"));
    }

    private void write(String name, String yaml) throws Exception {
        Files.writeString(dir.resolve(name), yaml);
    }

    private static final String MINIMAL = """
            id: %s
            interchange: {qualifier: ZZ, id: %s, receiverQualifier: ZZ, receiverId: RAILHEADDEMO}
            documents: ["850", "997"]
            transport: {type: file, inbox: ${EDI_ROOT}/in, outbox: ${EDI_ROOT}/out}
            """;

    @Test
    void aFileIsAPartner_withDefaultsAndPlaceholders() throws Exception {
        write("acme.yml", MINIMAL.formatted("acme", "ACME"));
        PartnerRegistry r = registry();
        PartnerProfile p = r.bySender("ZZ", "ACME     ").orElseThrow();
        assertThat(p.id()).isEqualTo("acme");
        assertThat(p.transport().setting("inbox")).isEqualTo("/srv/edi/in");
        assertThat(p.itemQualifiers()).containsExactly("VN");
        assertThat(p.groupVersion()).isEqualTo("004010");
        assertThat(p.partnerGroupCode()).isEqualTo("ACME");
        assertThat(p.sendsFunctionalAcks()).isTrue();
        assertThat(r.bySender("ZZ", "OTHER")).isEmpty();

        write("zeta.yaml", MINIMAL.formatted("zeta", "ZETA"));
        assertThat(r.reload()).extracting(PartnerProfile::id).containsExactly("acme", "zeta");
    }

    @Test
    void brokenProfiles_areRefusedWithFileAndReason() throws Exception {
        write("bad.yml", MINIMAL.formatted("Bad Id", "BAD").replace("\"997\"", "\"999\""));
        assertThatThrownBy(this::registry).hasMessageContaining("bad.yml")
                .hasMessageContaining("id must be lower-case").hasMessageContaining("document 999 is not supported");

        write("bad.yml", MINIMAL.formatted("bad", "BAD").replace("documents:", "documentz:"));
        assertThatThrownBy(this::registry).hasMessageContaining("bad.yml").hasMessageContaining("documentz");

        write("bad.yml", MINIMAL.formatted("bad", "BAD").replace("inbox: ${EDI_ROOT}/in, ", ""));
        assertThatThrownBy(this::registry).hasMessageContaining("a file transport needs inbox and outbox");
    }

    @Test
    void anInventoryAdvice_needsAnIntervalAnd846InTheDocuments() throws Exception {
        write("acme.yml", MINIMAL.formatted("acme", "ACME").replace("\"997\"]", "\"997\", \"846\"]")
                + "inventoryAdvice: {interval: 15m}\n");
        assertThat(registry().require("acme").inventoryAdviceInterval()).hasMinutes(15);
        assertThat(registry().require("acme").inventoryAdvice().reportTypeOrDefault()).isEqualTo("SI");

        write("acme.yml", MINIMAL.formatted("acme", "ACME") + "inventoryAdvice: {interval: often, reportType: S}\n");
        assertThatThrownBy(this::registry).hasMessageContaining("acme.yml")
                .hasMessageContaining("inventoryAdvice.interval must be a positive duration")
                .hasMessageContaining("documents does not list 846")
                .hasMessageContaining("two-character BIA02 code");
    }

    @Test
    void twoProfilesForOneSender_areRefused() throws Exception {
        write("a.yml", MINIMAL.formatted("a", "SAME"));
        write("b.yml", MINIMAL.formatted("b", "SAME"));
        assertThatThrownBy(this::registry).hasMessageContaining("b.yml").hasMessageContaining("already used by a");
    }

    @Test
    void theShippedSampleProfileLoads() {
        PartnerRegistry r = new PartnerRegistry(ShippedDefaults.bind(EdiProperties.class),
                new MockEnvironment().withProperty("railhead.data-dir", "/tmp/data"));
        assertThat(r.find("brightmart")).isPresent();
        assertThat(r.require("brightmart").itemXref()).containsEntry("UP:012345678905", "MUG-CLASSIC-12");
    }
}
