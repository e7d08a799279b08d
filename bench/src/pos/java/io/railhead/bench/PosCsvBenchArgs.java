package io.railhead.bench;

/** Reads {@code --name value} options of the POS benches. */
final class PosCsvBenchArgs {

    private PosCsvBenchArgs() {
    }

    static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
