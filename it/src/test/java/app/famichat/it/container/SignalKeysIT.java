package app.famichat.it.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.accounts.AccountService;
import app.famichat.keys.BundleClaims;
import app.famichat.keys.ConcurrentSessionUpdateException;
import app.famichat.keys.HostedSignalStore;
import app.famichat.keys.PreKeyStock;
import app.famichat.keys.SignalStores;
import app.famichat.platform.persistence.FamichatDataSource;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.signal.libsignal.protocol.ReusedBaseKeyException;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.message.SignalMessage;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyBundle;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

/**
 * Signal keys of hosted users in the real container (production libsignal, PostgreSQL, the vault): PQXDH sessions
 * through the JPA-backed stores, one-time prekeys handed out once under concurrent claims, one-time and replay
 * rules of Kyber prekeys, optimistic session versions, and no private key in clear in any key table.
 */
@ExtendWith(ArquillianExtension.class)
class SignalKeysIT {

    private static final Logger LOG = Logger.getLogger(SignalKeysIT.class.getName());
    private static final String[] KEY_TABLES = {"signal_identity_keys", "signal_signed_prekeys",
        "signal_kyber_prekeys", "signal_kyber_prekey_uses", "signal_prekeys", "signal_remote_identities",
        "signal_sessions"};

    @Deployment
    static WebArchive deployment() {
        File war = new File(System.getProperty("famichat.it.distribution"), "deploy/famichat.war");
        return ShrinkWrap.createFromZipFile(WebArchive.class, war).addClasses(SignalKeysIT.class);
    }

    @Inject
    AccountService accounts;

    @Inject
    SignalStores stores;

    @Inject
    BundleClaims claims;

    @Resource(lookup = FamichatDataSource.JNDI_NAME)
    DataSource dataSource;

    @Resource(lookup = "java:comp/UserTransaction")
    UserTransaction tx;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threadFactory;

    @Test
    void aFullPqxdhSessionBetweenTwoHostedUsers() throws Exception {
        UUID alice = hostedUser("alice");
        UUID bob = hostedUser("bob");
        SignalProtocolAddress aliceAddress = HostedSignalStore.address(alice, 1);
        SignalProtocolAddress bobAddress = HostedSignalStore.address(bob, 1);

        PreKeyBundle bundle = claims.claim(bob, 1);
        assertNotEquals(PreKeyBundle.NULL_PRE_KEY_ID, bundle.getPreKeyId());
        CiphertextMessage first = inTx(() -> {
            HostedSignalStore store = stores.forDevice(alice, 1);
            new SessionBuilder(store, bobAddress).process(bundle);
            return new SessionCipher(store, bobAddress).encrypt(utf8("hello bob"));
        });
        assertEquals(CiphertextMessage.PREKEY_TYPE, first.getType());

        byte[] received = inTx(() -> new SessionCipher(stores.forDevice(bob, 1), aliceAddress)
                .decrypt(new PreKeySignalMessage(first.serialize())));
        assertEquals("hello bob", new String(received, StandardCharsets.UTF_8));
        // The one-time prekeys are gone once used.
        assertFalse(inTx(() -> stores.forDevice(bob, 1).containsPreKey(bundle.getPreKeyId())));
        assertFalse(inTx(() -> stores.forDevice(bob, 1).containsKyberPreKey(bundle.getKyberPreKeyId())));

        CiphertextMessage reply = inTx(() -> new SessionCipher(stores.forDevice(bob, 1), aliceAddress)
                .encrypt(utf8("hi alice")));
        assertEquals(CiphertextMessage.WHISPER_TYPE, reply.getType());
        byte[] replyText = inTx(() -> new SessionCipher(stores.forDevice(alice, 1), bobAddress)
                .decrypt(new SignalMessage(reply.serialize())));
        assertEquals("hi alice", new String(replyText, StandardCharsets.UTF_8));

        CiphertextMessage second = inTx(() -> new SessionCipher(stores.forDevice(alice, 1), bobAddress)
                .encrypt(utf8("second")));
        assertEquals(CiphertextMessage.WHISPER_TYPE, second.getType());
        assertEquals("second", new String(inTx(() -> new SessionCipher(stores.forDevice(bob, 1), aliceAddress)
                .decrypt(new SignalMessage(second.serialize()))), StandardCharsets.UTF_8));

        // A replay of the first message is refused by libsignal, and nothing is committed.
        Exception replay = assertThrows(Exception.class, () -> inTx(() -> new SessionCipher(stores.forDevice(bob, 1),
                aliceAddress).decrypt(new PreKeySignalMessage(first.serialize()))));
        assertTrue(replay.getClass().getName().startsWith("org.signal.libsignal.protocol."), replay.toString());
        assertEquals(3L, sessionVersion(bob, alice), "bob's session: stored at first decrypt, reply, second");
    }

