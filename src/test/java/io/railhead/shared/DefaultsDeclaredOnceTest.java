package io.railhead.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * {@code application.yaml} is the one place a {@code railhead.*} default is declared: not again in a
 * properties class, a route or an {@code @Value}, and the README's configuration reference says what
 * the file says, for every key the file has.
 */
class DefaultsDeclaredOnceTest {

    private static final Pattern ROUTE_DEFAULT = Pattern.compile("\\{\\{railhead\\.[^}:]+:[^}]*}}");
    private static final Pattern VALUE_DEFAULT = Pattern.compile("\\$\\{railhead\\.[^}:]+:");
    private static final Pattern README_ROW = Pattern.compile("^\\| `(railhead\\.[a-z0-9.-]+)` \\| `([^`]*)` \\|",
            Pattern.MULTILINE);

    @Test
    void noPropertiesClassRouteOrValueDeclaresADefault() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path f : files(Path.of("src/main/java"), ".java")) {
            String code = Files.readString(f);
            if (code.contains("@DefaultValue")) {
                found.add(f + ": @DefaultValue");
            }
            if (VALUE_DEFAULT.matcher(code).find()) {
                found.add(f + ": ${railhead.…:default}");
            }
        }
        for (Path f : files(Path.of("routes"), ".yaml")) {
            Matcher m = ROUTE_DEFAULT.matcher(Files.readString(f));
            while (m.find()) {
                found.add(f + ": " + m.group());
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theReadmeDocumentsEveryShippedKeyWithItsDefault() throws IOException {
        Map<String, String> shipped = shipped();
        String readme = Files.readString(Path.of("README.md"));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher m = README_ROW.matcher(readme);
        while (m.find()) {
            documented.put(m.group(1), m.group(2));
        }

        assertThat(shipped.keySet().stream().filter(k -> !readme.contains("`" + k + "`")))
                .as("keys of application.yaml missing from the README's configuration reference").isEmpty();
        Map<String, String> differing = new TreeMap<>();
        documented.forEach((key, value) -> {
            if (shipped.containsKey(key) && !shipped.get(key).equals(value)) {
                differing.put(key, "README " + value + ", application.yaml " + shipped.get(key));
            }
        });
        assertThat(differing).as("defaults the README states otherwise than application.yaml").isEmpty();
    }

    /** The railhead.* keys of application.yaml, lists joined as the README writes them ("A, B"). */
    private static Map<String, String> shipped() throws IOException {
        Map<String, String> flat = new TreeMap<>();
        for (var source : new YamlPropertySourceLoader().load("app", new FileSystemResource("src/main/resources/application.yaml"))) {
            EnumerablePropertySource<?> e = (EnumerablePropertySource<?>) source;
            for (String name : e.getPropertyNames()) {
                if (name.startsWith("railhead.")) {
                    String key = name.replaceAll("\\[\\d+]$", "");
                    flat.merge(key, String.valueOf(e.getProperty(name)), (a, b) -> a + ", " + b);
                }
            }
        }
        return flat;
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.toString().endsWith(suffix)).collect(Collectors.toList());
        }
    }
}
