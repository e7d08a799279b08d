package io.railhead.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The formula of docs/stock.md: held-back states, reservations, safety stock, percentage rounding down, max listed, kits. */
class AvailableToSellTest {

    static StockChannel channel(int safety, int percent, Integer max, String... locations) {
        return new StockChannel("c", "c", List.of(locations), safety, percent, max, true, null, Map.of());
    }

    static LedgerStore.Level level(String location, StockEvent.State state, long q) {
        return new LedgerStore.Level("S", location, state, q, null);
    }

    static final List<LedgerStore.Level> LEVELS = List.of(
            level("A", StockEvent.State.onHand, 50), level("A", StockEvent.State.quarantined, 2),
            level("B", StockEvent.State.onHand, 6), level("B", StockEvent.State.damaged, 9),
            level("C", StockEvent.State.onHand, 10), level("C", StockEvent.State.allocated, 3),
            level("C", StockEvent.State.inTransit, 100));

    @Test
    void aLocationSellsItsOnHandLessWhatIsHeldBackNeverBelowZero() {
        assertThat(AvailableToSell.sellable(LEVELS, "A")).isEqualTo(48);
        assertThat(AvailableToSell.sellable(LEVELS, "B")).isZero();
        assertThat(AvailableToSell.sellable(LEVELS, "C")).isEqualTo(7);
        assertThat(AvailableToSell.free(LEVELS, 5)).isEqualTo(50);
    }

    @Test
    void poolCountsTheChannelsLocationsLessReservations() {
        assertThat(AvailableToSell.pool(channel(0, 100, null, "A", "B"), LEVELS, 0)).isEqualTo(48);
        assertThat(AvailableToSell.pool(channel(0, 100, null, "A", "C"), LEVELS, 4)).isEqualTo(51);
    }

    @Test
    void safetyStockThenPercentageRoundedDownThenMaxListed() {
        assertThat(AvailableToSell.available(channel(5, 50, null, "A"), 3, 48)).isEqualTo(22);
        assertThat(AvailableToSell.available(channel(5, 50, null, "A"), 5, 20)).isEqualTo(7);
        assertThat(AvailableToSell.available(channel(0, 100, 30, "A"), 0, 48)).isEqualTo(30);
        assertThat(AvailableToSell.available(channel(2, 100, null, "A"), 2, 1)).isZero();
        assertThat(AvailableToSell.available(channel(0, 100, null, "A"), 0, -7)).isZero();
        assertThat(AvailableToSell.available(channel(0, 33, null, "A"), 0, 10)).isEqualTo(3);
    }

    @Test
    void aKitIsAsManyAsItsScarcestComponentMakes() {
        Map<String, Integer> kit = Map.of("MUG", 2, "TEE", 1);
        assertThat(AvailableToSell.kitPool(kit, Map.of("MUG", 9L, "TEE", 20L))).isEqualTo(4);
        assertThat(AvailableToSell.kitPool(kit, Map.of("MUG", 9L, "TEE", 3L))).isEqualTo(3);
        assertThat(AvailableToSell.kitPool(kit, Map.of("MUG", 9L))).isZero();
        assertThat(AvailableToSell.kitPool(kit, Map.of("MUG", -1L, "TEE", 3L))).isEqualTo(-1);
    }
}
