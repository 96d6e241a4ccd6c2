package app.famichat.it.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.accounts.AccountService;
import app.famichat.platform.persistence.FamichatDataSource;
import app.famichat.vault.KeyVault;
import app.famichat.vault.Resealer;
import app.famichat.vault.SealContext;
import app.famichat.vault.SealedColumns;
import app.famichat.vault.StorageKeyErasedException;
import app.famichat.vault.StorageKeys;
import app.famichat.vault.VaultException;
import app.famichat.vault.VaultMetrics;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-user storage keys and key rotation inside the container, against PostgreSQL: registration creates a sealed
 * storage key, data sealed under it opens only for its user and place and not at all once the key is erased,
 * and rotation plus the re-seal job leaves every row readable and sealed by the new key.
 */
@ExtendWith(ArquillianExtension.class)
class VaultIT {

    private static final SealContext HISTORY = new SealContext("history", "body", "1");

    @Deployment
    static WebArchive deployment() {
        File war = new File(System.getProperty("famichat.it.distribution"), "deploy/famichat.war");
        return ShrinkWrap.createFromZipFile(WebArchive.class, war).addClasses(VaultIT.class);
    }

    @Inject
    AccountService accounts;

    @Inject
    StorageKeys storageKeys;

    @Inject
    KeyVault vault;

    @Resource(lookup = FamichatDataSource.JNDI_NAME)
    DataSource dataSource;

    private UUID register() {
        return accounts.register("vault-" + System.nanoTime(), "correct horse battery", "Vault").id();
    }

    @Test
    void registrationCreatesASealedStorageKey() throws Exception {
        UUID user = register();
        assertTrue(storageKeys.exists(user));
        byte[] stored = rows().get(user);
        String active = vault.activeKeyId();
        assertEquals(1, stored[0]);
        assertEquals(active, new String(stored, 2, stored[1], StandardCharsets.US_ASCII));
        assertEquals(2 + active.length() + 12 + 32 + 16, stored.length);
        assertTrue(vault.isSealedWithActiveKey(stored));
    }

    @Test
    void dataOpensOnlyForItsUserAndPlaceAndNotAtAllOnceTheKeyIsErased() {
        UUID alice = register();
        UUID bob = register();
        byte[] text = "a note to self".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = storageKeys.seal(alice, HISTORY, text);
        assertArrayEquals(text, storageKeys.open(alice, HISTORY, sealed));
        assertThrows(VaultException.class, () -> storageKeys.open(bob, HISTORY, sealed));
        assertThrows(VaultException.class,
                () -> storageKeys.open(alice, new SealContext("history", "body", "2"), sealed));

        assertTrue(storageKeys.erase(alice));
        assertFalse(storageKeys.exists(alice));
        assertThrows(StorageKeyErasedException.class, () -> storageKeys.open(alice, HISTORY, sealed));
        assertArrayEquals(text, storageKeys.open(bob, HISTORY, storageKeys.seal(bob, HISTORY, text)));
    }

    @Test
    void rotationPlusResealLeavesEveryRowReadableAndSealedByTheNewKey() throws Exception {
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            users.add(register());
        }
        UUID user = register();
        users.add(user);
        byte[] text = "history".getBytes(StandardCharsets.UTF_8);
        byte[] history = storageKeys.seal(user, HISTORY, text);
        // A row no configured key opens (as written by another server sharing this database under another key
        // with the same id, or tampered with): the job must leave it and count it as refused.
        UUID foreign = register();
        KeyVault other = KeyVault.withKeys(serverActiveId() + ":" + Base64.getEncoder().encodeToString(randomBytes(32)),
                null);
        write(foreign, other.seal(randomBytes(32), place(foreign)));

        String serverKeys = System.getProperty("famichat.vault.keys");
        String rotatedEntry = "rot:" + Base64.getEncoder().encodeToString(randomBytes(32));
        KeyVault rotated = KeyVault.withKeys(serverKeys + "," + rotatedEntry, "rot");
        Resealer resealer = new Resealer(rotated, dataSource, new VaultMetrics(), 2);
        long before = resealer.remaining(SealedColumns.ALL);

        Resealer.Outcome outcome = resealer.run(SealedColumns.ALL);
        assertTrue(outcome.resealed() >= users.size(), outcome.toString());
        assertTrue(outcome.refused() >= 1, outcome.toString());
        assertEquals(before, outcome.resealed() + outcome.refused());
        assertEquals(outcome.refused(), outcome.remaining(), "refused rows stay as they are");
        assertEquals(0, resealer.run(SealedColumns.ALL).resealed(), "a second run finds nothing to do");

        KeyVault onlyNewKey = KeyVault.withKeys(rotatedEntry, null);
        Map<UUID, byte[]> rows = rows();
        long moved = 0;
        for (Map.Entry<UUID, byte[]> row : rows.entrySet()) {
            if (rotated.isSealedWithActiveKey(row.getValue())) {
                onlyNewKey.open(row.getValue(), place(row.getKey()));
                moved++;
            }
        }
        assertEquals(outcome.resealed(), moved);
        for (UUID id : users) {
            assertTrue(rotated.isSealedWithActiveKey(rows.get(id)));
        }
        assertFalse(rotated.isSealedWithActiveKey(rows.get(foreign)));

        // Back to the server's key, so that the server (which does not know "rot") reads every row again.
        Resealer back = new Resealer(KeyVault.withKeys(serverKeys + "," + rotatedEntry, serverActiveId()),
                dataSource, new VaultMetrics(), 100);
        Resealer.Outcome restored = back.run(SealedColumns.ALL);
        assertEquals(outcome.resealed(), restored.resealed());
        assertArrayEquals(text, storageKeys.open(user, HISTORY, history), "the data key itself never changed");
    }

    private String serverActiveId() {
        return vault.activeKeyId();
    }

    private static SealContext place(UUID user) {
        return new SealContext("user_storage_keys", "key", user.toString());
    }

    private void write(UUID user, byte[] sealed) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "UPDATE user_storage_keys SET key = ? WHERE user_id = ?")) {
            statement.setBytes(1, sealed);
            statement.setObject(2, user);
            assertEquals(1, statement.executeUpdate());
        }
    }

    private Map<UUID, byte[]> rows() throws Exception {
        Map<UUID, byte[]> rows = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT user_id, key FROM user_storage_keys");
             ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.put((UUID) result.getObject(1), result.getBytes(2));
            }
        }
        return rows;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
