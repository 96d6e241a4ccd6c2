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
import java.util.Base64;
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
        for (int i = 0; i < 5; i++) {
            register();
        }
        UUID user = register();
        byte[] text = "history".getBytes(StandardCharsets.UTF_8);
        byte[] history = storageKeys.seal(user, HISTORY, text);
        String serverKeys = System.getProperty("famichat.vault.keys");
        String serverActive = vault.activeKeyId();
        String rotatedEntry = "rot:" + Base64.getEncoder().encodeToString(randomBytes(32));

        KeyVault rotated = KeyVault.withKeys(serverKeys + "," + rotatedEntry, "rot");
        VaultMetrics metrics = new VaultMetrics();
        Resealer resealer = new Resealer(rotated, dataSource, metrics, 2);
        long before = resealer.remaining(SealedColumns.ALL);
        assertTrue(before >= 6, "rows to move: " + before);

        Resealer.Outcome outcome = resealer.run(SealedColumns.ALL);
        assertEquals(before, outcome.resealed());
        assertEquals(0, outcome.refused());
        assertEquals(0, outcome.remaining());
        assertEquals(0, resealer.run(SealedColumns.ALL).resealed(), "a second run finds nothing to do");

        KeyVault onlyNewKey = KeyVault.withKeys(rotatedEntry, null);
        for (Map.Entry<UUID, byte[]> row : rows().entrySet()) {
            assertTrue(rotated.isSealedWithActiveKey(row.getValue()));
            onlyNewKey.open(row.getValue(), new SealContext("user_storage_keys", "key", row.getKey().toString()));
        }

        // Back to the server's key, so that the server (which does not know "rot") reads every row again.
        Resealer back = new Resealer(KeyVault.withKeys(serverKeys + "," + rotatedEntry, serverActive), dataSource,
                metrics, 100);
        assertEquals(0, back.run(SealedColumns.ALL).remaining());
        assertArrayEquals(text, storageKeys.open(user, HISTORY, history), "the data key itself never changed");
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
