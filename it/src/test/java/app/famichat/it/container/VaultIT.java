package app.famichat.it.container;

import app.famichat.accounts.DeviceAddress;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.accounts.AccountService;
import app.famichat.custody.KeyCustody;
import app.famichat.custody.Keyrings;
import app.famichat.families.FamilyService;
import app.famichat.keys.BundleClaims;
import app.famichat.keys.HostedSignalStore;
import app.famichat.keys.SignalStores;
import app.famichat.it.support.Sql;
import app.famichat.platform.persistence.FamichatDataSource;
import app.famichat.recovery.FamilyRecovery;
import app.famichat.recovery.Guardians;
import app.famichat.sessions.Caller;
import app.famichat.vault.KeyVault;
import app.famichat.vault.Resealer;
import app.famichat.vault.SealContext;
import app.famichat.vault.SealedColumn;
import app.famichat.reseal.SealedColumns;
import app.famichat.vault.StorageKeyErasedException;
import app.famichat.vault.StorageKeys;
import app.famichat.vault.UnlockedKeyrings;
import app.famichat.vault.VaultException;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.message.SignalMessage;
import org.signal.libsignal.protocol.state.PreKeyBundle;
import org.signal.libsignal.protocol.state.SessionRecord;

/**
 * Per-user storage keys and key rotation inside the container, against PostgreSQL: registration creates a sealed
 * storage key, data sealed under it opens only for its user and place and not at all once the key is erased,
 * and rotation plus the re-seal job moves every storage key, every Signal secret (identity keys, prekeys,
 * sessions) and every locked custody and family recovery secret to the new key, without breaking a session
 * established before or losing one advanced meanwhile.
 */
@ExtendWith(ArquillianExtension.class)
class VaultIT {

    private static final Logger LOG = Logger.getLogger(VaultIT.class.getName());
    private static final SealContext HISTORY = new SealContext("history", "body", "1");

    @Deployment
    static WebArchive deployment() {
        File war = new File(System.getProperty("famichat.it.distribution"), "deploy/famichat.war");
        return ShrinkWrap.createFromZipFile(WebArchive.class, war).addClasses(VaultIT.class, InTransaction.class, Sql.class);
    }

    @Inject
    AccountService accounts;

    @Inject
    StorageKeys storageKeys;

    @Inject
    KeyVault vault;

    @Inject
    SignalStores stores;

    @Inject
    BundleClaims claims;

    @Inject
    Resealer resealer;

    @Inject
    Keyrings keyrings;

    @Inject
    FamilyService families;

    @Inject
    Guardians guardians;

    @Inject
    FamilyRecovery recovery;

    @Resource(lookup = FamichatDataSource.JNDI_NAME)
    DataSource dataSource;

    @Resource(lookup = "java:comp/UserTransaction")
    UserTransaction tx;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    private static final String PASSWORD = "correct horse battery";

    private UUID register() {
        return register("vault-" + System.nanoTime());
    }

    private UUID register(String username) {
        return accounts.register(username, PASSWORD, "Vault").id();
    }

