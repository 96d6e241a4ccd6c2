package app.famichat.custody;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;

/** Family recovery's sealing of a share to a public key: only that key's private key opens it, for its place. */
class EciesTest {

    private static final byte[] SHARE = "a share of S, 33 bytes long......".getBytes(StandardCharsets.US_ASCII);
    private final UUID owner = UUID.randomUUID();
    private final UUID guardian = UUID.randomUUID();
    private final UUID setup = UUID.randomUUID();

    @Test
    void aSealedShareOpensWithTheRecipientsPrivateKey() {
        IdentityKeyPair identity = IdentityKeyPair.generate();
        byte[] bound = FamilyRecoveryKeys.shareBinding(owner, guardian, 3, setup);
        byte[] sealed = Ecies.seal(identity.getPublicKey().getPublicKey(), Ecies.Purpose.GUARDIAN_SHARE, bound, SHARE);
        assertEquals(1 + 33 + 12 + SHARE.length + 16, sealed.length);
        assertArrayEquals(SHARE, Ecies.open(identity.getPrivateKey(), Ecies.Purpose.GUARDIAN_SHARE, bound, sealed)
                .orElseThrow());
    }

    @Test
    void eachSealingIsFreshAndHidesTheShare() {
        ECKeyPair recipient = ECKeyPair.generate();
        byte[] bound = Ecies.bound(owner);
        byte[] first = Ecies.seal(recipient.getPublicKey(), Ecies.Purpose.GUARDIAN_SHARE, bound, SHARE);
        byte[] second = Ecies.seal(recipient.getPublicKey(), Ecies.Purpose.GUARDIAN_SHARE, bound, SHARE);
        assertFalse(java.util.Arrays.equals(first, second), "a new ephemeral key and nonce each time");
        assertFalse(new String(first, StandardCharsets.ISO_8859_1).contains("a share of S"));
    }

    @Test
    void anotherPrivateKeyDoesNotOpenIt() {
        ECKeyPair recipient = ECKeyPair.generate();
        ECKeyPair other = ECKeyPair.generate();
        byte[] bound = Ecies.bound(owner);
        byte[] sealed = Ecies.seal(recipient.getPublicKey(), Ecies.Purpose.GUARDIAN_SHARE, bound, SHARE);
        assertTrue(Ecies.open(other.getPrivateKey(), Ecies.Purpose.GUARDIAN_SHARE, bound, sealed).isEmpty());
    }

    @Test
    void theAssociatedDataBindsOwnerGuardianIndexAndSetup() {
        ECKeyPair recipient = ECKeyPair.generate();
        byte[] sealed = Ecies.seal(recipient.getPublicKey(), Ecies.Purpose.GUARDIAN_SHARE,
                FamilyRecoveryKeys.shareBinding(owner, guardian, 1, setup), SHARE);
        for (byte[] elsewhere : new byte[][] {
                FamilyRecoveryKeys.shareBinding(UUID.randomUUID(), guardian, 1, setup),
                FamilyRecoveryKeys.shareBinding(owner, UUID.randomUUID(), 1, setup),
                FamilyRecoveryKeys.shareBinding(owner, guardian, 2, setup),
                FamilyRecoveryKeys.shareBinding(owner, guardian, 1, UUID.randomUUID())}) {
            assertTrue(Ecies.open(recipient.getPrivateKey(), Ecies.Purpose.GUARDIAN_SHARE, elsewhere, sealed)
                    .isEmpty());
        }
        assertTrue(Ecies.open(recipient.getPrivateKey(), Ecies.Purpose.RELEASED_SHARE,
                FamilyRecoveryKeys.shareBinding(owner, guardian, 1, setup), sealed).isEmpty(), "another purpose");
    }

    @Test
    void anAlteredOrTruncatedValueDoesNotOpen() {
        ECKeyPair recipient = ECKeyPair.generate();
        byte[] bound = Ecies.bound(owner);
        byte[] sealed = Ecies.seal(recipient.getPublicKey(), Ecies.Purpose.RELEASED_SHARE, bound, SHARE);
        for (int i = 0; i < sealed.length; i += 7) {
            byte[] altered = sealed.clone();
            altered[i] ^= 1;
            assertTrue(Ecies.open(recipient.getPrivateKey(), Ecies.Purpose.RELEASED_SHARE, bound, altered).isEmpty(),
                    "byte " + i);
        }
        assertTrue(Ecies.open(recipient.getPrivateKey(), Ecies.Purpose.RELEASED_SHARE, bound,
                java.util.Arrays.copyOf(sealed, 40)).isEmpty());
        assertTrue(Ecies.open(recipient.getPrivateKey(), Ecies.Purpose.RELEASED_SHARE, bound, null).isEmpty());
    }

    @Test
    void boundPartsAreLengthPrefixed() {
        assertFalse(java.util.Arrays.equals(Ecies.bound("ab", "c"), Ecies.bound("a", "bc")));
    }
}
