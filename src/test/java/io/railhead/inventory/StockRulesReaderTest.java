package io.railhead.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stock rules file: the issue's example reads as meant; every refusal names the line and the reason. */
class StockRulesReaderTest {

    static final List<String> TYPES = List.of("shopify", "amazon", "walmart", "square", "edi");
    static final String EXAMPLE = """
            locations:
              DC-EAST: {}
              STORE-12: {posSourceAccounts: [SQ-LOC-12]}
            channels:
              shopify:  {locations: [DC-EAST, STORE-12], safetyStock: 2, locationId: "gid://shopify/Location/1001"}
              amazon:   {locations: [DC-EAST], safetyStock: 5, allocationPercent: 50}
              walmart:  {locations: [DC-EAST], maxListed: 20}
              square:   {locations: [STORE-12], locationId: SQ-LOC-12}
              brightmart: {type: edi, partner: brightmart, locations: [DC-EAST], push: false}
            skus:
              TEE-ORG-M-BLK:
                safetyStock: {amazon: 3}
                shopify: {inventoryItemId: "gid://shopify/InventoryItem/4001"}
                amazon: {sku: TEE-M-BLK-AMZ}
            kits:
              GIFT-SET-A: {MUG-STN-12: 2, TEE-ORG-M-BLK: 1}
            """;

    @TempDir
    Path dir;

    StockRules read(String yaml) throws IOException {
        Path f = dir.resolve("stock.yml");
        Files.writeString(f, yaml);
        return StockRulesReader.read(f, TYPES);
    }

    @Test
    void theIssuesExampleReadsAsMeant() throws IOException {
        StockRules r = read(EXAMPLE);
        StockChannel amazon = r.channels().get("amazon");
        assertThat(amazon.allocationPercent()).isEqualTo(50);
        assertThat(r.safetyStock(amazon, "TEE-ORG-M-BLK")).isEqualTo(3);
        assertThat(r.safetyStock(amazon, "OTHER")).isEqualTo(5);
        assertThat(r.item(amazon, "TEE-ORG-M-BLK", 4, null, null).channelSku()).isEqualTo("TEE-M-BLK-AMZ");
        assertThat(r.item(r.channels().get("shopify"), "TEE-ORG-M-BLK", 4, null, null).channelItemId())
                .isEqualTo("gid://shopify/InventoryItem/4001");
        assertThat(r.channels().get("brightmart").type()).isEqualTo("edi");
        assertThat(r.channels().get("brightmart").setting("partner")).isEqualTo("brightmart");
        assertThat(r.pushedChannels()).extracting(StockChannel::name).doesNotContain("brightmart");
        assertThat(r.posLocation("SQ-LOC-12")).isEqualTo("STORE-12");
        assertThat(r.kitsContaining(List.of("MUG-STN-12"))).containsExactly("GIFT-SET-A");
        assertThat(r.channels().get("walmart").maxListed()).isEqualTo(20);
    }

    @Test
    void refusalsNameTheLineAndTheReason() {
        assertRefused(EXAMPLE.replace("allocationPercent: 50", "allocationPercent: 150"), 6, "between 0 and 100");
        assertRefused(EXAMPLE.replace("[DC-EAST], maxListed", "[DC-WEST], maxListed"), 7, "location DC-WEST");
        assertRefused(EXAMPLE.replace("safetyStock: 2,", "safetyStok: 2,"), 5, "");
        assertRefused(EXAMPLE.replace("type: edi", "type: telex"), 9, "no adapter pushes stock to type 'telex'");
        assertRefused(EXAMPLE.replace("MUG-STN-12: 2", "MUG-STN-12: 2.5"), 16, "whole number");
        assertRefused(EXAMPLE.replace("kits:", "kitz:"), 15, "unknown key 'kitz'");
        assertRefused(EXAMPLE.replace("  DC-EAST: {}", "  DC-EAST: {]"), 2, "not valid YAML");
    }

    private void assertRefused(String yaml, int line, String reason) {
        assertThatThrownBy(() -> read(yaml)).isInstanceOfSatisfying(StockRulesException.class, e -> {
            assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
            assertThat(e.reason()).contains(reason);
            assertThat(e.getMessage()).contains("stock.yml:" + line);
        });
    }

    @Test
    void theCrossReferenceCsvAddsChannelIdsTheFileDoesNotGive() throws IOException {
        Files.writeString(dir.resolve("xref.csv"), "sku,channel,channelSku,channelItemId\nMUG-1,shopify,,gid://x/1\n"
                + "TEE-ORG-M-BLK,shopify,,gid://x/overridden\n");
        StockRules r = read(EXAMPLE + "crossReference: xref.csv\n");
        StockChannel shopify = r.channels().get("shopify");
        assertThat(r.item(shopify, "MUG-1", 1, null, null).channelItemId()).isEqualTo("gid://x/1");
        assertThat(r.item(shopify, "TEE-ORG-M-BLK", 1, null, null).channelItemId()).isEqualTo("gid://shopify/InventoryItem/4001");
    }
}
