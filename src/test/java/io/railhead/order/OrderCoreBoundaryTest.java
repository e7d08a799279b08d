package io.railhead.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape the order core keeps: it names no channel (channels hear of orders through the order
 * events), nor does fulfillment (shipments reach channels through the interface they implement) nor the KPIs, exactly
 * one class writes orders ({@link OrderLifecycle}), no channel adapter imports another, and the X12
 * library imports nothing of the hub. Checked on the sources, so a change that breaks the shape fails here first.
 */
class OrderCoreBoundaryTest {

    private static final Pattern CHANNEL = Pattern.compile("(?i)walmart|shopify|amazon|square|\\bedi|edi\\b");
    /** A line that is a comment, or the rest of a comment block. */
    private static final Pattern COMMENT = Pattern.compile("^\\s*(//|#|\\*|/\\*)");

    private static List<String> offending(Path dir, String glob, Pattern pattern) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName()))
                    .toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (!COMMENT.matcher(lines.get(i)).find() && pattern.matcher(lines.get(i)).find()) {
                        found.add(f + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        return found;
    }

    @Test
    void theCoreNamesNoChannel_outsideComments() throws IOException {
        assertThat(offending(Path.of("routes/order"), "*.yaml", CHANNEL)).isEmpty();
        assertThat(offending(Path.of("src/main/java/io/railhead/order"), "*.java", CHANNEL)).isEmpty();
    }

    @Test
    void fulfillmentNamesNoChannel_andImportsNoAdapter() throws IOException {
        Path fulfillment = Path.of("src/main/java/io/railhead/fulfillment");
        assertThat(offending(fulfillment, "*.java", CHANNEL)).isEmpty();
        assertThat(offending(fulfillment, "*.java", Pattern.compile("^import (static )?io\\.railhead\\.channel\\.")))
                .as("channels implement its interfaces, it never calls them by name").isEmpty();
    }

    @Test
    void theKpisNameNoChannel_andImportNoAdapter() throws IOException {
        Path kpi = Path.of("src/main/java/io/railhead/kpi");
        assertThat(offending(kpi, "*.java", CHANNEL)).isEmpty();
        assertThat(offending(kpi, "*.java", Pattern.compile("^import (static )?io\\.railhead\\.channel\\."))).isEmpty();
    }

    @Test
    void onlyTheLifecycleWritesOrders() throws IOException {
        Pattern write = Pattern.compile("\\bstore\\.(update|insert)\\(");
        assertThat(offending(Path.of("src/main/java/io/railhead"), "*.java", write))
                .allMatch(line -> line.startsWith("src/main/java/io/railhead/order/OrderLifecycle.java:"));
        assertThat(offending(Path.of("src/main/java/io/railhead/order"), "OrderStore.java",
                Pattern.compile("^\\s*public (void insert|boolean update)\\("))).as("not callable from outside the core")
                .isEmpty();
    }

    @Test
    void theX12LibraryImportsNothingOfTheHub() throws IOException {
        assertThat(offending(Path.of("src/main/java/io/railhead/x12"), "*.java",
                Pattern.compile("^import (static )?io\\.railhead\\.(?!x12\\.)"))).isEmpty();
    }

    @Test
    void everyChannelAdapterIsSelfContained_noneImportsAnother() throws IOException {
        try (Stream<Path> adapters = Files.list(Path.of("src/main/java/io/railhead/channel"))) {
            for (Path adapter : adapters.filter(Files::isDirectory).filter(d -> !d.endsWith("http")).toList()) {
                String name = adapter.getFileName().toString();
                assertThat(offending(adapter, "*.java", Pattern.compile(
                        "^import (static )?io\\.railhead\\.channel\\.(?!" + name + "\\.|http\\.)[a-z]+\\.")))
                        .as(name + " imports only the shared channel package, never another adapter").isEmpty();
            }
        }
    }
}
