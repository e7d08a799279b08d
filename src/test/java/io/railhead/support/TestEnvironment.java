package io.railhead.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every Spring test context its own data directory (broker journal, H2 files), its own
 * database (a fresh H2 file by default; a fresh PostgreSQL schema on 127.0.0.1:5432 when the run
 * sets {@code -Drailhead.test.db=postgres}, as CI does) and points the ERP endpoint at the shared
 * WireMock simulator on a free loopback port.
 */
public class TestEnvironment implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The ERP simulator shared by all tests of this JVM; tests tell their orders apart by id. */
    public static final WireMockServer ERP = startErp();

    private static WireMockServer startErp() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
                .usingFilesUnderDirectory("src/test/resources/wiremock")
                .dynamicPort().containerThreads(20));
        server.start();
        // Default answer of the ERP: created. Tests that script failures stub their own order id at a higher priority.
        server.stubFor(WireMock.any(WireMock.anyUrl()).atPriority(10)
                .willReturn(WireMock.aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"created\"}")));
        return server;
    }

    public static boolean postgres() {
        return "postgres".equalsIgnoreCase(System.getProperty("railhead.test.db", "h2"));
    }

    private static void dropSchema(String schema) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/"
                + System.getenv().getOrDefault("RAILHEAD_TEST_PGDATABASE", "test"),
                System.getenv().getOrDefault("RAILHEAD_TEST_PGUSER", "postgres"), "");
             Statement st = c.createStatement()) {
            st.execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            // A leftover schema only costs disk; the next run uses a new one.
        }
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Path dataDir;
        try {
            Files.createDirectories(Path.of("target/test-data"));
            dataDir = Files.createTempDirectory(Path.of("target/test-data"), "hub-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        new ErpAndDatabase(dataDir, true).initialize(context);
    }

    /** The same settings for a given data directory: a hub started twice on it finds its state again. */
    public static final class ErpAndDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        private final Path dataDir;
        private final String schema = "rh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        private boolean dropSchemaOnClose;

        /** @param dropSchemaOnClose whether the PostgreSQL schema goes when this context closes (not before a restart) */
        public ErpAndDatabase(Path dataDir, boolean dropSchemaOnClose) {
            this.dataDir = dataDir;
            this.dropSchemaOnClose = dropSchemaOnClose;
        }

        /** The next context started with this initializer is the last one: drop the schema when it closes. */
        public ErpAndDatabase last() {
            dropSchemaOnClose = true;
            return this;
        }

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            configure(context, dataDir, schema, dropSchemaOnClose);
        }
    }

    private static void configure(ConfigurableApplicationContext context, Path dataDir, String schema,
                                  boolean dropSchemaOnClose) {
        Map<String, Object> props = new HashMap<>();
        props.put("railhead.data-dir", dataDir.toAbsolutePath().toString());
        // Several contexts (and so brokers) live in one test JVM: distinct names keep their JMX trees apart.
        props.put("railhead.broker.name", "railhead-" + dataDir.getFileName());
        props.put("railhead.endpoints.erp.url", ERP.baseUrl() + "/erp/orders");
        if (postgres()) {
            props.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/"
                    + System.getenv().getOrDefault("RAILHEAD_TEST_PGDATABASE", "test") + "?currentSchema=" + schema);
            props.put("spring.datasource.username", System.getenv().getOrDefault("RAILHEAD_TEST_PGUSER", "postgres"));
            props.put("spring.datasource.password", "");
            // Several hubs share one PostgreSQL (100 connections): small pools that give idle ones back.
            props.put("spring.datasource.hikari.maximum-pool-size", "8");
            props.put("spring.datasource.hikari.minimum-idle", "1");
            props.put("spring.flyway.schemas", schema);
            props.put("spring.flyway.create-schemas", "true");
            if (dropSchemaOnClose) {
                context.addApplicationListener(event -> {
                    if (event instanceof ContextClosedEvent) {
                        dropSchema(schema);
                    }
                });
            }
        }
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("railhead-test-environment", props));
    }
}
