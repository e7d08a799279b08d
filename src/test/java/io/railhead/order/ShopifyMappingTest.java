package io.railhead.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.Parser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven check of {@code mappings/shopify/shopify-order-to-canonical.jslt}: every folder
 * under {@code src/test/resources/mappings/shopify/} holds a Shopify payload and the canonical
 * order it must become (after the hub's enrichment). The mapping is read from disk, as the
 * running hub reads it, so a mapping change is tested without a rebuild of the hub.
 */
class ShopifyMappingTest {

    private static final Path FIXTURES = Path.of("src/test/resources/mappings/shopify");
    private static final ObjectMapper CHANNEL_JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static Expression mapping;

    @BeforeAll
    static void compileMapping() throws IOException {
        mapping = Parser.compileString(Files.readString(Path.of("mappings/shopify/shopify-order-to-canonical.jslt")));
    }

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> dirs = Files.list(FIXTURES)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void mapsShopifyOrderToExpectedCanonical(String fixture) throws IOException {
        JsonNode input = CHANNEL_JSON.readTree(FIXTURES.resolve(fixture).resolve("input.json").toFile());
        CanonicalOrder mapped = CanonicalEnricher.enrich(OrderJson.read(mapping.apply(input).toString()),
                "fixture.myshopify.com");
        JsonNode expected = OrderJson.MAPPER.readTree(FIXTURES.resolve(fixture).resolve("expected.json").toFile());
        assertThat(OrderJson.tree(mapped)).as(OrderJson.write(mapped)).isEqualTo(expected);
    }
}
