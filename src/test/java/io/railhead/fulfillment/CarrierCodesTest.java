package io.railhead.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.railhead.shared.ConfigFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/** The carriers file: the shipped sample, codes by name in any case, the "other" case, and each mistake refused with its line. */
class CarrierCodesTest {

    static final Set<String> CHANNELS = Set.of("shopify", "amazon", "walmart", "edi");

    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path f = dir.resolve("carriers.yml");
        Files.writeString(f, text);
        return f;
    }

    private ConfigFileException refusal(String text) throws Exception {
        Path f = file(text);
        return (ConfigFileException) catchThrowable(() -> CarrierCodesReader.read(f, CHANNELS));
    }

    static final String SAMPLE = """
            carriers:
              UPS: {shopify: "UPS", amazon: "UPS", walmart: "UPS"}
              FedEx: {shopify: "FedEx", amazon: "FedEx", walmart: "FedEx"}
              USPS: {shopify: "USPS", amazon: "USPS", walmart: "USPS"}
              DHL: {shopify: "DHL Express", amazon: "DHL", walmart: "DHL"}
              Acme Freight: {}
            """;

    @Test
    void theShippedFileReads() {
        assertThat(CarrierCodesReader.read(Path.of("config/fulfillment/carriers.yml"), CHANNELS).size()).isPositive();
    }

    @Test
    void codesPerChannel_namesInAnyCase_noCodeForACarrierOrChannelNotListed() throws Exception {
        CarrierCodes codes = CarrierCodesReader.read(file(SAMPLE), CHANNELS);
        assertThat(codes.code("UPS", "amazon")).hasValue("UPS");
        assertThat(codes.code("fedex", "walmart")).as("any case").hasValue("FedEx");
        assertThat(codes.code(" usps ", "shopify")).hasValue("USPS");
        assertThat(codes.code("DHL", "shopify")).hasValue("DHL Express");
        assertThat(codes.code("Acme Freight", "amazon")).as("listed without codes: the other form").isEmpty();
        assertThat(codes.code("Speedy Couriers", "walmart")).as("not listed").isEmpty();
        assertThat(codes.code("UPS", "square")).as("a channel without a code").isEmpty();
        assertThat(codes.code(null, "amazon")).isEmpty();
        assertThat(codes.channels()).containsExactly("amazon", "shopify", "walmart");
    }

    @Test
    void anEmptyFileKnowsNoCarrier() throws Exception {
        assertThat(CarrierCodesReader.read(file(""), CHANNELS).size()).isZero();
        assertThat(CarrierCodesReader.read(file("carriers:\n"), CHANNELS).code("UPS", "amazon")).isEmpty();
    }

    @Test
    void aChannelNoRelayServes_isRefusedWithItsLine() throws Exception {
        ConfigFileException e = refusal("carriers:\n  UPS: {shopify: UPS}\n  FedEx:\n    amazom: FedEx\n");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.reason()).contains("carrier FedEx").contains("'amazom'").contains("amazon, edi, shopify, walmart");
        assertThat(e.file()).isEqualTo(dir.resolve("carriers.yml"));
    }

    @Test
    void aCarrierListedTwiceInAnotherCase_isRefused() throws Exception {
        ConfigFileException e = refusal("carriers:\n  UPS: {amazon: UPS}\n  ups: {walmart: UPS}\n");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).contains("ups is listed twice").contains("also as UPS");
    }

    @Test
    void otherMistakesAreRefusedWithTheirLines() throws Exception {
        assertThat(refusal("carrier:\n  UPS: {}\n").reason()).contains("unknown key 'carrier'");
        assertThat(refusal("carriers:\n  UPS: UPS\n")).satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.reason()).contains("carrier UPS must be a mapping");
        });
        assertThat(refusal("carriers:\n  UPS:\n    amazon: \"\"\n")).satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.reason()).contains("amazon code of carrier UPS must be a non-empty value");
        });
        assertThat(refusal("carriers:\n  UPS: {amazon: [UPS]}\n").reason()).contains("must be a non-empty value");
        assertThat(refusal("carriers: {UPS: {amazon: UPS\n").reason()).contains("not valid YAML");
    }

    @Test
    void theFileInForce_readOnceTheRelaysExist_andAgainWhenItChanges_aBrokenChangeKeepsTheOldCodes() throws Exception {
        Path f = file("carriers:\n  UPS: {amazon: UPS}\n");
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        for (String channel : List.of("amazon", "walmart")) {
            beans.registerSingleton(channel, new ShipmentRelayTarget() {
                @Override
                public String channel() {
                    return channel;
                }

                @Override
                public RelayResult relay(RelayedShipment shipment) {
                    return RelayResult.accepted(null);
                }
            });
        }
        CarrierCodesFile codes = new CarrierCodesFile(new FulfillmentProperties(f, null, null, null, null, false),
                beans.getBeanProvider(ShipmentRelayTarget.class));
        codes.afterSingletonsInstantiated();
        assertThat(codes.get().code("ups", "amazon")).hasValue("UPS");

        Files.writeString(f, "carriers:\n  UPS: {amazon: UPS, walmart: UPS}\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(codes.get().code("UPS", "walmart")).as("reloaded").hasValue("UPS");

        Files.writeString(f, "carriers:\n  UPS: {shopify: UPS}\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(codes.get().code("UPS", "walmart")).as("shopify has no relay here: refused, old codes stay")
                .hasValue("UPS");
    }

    @Test
    void aBrokenFileStopsTheStart() throws Exception {
        Path f = file("carriers:\n  UPS: {amazon: UPS}\n");
        CarrierCodesFile codes = new CarrierCodesFile(new FulfillmentProperties(f, null, null, null, null, false),
                new DefaultListableBeanFactory().getBeanProvider(ShipmentRelayTarget.class));
        assertThatThrownBy(codes::afterSingletonsInstantiated).isInstanceOf(FulfillmentConfigException.class)
                .hasMessageContaining("carriers.yml:2").hasMessageContaining("no shipment relay serves channel 'amazon'");
    }

    @Test
    void namesDifferingInCaseAreOneCarrier_inCode() {
        assertThatThrownBy(() -> new CarrierCodes(Map.of("UPS", Map.of(), "Ups", Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
