package io.railhead.x12;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the X12 schemas are: the hub's mappings folder ({@code railhead.mappings-dir}), set once
 * at start-up, and one {@link X12SchemaLoader} (with its compiled schemas) per schema folder, shared
 * by every parse. Smooks creates its reader itself, so the reader finds the loader here.
 */
public final class X12Schemas {

    private static volatile Path mappingsDir = Path.of("mappings");
    private static final Map<Path, X12SchemaLoader> LOADERS = new ConcurrentHashMap<>();

    private X12Schemas() {
    }

    public static void mappingsDir(Path dir) {
        mappingsDir = dir;
    }

    /** The loader for a folder relative to the mappings folder (e.g. {@code edi/x12}). */
    public static X12SchemaLoader loader(String relative) {
        Path dir = mappingsDir.resolve(relative).toAbsolutePath().normalize();
        return LOADERS.computeIfAbsent(dir, X12SchemaLoader::new);
    }
}
