package io.railhead.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.railhead.shared.HubProperties;
import io.railhead.support.ShippedDefaults;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one path from a channel payload to a canonical order: what it reads, and the reason it gives
 * for each payload it cannot read (never an exception to the caller).
 */
class OrderNormalizerTest {

    private static final ValidationProperties RULES = ShippedDefaults.bind(ValidationProperties.class);

    private static OrderNormalizer normalizer(Path mappings, boolean cache) {
        return new OrderNormalizer(RULES, new HubProperties(null, mappings, null, null, null, null), cache);
    }

    private static String shopifySample() throws IOException {
        return Files.readString(Path.of("src/test/resources/mappings/shopify/paid-taxes-excluded/input.json"));
    }

    @Test
    void mapsAPayloadIntoTheEnrichedCanonicalOrder() throws IOException {
        OrderNormalizer.Read read = normalizer(Path.of("mappings"), true).normalize("shopify", "shop-a", shopifySample());

        assertThat(read.unreadable()).isNull();
        assertThat(read.holds()).isEmpty();
        CanonicalOrder order = read.order();
        assertThat(order.channel()).isEqualTo("shopify");
        assertThat(order.sourceAccount()).isEqualTo("shop-a");
        assertThat(order.channelOrderId()).isNotBlank();
        assertThat(order.lines()).isNotEmpty();
        // Decimals reach the order exactly as sent, trailing zeros kept.
        assertThat(order.lines().get(0).unitPrice().scale()).isEqualTo(2);
        assertThat(order.totals().grandTotal()).isGreaterThan(BigDecimal.ZERO);
    }

    @Test
    void aPayloadThatIsNotJsonIsUnparseable() {
        OrderNormalizer.Read read = normalizer(Path.of("mappings"), true).normalize("shopify", "shop-a", "{\"id\": ");

        assertThat(read.order()).isNull();
        assertThat(read.unreadable()).isEqualTo(HoldReason.UNPARSEABLE);
        assertThat(read.cause()).startsWith("the payload is not JSON");
    }

    @Test
    void aMappingMayNameTheHoldReasonOfItsError() throws IOException {
        String fractionalId = shopifySample().replaceFirst("\"id\":\\s*(\\d+)", "\"id\": $1.5");

        OrderNormalizer.Read read = normalizer(Path.of("mappings"), true).normalize("shopify", "shop-a", fractionalId);

        assertThat(read.unreadable()).isEqualTo(HoldReason.UNPARSEABLE);
        assertThat(read.cause()).contains("is not a whole number");
    }

    @Test
    void aChannelWithoutAMappingFailsToMapAndSaysWhich() {
        OrderNormalizer normalizer = normalizer(Path.of("mappings"), true);

        OrderNormalizer.Read missing = normalizer.normalize("etsy", "a", "{}");
        OrderNormalizer.Read hostile = normalizer.normalize("../shopify", "a", "{}");

        assertThat(missing.unreadable()).isEqualTo(HoldReason.MAPPING_FAILED);
        assertThat(missing.cause()).contains("no mapping for channel 'etsy'");
        assertThat(hostile.unreadable()).isEqualTo(HoldReason.MAPPING_FAILED);
        assertThat(hostile.cause()).contains("no mapping for channel '../shopify'");
    }

    @Test
    void aMappingWithoutAnOrderIdFailsToMap(@TempDir Path dir) throws IOException {
        write(dir, "{\"channel\": \"test\", \"lines\": []}");

        OrderNormalizer.Read read = normalizer(dir, true).normalize("test", "a", "{}");

        assertThat(read.unreadable()).isEqualTo(HoldReason.MAPPING_FAILED);
        assertThat(read.cause()).isEqualTo("mapping produced no channelOrderId");
    }

    @Test
    void anEditedMappingAppliesToTheNextPayloadOnlyWithoutTheCache(@TempDir Path dir) throws IOException {
        write(dir, "{\"channel\": \"test\", \"channelOrderId\": \"v1-\" + .id}");
        OrderNormalizer cached = normalizer(dir, true);
        OrderNormalizer live = normalizer(dir, false);
        assertThat(cached.normalize("test", "a", "{\"id\": \"7\"}").order().channelOrderId()).isEqualTo("v1-7");
        assertThat(live.normalize("test", "a", "{\"id\": \"7\"}").order().channelOrderId()).isEqualTo("v1-7");

        write(dir, "{\"channel\": \"test\", \"channelOrderId\": \"v2-\" + .id}");

        assertThat(cached.normalize("test", "a", "{\"id\": \"7\"}").order().channelOrderId()).isEqualTo("v1-7");
        assertThat(live.normalize("test", "a", "{\"id\": \"7\"}").order().channelOrderId()).isEqualTo("v2-7");
    }

    private static void write(Path dir, String mapping) throws IOException {
        Files.createDirectories(dir.resolve("test"));
        Files.writeString(dir.resolve("test").resolve("test-order-to-canonical.jslt"), mapping);
    }
}
