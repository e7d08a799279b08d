package io.railhead.inventory;

import io.railhead.shared.ConfigFileException;
import java.nio.file.Path;

/** A stock rules file (or its cross-reference CSV) the hub refused: which file, which line and why. */
public class StockRulesException extends ConfigFileException {

    public StockRulesException(Path file, int line, String reason) {
        super(file, line, reason);
    }
}