    @Test
    void registrationCreatesASealedStorageKey() throws Exception {
        UUID user = register();
        assertTrue(storageKeys.exists(user));
        byte[] stored = rows().get(user);
        String active = vault.activeKeyId();
        assertEquals(active, keyId(stored));
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
    void rotationPlusResealMovesEveryStorageKeyAndSignalSecretToTheNewKey() throws Exception {
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            users.add(register());
        }
        UUID user = register();
        users.add(user);
        // A user in locked custody: the job moves the vault's layer of their secrets, of their keyring and of its
        // copy under their recovery code as well.
        UUID locked = register();
        inTx(() -> {
            try (UnlockedKeyrings.Binding unlocked = keyrings.lock(locked, "correct horse battery", null, null, null)) {
                keyrings.newRecoveryCode(locked);
            }
            return null;
        });
        users.add(locked);
        // Family recovery: a locked owner with two locked guardians, a request and one approval, so that every
        // column of its four tables has a row (the request's columns are keyed by the request, not the user).
        UUID recoveryRequest = familyRecoveryWithARequest(users);
        byte[] text = "history".getBytes(StandardCharsets.UTF_8);
        byte[] history = storageKeys.seal(user, HISTORY, text);
        // A row no configured key opens (as written by another server sharing this database under another key
        // with the same id, or tampered with): the job must leave it and count it as refused.
        UUID foreign = register();
        KeyVault other = KeyVault.withKeys(serverActiveId() + ":" + Base64.getEncoder().encodeToString(randomBytes(32)),
                null);
        write(foreign, other.seal(randomBytes(32), place(foreign)));

        // Two hosted users with a PQXDH session both ways, established before the rotation.
        UUID alice = hostedUser();
        UUID bob = hostedUser();
        users.addAll(List.of(alice, bob));
        SignalProtocolAddress aliceAddress = HostedSignalStore.address(new DeviceAddress(alice, 1));
        SignalProtocolAddress bobAddress = HostedSignalStore.address(new DeviceAddress(bob, 1));
        PreKeyBundle bundle = claims.claim(new DeviceAddress(bob, 1));
        CiphertextMessage hello = inTx(() -> {
            HostedSignalStore store = stores.forDevice(new DeviceAddress(alice, 1));
            new SessionBuilder(store, bobAddress).process(bundle);
            return new SessionCipher(store, bobAddress).encrypt(utf8("before the rotation"));
        });
        assertEquals("before the rotation", decrypt(bob, aliceAddress, new PreKeySignalMessage(hello.serialize())));
        assertEquals("reply", decrypt(alice, bobAddress, new SignalMessage(encrypt(bob, aliceAddress, "reply"))));
        // A writer that loads alice's session before the re-seal and stores it after.
        HostedSignalStore early = stores.forDevice(new DeviceAddress(alice, 1));
        SessionRecord loadedEarly = inTx(() -> early.loadSession(bobAddress));

        String serverKeys = System.getProperty("famichat.vault.keys");
        // A key id of this run's own: a database kept from an earlier, failed run may hold rows under another "rot".
        String rot = "rot-" + Long.toString(System.nanoTime(), 36);
        String rotatedEntry = rot + ":" + Base64.getEncoder().encodeToString(randomBytes(32));
        KeyVault rotated = KeyVault.withKeys(serverKeys + "," + rotatedEntry, rot);
        // Batches of 50 end inside a device's 101 Kyber and 100 EC prekeys: the composite keyset cursor is used.
        long before = resealer.remaining(rotated, SealedColumns.ALL);

        // Bob's device advances its session with alice while the job runs: the job skips the locked row.
        tx.begin();
        byte[] duringReseal;
        Resealer.Outcome outcome;
        long started = System.nanoTime();
        try {
            duringReseal = new SessionCipher(stores.forDevice(new DeviceAddress(bob, 1)), aliceAddress)
                    .encrypt(utf8("sent during the re-seal")).serialize();
            outcome = executor.submit(() -> resealer.run(rotated, SealedColumns.ALL, 50)).get(10, TimeUnit.MINUTES);
            tx.commit();
        } catch (Exception | Error e) {
            InTransaction.rollbackIfActive(tx);
            throw e;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(outcome.resealed() > users.size(), outcome.toString());
        assertTrue(outcome.refused() >= 1, outcome.toString());
        assertEquals(before, outcome.resealed() + outcome.refused() + 1, "one row was locked: " + outcome);
        assertEquals(outcome.refused() + 1, outcome.remaining(), "refused rows stay as they are, the locked one waits");
        LOG.info("RESEAL-TIMING " + outcome.resealed() + " rows re-sealed in " + millis + " ms (batches of 50)");

        Resealer.Outcome rest = resealer.run(rotated, SealedColumns.ALL, 50);
        assertEquals(1, rest.resealed(), "the next run moves the row that was locked, and nothing else: " + rest);
        assertEquals(outcome.refused(), rest.remaining());

        KeyVault onlyNewKey = KeyVault.withKeys(rotatedEntry, null);
        List<UUID> owners = new ArrayList<>(users);
        owners.add(recoveryRequest);
        Map<SealContext, byte[]> moved = sealedValuesOf(owners);
        assertEquals(SealedColumns.ALL.stream().map(SealedColumn::table).collect(Collectors.toSet()),
                moved.keySet().stream().map(SealContext::table).collect(Collectors.toSet()), "rows of every column");
        moved.forEach((where, sealed) -> {
            assertEquals(rot, keyId(sealed), where.table());
            onlyNewKey.open(sealed, where);
        });
        assertEquals(outcome.resealed() + rest.resealed(), countSealedBy(rot));
        assertEquals(serverActiveId(), keyId(rows().get(foreign)), "the refused row");

        inTx(() -> {
            early.storeSession(bobAddress, loadedEarly);
            return null;
        });

        // Back to the server's key, so that the server (which does not know the new key) reads every row again.
        KeyVault back = KeyVault.withKeys(serverKeys + "," + rotatedEntry, serverActiveId());
        Resealer.Outcome restored = resealer.run(back, SealedColumns.ALL, 500);
        assertEquals(outcome.resealed() + rest.resealed() - 1, restored.resealed(), "all but the session stored since");
        sealedValuesOf(owners).forEach((where, sealed) -> assertEquals(serverActiveId(), keyId(sealed), where.table()));
        assertArrayEquals(text, storageKeys.open(user, HISTORY, history), "the data key itself never changed");

        // The session established before goes on, and prekeys re-sealed twice still make a new one.
        assertEquals("sent during the re-seal", decrypt(alice, bobAddress, new SignalMessage(duringReseal)));
        assertEquals("after the re-seal", decrypt(bob, aliceAddress,
                new SignalMessage(encrypt(alice, bobAddress, "after the re-seal"))));
        UUID carol = hostedUser();
        PreKeyBundle fresh = claims.claim(new DeviceAddress(bob, 1));
        CiphertextMessage first = inTx(() -> {
            HostedSignalStore store = stores.forDevice(new DeviceAddress(carol, 1));
            new SessionBuilder(store, bobAddress).process(fresh);
            return new SessionCipher(store, bobAddress).encrypt(utf8("a new session"));
        });
        assertEquals("a new session", decrypt(bob, HostedSignalStore.address(new DeviceAddress(carol, 1)),
                new PreKeySignalMessage(first.serialize())));
    }

    /**
     * A locked owner whose two locked guardians share a family with them, a guardian setup (2 of 2), a pending
     * request and one guardian's approval (its released share); adds the three users to {@code users} and returns
     * the request's id.
     */
    private UUID familyRecoveryWithARequest(List<UUID> users) throws Exception {
        String ownerName = "vault-owner-" + System.nanoTime();
        UUID owner = register(ownerName);
        UUID approving = register();
        UUID waiting = register();
        inTx(() -> {
            UUID family = families.create(owner, "Vault family").family().id();
            for (UUID guardian : List.of(approving, waiting)) {
                families.accept(guardian, families.invite(owner, family).code());
            }
            return null;
        });
        UUID request = inTx(() -> {
            try (UnlockedKeyrings.Binding o = keyrings.lock(owner, PASSWORD, null, null, null);
                 UnlockedKeyrings.Binding a = keyrings.lock(approving, PASSWORD, null, null, null);
                 UnlockedKeyrings.Binding w = keyrings.lock(waiting, PASSWORD, null, null, null)) {
                guardians.setUp(caller(owner), PASSWORD, 2, List.of(approving, waiting));
                UUID started = recovery.start(ownerName, "a new password for the vault", "VaultIT", "127.0.0.1",
                        "vault-it").requestId();
                recovery.decide(caller(approving), started, true);
                return started;
            }
        });
        users.addAll(List.of(owner, approving, waiting));
        return request;
    }

    private static Caller caller(UUID user) {
        return new Caller(new DeviceAddress(user, 1), null, KeyCustody.LOCKED);
    }

    private String serverActiveId() {
        return vault.activeKeyId();
    }

    private UUID hostedUser() {
        UUID user = register();
        accounts.addDevice(user, "phone");
        return user;
    }

    private byte[] encrypt(UUID sender, SignalProtocolAddress recipient, String text) throws Exception {
        return inTx(() -> new SessionCipher(stores.forDevice(new DeviceAddress(sender, 1)), recipient).encrypt(utf8(text))).serialize();
    }

    private String decrypt(UUID recipient, SignalProtocolAddress sender, PreKeySignalMessage message) throws Exception {
        return new String(inTx(() -> new SessionCipher(stores.forDevice(new DeviceAddress(recipient, 1)), sender).decrypt(message)),
                StandardCharsets.UTF_8);
    }

    private String decrypt(UUID recipient, SignalProtocolAddress sender, SignalMessage message) throws Exception {
        return new String(inTx(() -> new SessionCipher(stores.forDevice(new DeviceAddress(recipient, 1)), sender).decrypt(message)),
                StandardCharsets.UTF_8);
    }

    private <T> T inTx(Callable<T> work) throws Exception {
        return InTransaction.call(tx, work);
    }

    private static SealContext place(UUID user) {
        return new SealContext("user_storage_keys", "key", user.toString());
    }

    /** The master key id in a stored ciphertext's header (format version 1: length byte, then the id). */
    private static String keyId(byte[] sealed) {
        assertEquals(1, sealed[0], "format version");
        return new String(sealed, 2, sealed[1], StandardCharsets.US_ASCII);
    }

    /**
     * Every sealed value in every column the re-seal job walks whose row's first id column is one of {@code owners}
     * (a user, or for the family recovery requests' columns a request), with its seal context rebuilt from the
     * row's id columns.
     */
    private Map<SealContext, byte[]> sealedValuesOf(List<UUID> owners) throws Exception {
        Map<SealContext, byte[]> values = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            for (SealedColumn column : SealedColumns.ALL) {
                List<String> ids = column.idColumns();
                try (PreparedStatement query = connection.prepareStatement("SELECT " + String.join(", ", ids) + ", "
                        + column.column() + " FROM " + column.table() + " WHERE " + ids.get(0) + " IN ("
                        + String.join(", ", Collections.nCopies(owners.size(), "?")) + ")")) {
                    for (int i = 0; i < owners.size(); i++) {
                        query.setObject(i + 1, owners.get(i));
                    }
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            Object[] id = new Object[ids.size()];
                            for (int i = 0; i < id.length; i++) {
                                id[i] = rows.getObject(i + 1);
                            }
                            values.put(column.place(id), rows.getBytes(ids.size() + 1));
                        }
                    }
                }
            }
        }
        return values;
    }

    /** Rows of the whole database, in every sealed column, whose ciphertext header names this key. */
    private long countSealedBy(String keyId) throws Exception {
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        byte[] header = new byte[2 + id.length];
        header[0] = 1;
        header[1] = (byte) id.length;
        System.arraycopy(id, 0, header, 2, id.length);
        long count = 0;
        try (Connection connection = dataSource.getConnection()) {
            for (SealedColumn column : SealedColumns.ALL) {
                try (PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM " + column.table()
                        + " WHERE substring(" + column.column() + " from 1 for " + header.length + ") = ?")) {
                    query.setBytes(1, header);
                    try (ResultSet rows = query.executeQuery()) {
                        rows.next();
                        count += rows.getLong(1);
                    }
                }
            }
        }
        return count;
    }

    private void write(UUID user, byte[] sealed) throws Exception {
        assertEquals(1, Sql.update(dataSource::getConnection, "UPDATE user_storage_keys SET key = ? WHERE user_id = ?",
                sealed, user));
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

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
