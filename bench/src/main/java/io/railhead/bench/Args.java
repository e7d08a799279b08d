package io.railhead.bench;

import java.util.HashMap;
import java.util.Map;

/** Minimal {@code --name value} / {@code --name=value} / {@code --flag} parser. */
final class Args {
    private final Map<String, String> values = new HashMap<>();

    Args(String[] argv) {
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            String key = a.substring(2);
            int eq = key.indexOf('=');
            if (eq >= 0) {
                values.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                values.put(key, argv[++i]);
            } else {
                values.put(key, "true");
            }
        }
    }

    boolean has(String k) {
        return values.containsKey(k);
    }

    String str(String k, String def) {
        return values.getOrDefault(k, def);
    }

    int integer(String k, int def) {
        return values.containsKey(k) ? Integer.parseInt(values.get(k)) : def;
    }

    long lng(String k, long def) {
        return values.containsKey(k) ? Long.parseLong(values.get(k)) : def;
    }

    double dbl(String k, double def) {
        return values.containsKey(k) ? Double.parseDouble(values.get(k)) : def;
    }
}