    @Test
    void parallelClaimsHandOutEachOneTimePrekeyOnceThenTheLastResortKey() throws Exception {
        UUID target = hostedUser("claims");
        int claimsTotal = PreKeyStock.ONE_TIME_EC + 30;
        ExecutorService pool = Executors.newFixedThreadPool(16, threadFactory);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<int[]>> results = new ArrayList<>();
        try {
            for (int i = 0; i < claimsTotal; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    PreKeyBundle bundle = claims.claim(target, 1);
                    return new int[] {bundle.getPreKeyId(), bundle.getKyberPreKeyId()};
                }));
            }
            start.countDown();
            List<Integer> ecIds = new ArrayList<>();
            List<Integer> kyberIds = new ArrayList<>();
            for (Future<int[]> result : results) {
                int[] ids = result.get(60, TimeUnit.SECONDS);
                ecIds.add(ids[0]);
                kyberIds.add(ids[1]);
            }
            List<Integer> handedOutEc = ecIds.stream().filter(id -> id != PreKeyBundle.NULL_PRE_KEY_ID).toList();
            assertEquals(PreKeyStock.ONE_TIME_EC, handedOutEc.size());
            assertEquals(PreKeyStock.ONE_TIME_EC, new HashSet<>(handedOutEc).size(), "an EC prekey handed out twice");
            assertEquals(claimsTotal - PreKeyStock.ONE_TIME_EC,
                    Collections.frequency(ecIds, PreKeyBundle.NULL_PRE_KEY_ID));
            List<Integer> oneTimeKyber = kyberIds.stream().filter(id -> id != 1).toList();
            assertEquals(PreKeyStock.ONE_TIME_KYBER, oneTimeKyber.size());
            assertEquals(PreKeyStock.ONE_TIME_KYBER, new HashSet<>(oneTimeKyber).size(), "a Kyber key handed out twice");
            assertEquals(claimsTotal - PreKeyStock.ONE_TIME_KYBER, Collections.frequency(kyberIds, 1));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(new BundleClaims.Stock(0, 0), claims.stock(target, 1));

        // The empty stock still gives a working session: no one-time EC key, the Kyber last-resort key.
        UUID sender = hostedUser("sender");
        SignalProtocolAddress targetAddress = HostedSignalStore.address(target, 1);
        PreKeyBundle lastResort = claims.claim(target, 1);
        assertEquals(PreKeyBundle.NULL_PRE_KEY_ID, lastResort.getPreKeyId());
        assertEquals(1, lastResort.getKyberPreKeyId());
        CiphertextMessage first = inTx(() -> {
            HostedSignalStore store = stores.forDevice(sender, 1);
            new SessionBuilder(store, targetAddress).process(lastResort);
            return new SessionCipher(store, targetAddress).encrypt(utf8("after the stock ran out"));
        });
        assertEquals("after the stock ran out", new String(inTx(() -> new SessionCipher(stores.forDevice(target, 1),
                HostedSignalStore.address(sender, 1)).decrypt(new PreKeySignalMessage(first.serialize()))),
                StandardCharsets.UTF_8));
        assertTrue(inTx(() -> stores.forDevice(target, 1).containsKyberPreKey(1)), "the last-resort key stays");
    }

    @Test
    void kyberPrekeysAreOneTimeAndTheLastResortKeyRefusesAReplayedBaseKey() throws Exception {
        UUID user = hostedUser("kyber");
        ECPublicKey base = ECKeyPair.generate().getPublicKey();
        ECPublicKey otherBase = ECKeyPair.generate().getPublicKey();

        inTx(() -> markUsed(user, 1, base));
        assertThrows(ReusedBaseKeyException.class, () -> inTx(() -> markUsed(user, 1, base)));
        inTx(() -> markUsed(user, 1, otherBase));

        inTx(() -> markUsed(user, 2, base));
        assertThrows(ReusedBaseKeyException.class, () -> inTx(() -> markUsed(user, 2, otherBase)));
        assertFalse(inTx(() -> stores.forDevice(user, 1).containsKyberPreKey(2)));
    }

    @Test
    void twoWritersCannotBothAdvanceOneSession() throws Exception {
        UUID alice = hostedUser("writer-a");
        UUID bob = hostedUser("writer-b");
        SignalProtocolAddress bobAddress = HostedSignalStore.address(bob, 1);
        PreKeyBundle bundle = claims.claim(bob, 1);
        inTx(() -> {
            new SessionBuilder(stores.forDevice(alice, 1), bobAddress).process(bundle);
            return null;
        });

        HostedSignalStore slow = stores.forDevice(alice, 1);
        SessionRecord stale = inTx(() -> slow.loadSession(bobAddress));
        inTx(() -> new SessionCipher(stores.forDevice(alice, 1), bobAddress).encrypt(utf8("fast writer")));
        assertThrows(ConcurrentSessionUpdateException.class, () -> inTx(() -> {
            slow.storeSession(bobAddress, stale);
            return null;
        }));
        assertEquals(2L, sessionVersion(alice, bob));
    }

    @Test
    void noPrivateKeyAppearsInClearInAnyKeyTable() throws Exception {
        UUID alice = hostedUser("inspect-a");
        UUID bob = hostedUser("inspect-b");
        SignalProtocolAddress bobAddress = HostedSignalStore.address(bob, 1);
        PreKeyBundle bundle = claims.claim(bob, 1);
        inTx(() -> {
            HostedSignalStore store = stores.forDevice(alice, 1);
            new SessionBuilder(store, bobAddress).process(bundle);
            return new SessionCipher(store, bobAddress).encrypt(utf8("a session row"));
        });

        List<byte[]> secrets = new ArrayList<>();
        List<byte[]> publics = new ArrayList<>();
        for (UUID user : List.of(alice, bob)) {
            inTx(() -> {
                HostedSignalStore store = stores.forDevice(user, 1);
                secrets.add(store.getIdentityKeyPair().getPrivateKey().serialize());
                secrets.add(store.getIdentityKeyPair().serialize());
                publics.add(store.getIdentityKeyPair().getPublicKey().serialize());
                for (SignedPreKeyRecord signed : store.loadSignedPreKeys()) {
                    secrets.add(signed.getKeyPair().getPrivateKey().serialize());
                    secrets.add(signed.serialize());
                }
                for (KyberPreKeyRecord kyber : store.loadKyberPreKeys()) {
                    byte[] secret = kyber.getKeyPair().getSecretKey().serialize();
                    secrets.add(secret);
                    // The first part of an ML-KEM secret key is the private vector alone (the rest holds the
                    // public key, which is in clear on purpose).
                    secrets.add(Arrays.copyOfRange(secret, 0, 1024));
                    publics.add(kyber.getKeyPair().getPublicKey().serialize());
                }
                for (int id = 1; id <= PreKeyStock.ONE_TIME_EC; id++) {
                    if (store.containsPreKey(id)) {
                        secrets.add(store.loadPreKey(id).getKeyPair().getPrivateKey().serialize());
                    }
                }
                return null;
            });
        }
        secrets.add(inTx(() -> stores.forDevice(alice, 1).loadSession(bobAddress).serialize()));
        assertTrue(secrets.size() > 2 * (PreKeyStock.ONE_TIME_EC + PreKeyStock.ONE_TIME_KYBER), "secrets collected");

        List<byte[]> cells = new ArrayList<>();
        try (Connection db = dataSource.getConnection()) {
            for (String table : KEY_TABLES) {
                String owner = table.equals("signal_sessions") || table.equals("signal_remote_identities")
                        ? "local_user_id" : "user_id";
                try (PreparedStatement query = db.prepareStatement("SELECT * FROM " + table + " WHERE " + owner
                        + " IN (?, ?)")) {
                    query.setObject(1, alice);
                    query.setObject(2, bob);
                    try (ResultSet rows = query.executeQuery()) {
                        ResultSetMetaData meta = rows.getMetaData();
                        while (rows.next()) {
                            for (int column = 1; column <= meta.getColumnCount(); column++) {
                                byte[] raw = meta.getColumnTypeName(column).equals("bytea")
                                        ? rows.getBytes(column)
                                        : String.valueOf(rows.getString(column)).getBytes(StandardCharsets.UTF_8);
                                if (raw != null) {
                                    cells.add(raw);
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(cells.size() > 1000, "rows read: " + cells.size());
        // The search works: public keys are stored in clear and are found.
        for (byte[] publicKey : publics) {
            assertTrue(cells.stream().anyMatch(cell -> contains(cell, publicKey)), "public key not found");
        }
        int checked = 0;
        for (byte[] secret : secrets) {
            for (byte[] cell : cells) {
                assertFalse(contains(cell, secret), "a private key or secret record is stored in clear");
            }
            checked++;
        }
        LOG.info("SignalKeysIT inspection: " + checked + " secrets checked against " + cells.size() + " cells");
    }

    @Test
    void aNewDeviceHasItsFullStockAndRemovingItDeletesItsKeys() throws Exception {
        UUID user = hostedUser("stock");
        accounts.addDevice(user, "laptop");
        assertEquals(new BundleClaims.Stock(PreKeyStock.ONE_TIME_EC, PreKeyStock.ONE_TIME_KYBER), claims.stock(user, 2));
        assertEquals(PreKeyStock.ONE_TIME_EC + PreKeyStock.ONE_TIME_KYBER + 2, keyRowsOf(user, 2));

        accounts.removeDevice(user, 2);
        assertEquals(0, keyRowsOf(user, 2));
        assertEquals(PreKeyStock.ONE_TIME_EC + PreKeyStock.ONE_TIME_KYBER + 2, keyRowsOf(user, 1));
    }

    private int keyRowsOf(UUID user, int device) throws Exception {
        try (Connection db = dataSource.getConnection();
             PreparedStatement query = db.prepareStatement("SELECT (SELECT count(*) FROM signal_prekeys WHERE "
                     + "user_id = ? AND device_id = ?) + (SELECT count(*) FROM signal_kyber_prekeys WHERE user_id = ? "
                     + "AND device_id = ?) + (SELECT count(*) FROM signal_signed_prekeys WHERE user_id = ? AND "
                     + "device_id = ?)")) {
            for (int i = 0; i < 3; i++) {
                query.setObject(2 * i + 1, user);
                query.setShort(2 * i + 2, (short) device);
            }
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                return row.getInt(1);
            }
        }
    }

    @Test
    void costOfKeyGenerationAtRegistrationAndDeviceCreation() {
        int runs = 7;
        long[] register = new long[runs];
        long[] device = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            UUID user = accounts.register("cost-" + UUID.randomUUID().toString().substring(0, 8), "correct horse "
                    + "battery", "Cost").id();
            long t1 = System.nanoTime();
            accounts.addDevice(user, "phone");
            long t2 = System.nanoTime();
            register[i] = (t1 - t0) / 1000;
            device[i] = (t2 - t1) / 1000;
        }
        Arrays.sort(register);
        Arrays.sort(device);
        String report = "KEYGEN-TIMING register (Argon2id + identity key) median " + register[runs / 2]
                + " us, min " + register[0] + " us; addDevice (signed + last-resort + 100 EC + 100 Kyber, sealed, "
                + "stored) median " + device[runs / 2] + " us, min " + device[0] + " us";
        LOG.info(report);
        System.out.println(report);
        assertTrue(device[runs / 2] < 5_000_000, report);
    }

    private Object markUsed(UUID user, int kyberId, ECPublicKey base) throws ReusedBaseKeyException {
        stores.forDevice(user, 1).markKyberPreKeyUsed(kyberId, 1, base);
        return null;
    }

    private UUID hostedUser(String tag) {
        UUID user = accounts.register(tag + "-" + UUID.randomUUID().toString().substring(0, 8), "correct horse battery",
                tag).id();
        accounts.addDevice(user, "phone");
        return user;
    }

    private long sessionVersion(UUID local, UUID remote) throws Exception {
        try (Connection db = dataSource.getConnection();
             PreparedStatement query = db.prepareStatement("SELECT version FROM signal_sessions WHERE local_user_id = ? "
                     + "AND remote_user_id = ?")) {
            query.setObject(1, local);
            query.setObject(2, remote);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                return row.getLong(1);
            }
        }
    }

    private <T> T inTx(Callable<T> work) throws Exception {
        tx.begin();
        try {
            T result = work.call();
            tx.commit();
            return result;
        } catch (Exception | Error e) {
            if (tx.getStatus() != Status.STATUS_NO_TRANSACTION) {
                tx.rollback();
            }
            throw e;
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
