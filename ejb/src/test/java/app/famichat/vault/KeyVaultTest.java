package app.famichat.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyVaultTest {

    private static final SealContext PLACE = new SealContext("signal_identity_keys", "private_key", "42");

    private final MasterKey keyA = TestKeys.key("a");
    private final KeyVault vault = new KeyVault(MasterKeys.of(List.of(keyA), Optional.empty()));

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1024, 5 * 1024})
    void opensWhatItSealed(int size) {
        byte[] plaintext = new byte[size];
        new Random(size).nextBytes(plaintext);
        byte[] sealed = vault.seal(plaintext, PLACE);
        assertEquals(2 + 1 + 12 + size + 16, sealed.length);
        assertArrayEquals(plaintext, vault.open(sealed, PLACE));
    }

    @Test
    void formatIsVersionKeyIdNonceBody() {
        byte[] sealed = vault.seal(new byte[3], PLACE);
        assertEquals(1, sealed[0]);
        assertEquals(1, sealed[1]);
        assertEquals('a', sealed[2]);
        assertEquals("a", vault.activeKeyId());
    }

    @Test
    void derivedKeysAreStablePerPurposeAndMasterKeyAndRevealNeitherTheMasterKeyNorEachOther() {
        byte[] limits = vault.derivedKey("rate-limit keys").getEncoded();
        assertEquals(32, limits.length);
        assertArrayEquals(limits, new KeyVault(MasterKeys.of(List.of(keyA), Optional.empty()))
                .derivedKey("rate-limit keys").getEncoded(), "the same master key derives the same key");
        assertFalse(Arrays.equals(limits, vault.derivedKey("another purpose").getEncoded()));
        assertFalse(Arrays.equals(limits, keyA.key().getEncoded()));
        assertFalse(Arrays.equals(limits, new KeyVault(MasterKeys.of(List.of(TestKeys.key("b")), Optional.empty()))
                .derivedKey("rate-limit keys").getEncoded()));
    }

    @Test
    void theCiphertextDoesNotHoldThePlaintext() {
        byte[] plaintext = "canary-7f3a9c1e-canary".getBytes(StandardCharsets.UTF_8);
        String sealed = new String(vault.seal(plaintext, PLACE), StandardCharsets.ISO_8859_1);
        assertFalse(sealed.contains("canary"));
    }

    @Test
    void noncesDifferBetweenSealsOfTheSamePlaintext() {
        byte[] plaintext = "same".getBytes(StandardCharsets.UTF_8);
        Sealed first = Sealed.parse(vault.seal(plaintext, PLACE));
        Sealed second = Sealed.parse(vault.seal(plaintext, PLACE));
        assertFalse(Arrays.equals(first.nonce(), second.nonce()));
        assertFalse(Arrays.equals(first.body(), second.body()));
    }

    @Test
    void aFlippedByteAnywhereIsRefused() {
        byte[] sealed = vault.seal("secret key bytes".getBytes(StandardCharsets.UTF_8), PLACE);
        // Every position: header (version, id length, id), nonce, body and tag.
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            int position = i;
            VaultException refused = assertThrows(VaultException.class, () -> vault.open(tampered, PLACE),
                    () -> "byte " + position + " flipped");
            assertNotEquals(VaultException.Reason.CONFIGURATION, refused.reason());
        }
    }

    @Test
    void aFlippedBodyOrTagByteFailsAuthenticationAndSaysWhere() {
        byte[] sealed = vault.seal(new byte[10], PLACE);
        for (int i : new int[] {3, 3 + 11, 3 + 12, sealed.length - 1}) { // nonce, nonce end, body, tag
            byte[] tampered = sealed.clone();
            tampered[i] ^= (byte) 0x80;
            VaultException refused = assertThrows(VaultException.class, () -> vault.open(tampered, PLACE));
            assertEquals(VaultException.Reason.NOT_AUTHENTIC, refused.reason());
            assertEquals("a", refused.keyId());
            assertTrue(refused.getMessage().contains("signal_identity_keys.private_key"), refused.getMessage());
            assertTrue(refused.getMessage().contains("'a'"), refused.getMessage());
        }
    }

    @Test
    void anUnknownVersionIsRefused() {
        byte[] sealed = vault.seal(new byte[10], PLACE);
        sealed[0] = 2;
        VaultException refused = assertThrows(VaultException.class, () -> vault.open(sealed, PLACE));
        assertEquals(VaultException.Reason.UNKNOWN_VERSION, refused.reason());
        assertTrue(refused.getMessage().contains("version 2"), refused.getMessage());
    }

    @Test
    void truncatedInputIsRefused() {
        byte[] sealed = vault.seal(new byte[10], PLACE);
        for (int length : new int[] {0, 1, 2, 3, 10, 3 + 12 + 15, sealed.length - 11}) {
            byte[] truncated = Arrays.copyOf(sealed, length);
            VaultException refused = assertThrows(VaultException.class, () -> vault.open(truncated, PLACE));
            assertEquals(VaultException.Reason.MALFORMED, refused.reason(), "length " + length);
        }
        byte[] shortBody = Arrays.copyOf(sealed, sealed.length - 1);
        assertEquals(VaultException.Reason.NOT_AUTHENTIC,
                assertThrows(VaultException.class, () -> vault.open(shortBody, PLACE)).reason());
        assertEquals(VaultException.Reason.MALFORMED,
                assertThrows(VaultException.class, () -> vault.open(null, PLACE)).reason());
    }

    @Test
    void aCiphertextFromAnUnknownKeyIsRefusedNamingTheKey() {
        KeyVault other = new KeyVault(MasterKeys.of(List.of(TestKeys.key("retired")), Optional.empty()));
        byte[] sealed = other.seal(new byte[10], PLACE);
        VaultException refused = assertThrows(VaultException.class, () -> vault.open(sealed, PLACE));
        assertEquals(VaultException.Reason.UNKNOWN_KEY, refused.reason());
        assertEquals("retired", refused.keyId());
        assertTrue(refused.getMessage().contains("'retired'"), refused.getMessage());
    }

    @Test
    void aCiphertextUnderAnotherKeyWithTheSameIdIsRefused() {
        KeyVault impostor = new KeyVault(MasterKeys.of(List.of(TestKeys.key("a")), Optional.empty()));
        byte[] sealed = impostor.seal(new byte[10], PLACE);
        assertEquals(VaultException.Reason.NOT_AUTHENTIC,
                assertThrows(VaultException.class, () -> vault.open(sealed, PLACE)).reason());
    }

    @Test
    void aCiphertextRelabelledWithAnotherConfiguredKeyIdIsRefused() {
        KeyVault twoKeys = new KeyVault(MasterKeys.of(List.of(keyA, TestKeys.key("b")), Optional.of("a")));
        byte[] sealed = twoKeys.seal(new byte[10], PLACE);
        sealed[2] = 'b';
        VaultException refused = assertThrows(VaultException.class, () -> twoKeys.open(sealed, PLACE));
        assertEquals(VaultException.Reason.NOT_AUTHENTIC, refused.reason());
        assertEquals("b", refused.keyId());
    }

    @Test
    void aCiphertextMovedToAnotherPlaceIsRefused() {
        byte[] sealed = vault.seal("identity private key".getBytes(StandardCharsets.UTF_8), PLACE);
        for (SealContext elsewhere : List.of(
                new SealContext("signal_identity_keys", "private_key", "43"),
                new SealContext("signal_identity_keys", "public_key", "42"),
                new SealContext("signal_prekeys", "private_key", "42"),
                // Same characters, split differently: the length prefixes keep these apart.
                new SealContext("signal_identity_keysp", "rivate_key", "42"))) {
            VaultException refused = assertThrows(VaultException.class, () -> vault.open(sealed, elsewhere));
            assertEquals(VaultException.Reason.NOT_AUTHENTIC, refused.reason());
            assertFalse(refused.getMessage().contains("43"), "no row id in messages: " + refused.getMessage());
        }
    }

    @Test
    void rotationKeepsOldCiphertextsReadableAndSealsNewOnesWithTheActiveKey() {
        MasterKey keyB = TestKeys.key("b");
        byte[] plaintext = "rotate me".getBytes(StandardCharsets.UTF_8);
        byte[] underA = vault.seal(plaintext, PLACE);
        assertTrue(vault.isSealedWithActiveKey(underA));

        KeyVault rotated = new KeyVault(MasterKeys.of(List.of(keyA, keyB), Optional.of("b")));
        assertEquals("b", rotated.activeKeyId());
        assertArrayEquals(plaintext, rotated.open(underA, PLACE));
        assertFalse(rotated.isSealedWithActiveKey(underA));

        byte[] underB = rotated.seal(plaintext, PLACE);
        assertEquals("b", Sealed.parse(underB).keyId());
        assertTrue(rotated.isSealedWithActiveKey(underB));
        assertArrayEquals(plaintext, rotated.open(underB, PLACE));

        // The old key alone cannot open what the new one sealed.
        assertEquals(VaultException.Reason.UNKNOWN_KEY,
                assertThrows(VaultException.class, () -> vault.open(underB, PLACE)).reason());
    }

    @Test
    void errorMessagesHoldNoKeyMaterialOrPlaintext() {
        String entry = TestKeys.entry("a");
        KeyVault configured = new KeyVault(MasterKeys.load(Optional.of(entry), Optional.empty(), Optional.empty()));
        byte[] sealed = configured.seal("plaintext-canary".getBytes(StandardCharsets.UTF_8), PLACE);
        sealed[sealed.length - 1] ^= 1;
        String message = assertThrows(VaultException.class, () -> configured.open(sealed, PLACE)).getMessage();
        assertFalse(message.contains(entry.substring(2)), message);
        assertFalse(message.contains("plaintext-canary"), message);
    }

    @Test
    void aSealContextNeedsAllThreeParts() {
        assertThrows(IllegalArgumentException.class, () -> new SealContext("", "c", "1"));
        assertThrows(IllegalArgumentException.class, () -> new SealContext("t", null, "1"));
        assertThrows(IllegalArgumentException.class, () -> new SealContext("t", "c", " "));
    }
}
