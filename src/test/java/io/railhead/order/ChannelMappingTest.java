package io.railhead.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.Parser;
import io.railhead.shared.HubProperties;
import io.railhead.shared.MappingObjectMapper;
import io.railhead.support.ShippedDefaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven check of every channel mapping {@code mappings/<channel>/<channel>-order-to-canonical.jslt}:
 * each folder {@code src/test/resources/mappings/<channel>/<case>/} holds a channel payload
 * ({@code input.json}) and the canonical order it must become after the hub's enrichment
 * ({@code expected.json}). A case may also name the holds the number checks must find
 * ({@code holds.json}, reason → detail, {@code {}} for none): it then runs the hub's whole read path
 * ({@link OrderNormalizer}: mapping, number checks, enrichment), and its {@code expected.json} is the
 * order without the values the checks took out (a weighed quantity). Mappings are read from disk as
 * the running hub reads them, so a mapping change is tested without rebuilding the hub.
 */
class ChannelMappingTest {

    private static final Path FIXTURES = Path.of("src/test/resources/mappings");
    private static final ObjectMapper CHANNEL_JSON = new MappingObjectMapper();
    private static final Map<String, Expression> MAPPINGS = new ConcurrentHashMap<>();
    private static final OrderNormalizer NORMALIZER = new OrderNormalizer(ShippedDefaults.bind(ValidationProperties.class),
            new HubProperties(null, Path.of("mappings"), null, null, null, null), true);

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> cases = Files.find(FIXTURES, 2, (p, a) -> a.isDirectory() && p.getNameCount() == FIXTURES.getNameCount() + 2
                && Files.exists(p.resolve("input.json")))) {
            return cases.map(p -> FIXTURES.relativize(p).toString()).sorted().toList().stream();
        }
    }

    private static Expression mapping(String channel) {
        return MAPPINGS.computeIfAbsent(channel, c -> {
            try {
                return Parser.compileString(Files.readString(Path.of("mappings", c, c + "-order-to-canonical.jslt")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void mapsChannelPayloadToExpectedCanonical(String fixture) throws IOException {
        String channel = Path.of(fixture).getName(0).toString();
        Path holds = FIXTURES.resolve(fixture).resolve("holds.json");
        CanonicalOrder mapped;
        if (Files.exists(holds)) {
            OrderNormalizer.Read read = NORMALIZER.normalize(channel, "fixture-account",
                    Files.readString(FIXTURES.resolve(fixture).resolve("input.json")));
            assertThat(read.order()).as(read.unreadable() + ": " + read.cause()).isNotNull();
            Map<String, String> found = new TreeMap<>();
            read.holds().forEach((reason, detail) -> found.put(reason.name(), detail));
            assertThat(found).isEqualTo(OrderJson.MAPPER.readValue(holds.toFile(),
                    new TypeReference<TreeMap<String, String>>() { }));
            mapped = read.order();
        } else {
            JsonNode input = CHANNEL_JSON.readTree(FIXTURES.resolve(fixture).resolve("input.json").toFile());
            mapped = CanonicalEnricher.enrich(OrderJson.read(mapping(channel).apply(input).toString()), "fixture-account");
        }
        JsonNode expected = OrderJson.MAPPER.readTree(FIXTURES.resolve(fixture).resolve("expected.json").toFile());
        assertThat(OrderJson.tree(mapped)).as(OrderJson.write(mapped)).isEqualTo(expected);
    }
}
