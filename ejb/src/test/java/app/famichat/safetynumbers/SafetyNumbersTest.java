package app.famichat.safetynumbers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.fingerprint.Fingerprint;
import org.signal.libsignal.protocol.fingerprint.NumericFingerprintGenerator;

/** Safety numbers with real libsignal keys (loads libsignal's native library). */
class SafetyNumbersTest {

    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final IdentityKey aliceKey = IdentityKeyPair.generate().getPublicKey();
    private final IdentityKey bobKey = IdentityKeyPair.generate().getPublicKey();

    @Test
    void bothSidesSeeTheSameSixtyDigitsInGroupsOfFive() {
        SafetyNumber aliceSees = SafetyNumbers.compute(alice, aliceKey, bob, bobKey);
        SafetyNumber bobSees = SafetyNumbers.compute(bob, bobKey, alice, aliceKey);
        assertEquals(aliceSees.digits(), bobSees.digits());
        assertTrue(aliceSees.digits().matches("\\d{5}( \\d{5}){11}"), aliceSees.digits());
        assertEquals(bob, aliceSees.userId());
        assertEquals(alice, bobSees.userId());
    }

    /** Computed as Signal does: version 2, 5200 iterations, the UUIDs' 16 bytes; a scan checks the other side. */
    @Test
    void matchesLibsignalsOwnFingerprintAndEachSideCanScanTheOther() throws Exception {
        Fingerprint reference = new NumericFingerprintGenerator(5200).createFor(2, bytes(alice), aliceKey, bytes(bob),
                bobKey);
        SafetyNumber aliceSees = SafetyNumbers.compute(alice, aliceKey, bob, bobKey);
        SafetyNumber bobSees = SafetyNumbers.compute(bob, bobKey, alice, aliceKey);
        assertEquals(reference.getDisplayableFingerprint().getDisplayText(), aliceSees.digits().replace(" ", ""));
        assertArrayEquals(reference.getScannableFingerprint().getSerialized(), aliceSees.scannable());
        assertTrue(reference.getScannableFingerprint().compareTo(bobSees.scannable()), "alice scans bob's code");

        SafetyNumber impostorSees = SafetyNumbers.compute(bob, IdentityKeyPair.generate().getPublicKey(), alice,
                aliceKey);
        assertFalse(reference.getScannableFingerprint().compareTo(impostorSees.scannable()));
    }

    @Test
    void theNumberChangesWhenEitherIdentityKeyChanges() {
        String before = SafetyNumbers.compute(alice, aliceKey, bob, bobKey).digits();
        IdentityKey newBobKey = IdentityKeyPair.generate().getPublicKey();
        IdentityKey newAliceKey = IdentityKeyPair.generate().getPublicKey();
        assertNotEquals(before, SafetyNumbers.compute(alice, aliceKey, bob, newBobKey).digits());
        assertNotEquals(before, SafetyNumbers.compute(alice, newAliceKey, bob, bobKey).digits());
        assertEquals(SafetyNumbers.compute(alice, aliceKey, bob, newBobKey).digits(),
                SafetyNumbers.compute(bob, newBobKey, alice, aliceKey).digits());
    }

    @Test
    void theNumberDependsOnWhoseKeyItIs() {
        assertNotEquals(SafetyNumbers.compute(alice, aliceKey, bob, bobKey).digits(),
                SafetyNumbers.compute(alice, aliceKey, UUID.randomUUID(), bobKey).digits());
    }

    private static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .array();
    }
}
