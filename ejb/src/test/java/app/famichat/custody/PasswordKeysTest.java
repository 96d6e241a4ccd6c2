package app.famichat.custody;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.famichat.vault.Keyring;
import app.famichat.vault.SealContext;
import app.famichat.vault.VaultException;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** K wrapped under the password's Argon2id key: unwrap, a wrong password, the binding to the user, re-wrap. */
class PasswordKeysTest {

    /** Small parameters: the test checks behaviour, not cost. */
    private static final PasswordKeys.Parameters FAST = new PasswordKeys.Parameters(64, 1, 1);

    private final UUID user = UUID.randomUUID();
    private final SealContext place = KeyringStore.KEYRINGS.place(user);
    private final byte[] key = Keyring.newKey();

    @Test
    void theSamePasswordSaltAndParametersGiveTheSameKeyAndOthersAnother() {
        byte[] salt = PasswordKeys.newSalt();
        assertEquals(PasswordKeys.SALT_BYTES, salt.length);
        byte[] derived = PasswordKeys.derive("correct horse battery", salt, FAST);
        assertEquals(Keyring.KEY_BYTES, derived.length);
        assertArrayEquals(derived, PasswordKeys.derive("correct horse battery", salt, FAST));
        assertFalse(Arrays.equals(derived, PasswordKeys.derive("correct horse batterY", salt, FAST)));
        assertFalse(Arrays.equals(derived, PasswordKeys.derive("correct horse battery", PasswordKeys.newSalt(), FAST)));
        assertFalse(Arrays.equals(derived, PasswordKeys.derive("correct horse battery", salt,
                new PasswordKeys.Parameters(64, 2, 1))));
    }

    @Test
    void theKeyringUnwrapsWithThePasswordOnlyAndOnlyForItsUser() {
        byte[] salt = PasswordKeys.newSalt();
        byte[] wrapped = Keyring.seal(PasswordKeys.derive("correct horse battery", salt, FAST), user, place, key);
        assertArrayEquals(key, Keyring.open(PasswordKeys.derive("correct horse battery", salt, FAST), user, place,
                wrapped));
        assertNotAuthentic(() -> Keyring.open(PasswordKeys.derive("wrong horse battery", salt, FAST), user, place,
                wrapped));
        UUID other = UUID.randomUUID();
        assertNotAuthentic(() -> Keyring.open(PasswordKeys.derive("correct horse battery", salt, FAST), other,
                KeyringStore.KEYRINGS.place(other), wrapped));
    }

    /** A password change wraps the same K again: everything sealed under it stays readable. */
    @Test
    void aRewrapKeepsTheKeyAndRetiresTheOldPassword() {
        byte[] oldSalt = PasswordKeys.newSalt();
        byte[] old = Keyring.seal(PasswordKeys.derive("old password here", oldSalt, FAST), user, place, key);
        byte[] unwrapped = Keyring.open(PasswordKeys.derive("old password here", oldSalt, FAST), user, place, old);
        byte[] newSalt = PasswordKeys.newSalt();
        byte[] rewrapped = Keyring.seal(PasswordKeys.derive("new password here", newSalt, FAST), user, place,
                unwrapped);
        assertArrayEquals(key, Keyring.open(PasswordKeys.derive("new password here", newSalt, FAST), user, place,
                rewrapped));
        assertNotAuthentic(() -> Keyring.open(PasswordKeys.derive("old password here", newSalt, FAST), user, place,
                rewrapped));
    }

    private static void assertNotAuthentic(Executable open) {
        assertEquals(VaultException.Reason.NOT_AUTHENTIC, assertThrows(VaultException.class, open).reason());
    }
}
