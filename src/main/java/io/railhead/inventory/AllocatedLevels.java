package io.railhead.inventory;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code allocated} levels one transaction changed, by SKU and location, until the caller saves them: a
 * second change of the same place builds on the first, not on what the database held before.
 */
final class AllocatedLevels {

    private record Place(String sku, String location) {
    }

    private final Map<Place, LedgerStore.Level> changed = new LinkedHashMap<>();

    LedgerStore.Level get(String sku, String location) {
        return changed.get(new Place(sku, location));
    }

    void put(LedgerStore.Level level) {
        changed.put(new Place(level.sku(), level.location()), level);
    }

    Collection<LedgerStore.Level> values() {
        return changed.values();
    }
}
