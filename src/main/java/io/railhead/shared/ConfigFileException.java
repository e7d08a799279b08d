package io.railhead.shared;

import java.nio.file.Path;

/** A rules file the hub refused: which file, which line (1-based, 0 when none applies) and why. */
public class ConfigFileException extends RuntimeException {

    private final Path file;
    private final int line;
    private final String reason;

    public ConfigFileException(Path file, int line, String reason) {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
