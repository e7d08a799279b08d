package io.railhead.fulfillment;

import io.railhead.shared.ConfigFileException;
import java.nio.file.Path;

/** A nodes or routing file the hub refused: which file, which line and why. */
public class FulfillmentConfigException extends ConfigFileException {

    public FulfillmentConfigException(Path file, int line, String reason) {
        super(file, line, reason);
    }
}
