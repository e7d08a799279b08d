package io.railhead.fulfillment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The carrier codes in force for the shipment relays. Read once every relay target exists (their channels are
 * what the file may name; a broken file stops the start, with file, line and reason), then read again when
 * the file changes: a file that reads cleanly replaces the codes, a broken one is logged and the previous
 * codes stay.
 */
@Component
public class CarrierCodesFile implements Supplier<CarrierCodes>, SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(CarrierCodesFile.class);

    private final Path file;
    private final ObjectProvider<ShipmentRelayTarget> targets;
    private Set<String> channels;
    private CarrierCodes codes;
    private FileTime seen;

    public CarrierCodesFile(FulfillmentProperties properties, ObjectProvider<ShipmentRelayTarget> targets) {
        this.file = properties.carriersFile();
        this.targets = targets;
    }

    @Override
    public synchronized void afterSingletonsInstantiated() {
        channels = new TreeSet<>();
        targets.orderedStream().forEach(t -> channels.add(t.channel()));
        seen = modified();
        codes = CarrierCodesReader.read(file, channels);
        LOG.info("Carrier codes read from {}: {} carrier(s) for {}", file, codes.size(), channels);
    }

    /** The codes, read again first when the file changed since. */
    @Override
    public synchronized CarrierCodes get() {
        if (codes == null) {
            afterSingletonsInstantiated();
            return codes;
        }
        FileTime now = modified();
        if (now != null && !now.equals(seen)) {
            seen = now;
            try {
                codes = CarrierCodesReader.read(file, channels);
                LOG.info("Carrier codes reloaded from {}: {} carrier(s)", file, codes.size());
            } catch (FulfillmentConfigException e) {
                LOG.error("Carrier codes refused, the previous codes stay: {}", e.getMessage());
            }
        }
        return codes;
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }
}
