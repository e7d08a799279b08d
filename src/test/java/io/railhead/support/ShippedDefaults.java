package io.railhead.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * A properties record as the hub binds it from the shipped {@code application.yaml}, the one place
 * defaults are declared, with a test's own values on top: unit tests check the defaults that run,
 * never a copy of them.
 */
public final class ShippedDefaults {

    private ShippedDefaults() {
    }

    public static <T> T bind(Class<T> type) {
        return bind(type, Map.of());
    }

    /** {@code overrides} are full property names ({@code railhead.validation.max-amount}). */
    public static <T> T bind(Class<T> type, Map<String, Object> overrides) {
        StandardEnvironment env = environment();
        env.getPropertySources().addFirst(new MapPropertySource("test", overrides));
        return bind(type, env);
    }

    /** Binds {@code type} from {@code env}, as the hub does at start-up. */
    public static <T> T bind(Class<T> type, StandardEnvironment env) {
        String prefix = type.getAnnotation(ConfigurationProperties.class).value();
        return Binder.get(env).bind(prefix, type).orElseThrow(() -> new IllegalStateException(prefix + " not bound"));
    }

    /** Only the shipped application.yaml: no system properties, no environment variables of this machine. */
    public static StandardEnvironment environment() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        try {
            new YamlPropertySourceLoader().load("application.yaml",
                    new FileSystemResource("src/main/resources/application.yaml"))
                    .forEach(env.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return env;
    }
}
