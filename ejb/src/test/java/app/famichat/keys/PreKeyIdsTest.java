package app.famichat.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PreKeyIdsTest {

    @Test
    void aNewDeviceNumbersItsKeysLikeBefore() {
        // Signed 1, Kyber last-resort 1, one-time Kyber 2..101, one-time EC 1..100: the V7 layout.
        PreKeyIds afterRotation = PreKeyIds.FIRST.afterSigned(1).afterKyber(1);
        assertEquals(List.of(2, 3, 4), PreKeyIds.block(afterRotation.nextKyber(), 3));
        PreKeyIds afterStock = afterRotation.afterKyber(100).afterEc(100);
        assertEquals(new PreKeyIds(101, 102, 2), afterStock);
    }

    @Test
    void idsContinueAfterTheCounterAndNeverComeBackBeforeAWrap() {
        assertEquals(List.of(101, 102, 103), PreKeyIds.block(101, 3));
        assertEquals(List.of(), PreKeyIds.block(101, 0));
        assertEquals(104, PreKeyIds.after(101, 3));
    }

    @Test
    void idsWrapFromTheMaximumToOne() {
        int max = PreKeyIds.MAX_ID;
        assertEquals(0xFFFFFE, max, "below 0xFFFFFF, the limit Signal keeps to");
        assertEquals(List.of(max - 1, max, 1, 2), PreKeyIds.block(max - 1, 4));
        assertEquals(3, PreKeyIds.after(max - 1, 4));
        assertEquals(1, PreKeyIds.after(max, 1));
        assertEquals(max, PreKeyIds.after(max, 0));
        assertEquals(1, PreKeyIds.after(1, max), "a whole turn comes back to the same id");
    }

    @Test
    void countersStayInRange() {
        assertThrows(IllegalArgumentException.class, () -> new PreKeyIds(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PreKeyIds(1, PreKeyIds.MAX_ID + 1, 1));
        assertThrows(IllegalArgumentException.class, () -> PreKeyIds.block(1, -1));
    }
}
