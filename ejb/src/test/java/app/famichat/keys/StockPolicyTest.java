package app.famichat.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StockPolicyTest {

    private final StockPolicy policy = StockPolicy.DEFAULT;

    @Test
    void defaultsAreTwentyAndAHundred() {
        assertEquals(20, policy.lowWater());
        assertEquals(100, policy.target());
        assertEquals(new PreKeyStock(100, 100), policy.full());
    }

    @Test
    void aStockIsLowBelowTheLowWaterMarkOfEitherKind() {
        assertFalse(policy.isLow(new PreKeyStock(20, 20)));
        assertTrue(policy.isLow(new PreKeyStock(19, 20)));
        assertTrue(policy.isLow(new PreKeyStock(20, 19)));
        assertTrue(policy.isLow(PreKeyStock.NONE));
    }

    @Test
    void aLowStockIsFilledUpToTheTargetInBothKinds() {
        assertEquals(new PreKeyStock(81, 81), policy.missing(new PreKeyStock(19, 19)));
        assertEquals(new PreKeyStock(100, 100), policy.missing(PreKeyStock.NONE));
        assertEquals(new PreKeyStock(60, 90), policy.missing(new PreKeyStock(40, 10)));
        assertEquals(new PreKeyStock(0, 81), policy.missing(new PreKeyStock(150, 19)), "never negative");
    }

    @Test
    void nothingIsAddedAboveTheLowWaterMark() {
        assertEquals(PreKeyStock.NONE, policy.missing(new PreKeyStock(20, 20)));
        assertEquals(PreKeyStock.NONE, policy.missing(new PreKeyStock(100, 100)));
    }

    @Test
    void settingsOutOfRangeAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StockPolicy(20, 0));
        assertTrue(e.getMessage().contains("famichat.keys.one-time.target"));
        assertThrows(IllegalArgumentException.class, () -> new StockPolicy(20, StockPolicy.MAX_TARGET + 1));
        e = assertThrows(IllegalArgumentException.class, () -> new StockPolicy(101, 100));
        assertTrue(e.getMessage().contains("famichat.keys.one-time.low-water"));
        assertThrows(IllegalArgumentException.class, () -> new StockPolicy(0, 100));
        assertEquals(new PreKeyStock(0, 0), new StockPolicy(100, 100).missing(new PreKeyStock(100, 100)));
    }

    /** The census and the claim count each stock only up to countUpTo(); the capped count must decide alike. */
    @Test
    void aCountCappedAtCountUpToDecidesAsTheFullCount() {
        for (StockPolicy tested : new StockPolicy[] {policy, new StockPolicy(1, 1), new StockPolicy(7, 50)}) {
            int cap = tested.countUpTo();
            for (int ec = 0; ec <= tested.target() + 5; ec++) {
                for (int kyber = 0; kyber <= tested.target() + 5; kyber += 3) {
                    PreKeyStock full = new PreKeyStock(ec, kyber);
                    PreKeyStock capped = new PreKeyStock(Math.min(ec, cap), Math.min(kyber, cap));
                    assertEquals(tested.isLow(full), tested.isLow(capped), full + " counted up to " + cap);
                }
            }
        }
    }

    @Test
    void aStockAtTheCountCapIsNotLow() {
        int cap = policy.countUpTo();
        assertFalse(policy.isLow(new PreKeyStock(cap, cap)));
        assertTrue(policy.isLow(new PreKeyStock(cap - 1, cap)));
    }
}
