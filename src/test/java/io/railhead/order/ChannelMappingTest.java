package io.railhead.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.railhead.shared.HubProperties;
import io.railhead.support.ShippedDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven check of every channel mapping {@code mappings/<channel>/<channel>-order-to-canonical.jslt}:
 * each folder {@code src/test/resources/mappings/<channel>/<case>/} holds a channel payload
 * ({@code input.json}) and the canonical order it must become ({@code expected.json}) through the hub's
 * whole read path ({@link OrderNormalizer}: mapping, number checks, enrichment), as intake runs it. The
 * number checks must find nothing, unless the case names the holds they must find ({@code holds.json},
 * reason → detail); its {@code expected.json} is then the order without the values the checks took out
 * (a weighed quantity). Mappings are read from disk as the running hub reads them, so a mapping change is
 * tested without rebuilding the hub.
 */
class ChannelMappingTest {

    private static final Path FIXTURES = Path.of("src/test/resources/mappings");
    private static final OrderNormalizer NORMALIZER = new OrderNormalizer(ShippedDefaults.bind(ValidationProperties.class),
            new HubProperties(null, Path.of("mappings"), null, null, null, null), true);

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> cases = Files.find(FIXTURES, 2, (p, a) -> a.isDirectory() && p.getNameCount() == FIXTURES.getNameCount() + 2
                && Files.exists(p.resolve("input.json")))) {
            return cases.map(p -> FIXTURES.relativize(p).toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void mapsChannelPayloadToExpectedCanonical(String fixture) throws IOException {
        String channel = Path.of(fixture).getName(0).toString();
        Path holds = FIXTURES.resolve(fixture).resolve("holds.json");
        OrderNormalizer.Read read = NORMALIZER.normalize(channel, "fixture-account",
                Files.readString(FIXTURES.resolve(fixture).resolve("input.json")));
        assertThat(read.order()).as(read.unreadable() + ": " + read.cause()).isNotNull();
        Map<String, String> found = new TreeMap<>();
        read.holds().forEach((reason, detail) -> found.put(reason.name(), detail));
        assertThat(found).as("the number checks' findings").isEqualTo(Files.exists(holds)
                ? OrderJson.MAPPER.readValue(holds.toFile(), new TypeReference<TreeMap<String, String>>() { })
                : Map.of());
        CanonicalOrder mapped = read.order();
        JsonNode expected = OrderJson.MAPPER.readTree(FIXTURES.resolve(fixture).resolve("expected.json").toFile());
        assertThat(OrderJson.tree(mapped)).as(OrderJson.write(mapped)).isEqualTo(expected);
    }
}
