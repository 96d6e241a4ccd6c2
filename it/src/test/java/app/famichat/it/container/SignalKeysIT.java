package app.famichat.it.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import app.famichat.accounts.AccountService;
import app.famichat.it.support.Sql;
import app.famichat.keys.BundleClaims;
import app.famichat.keys.ConcurrentSessionUpdateException;
import app.famichat.accounts.DeviceAddress;
import app.famichat.keys.HostedSignalStore;
import app.famichat.keys.KeySweep;
import app.famichat.keys.PreKeyRotation;
import app.famichat.keys.PreKeyStock;
import app.famichat.keys.PreKeysRotated;
import app.famichat.keys.Replenisher;
import app.famichat.keys.SignalStores;
import app.famichat.keys.StockPolicy;
import app.famichat.platform.persistence.FamichatDataSource;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
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
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.signal.libsignal.protocol.InvalidKeyIdException;
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
 * rules of Kyber prekeys, optimistic session versions, no private key in clear in any key table, and prekey
 * maintenance: background replenishment (after claims, by the sweep, by two at once), signed and last-resort
 * rotation with its grace period, and the key metrics. The server runs with the default key settings.
 */
@ExtendWith(ArquillianExtension.class)
class SignalKeysIT {

    private static final Logger LOG = Logger.getLogger(SignalKeysIT.class.getName());
    private static final String[] KEY_TABLES = {"signal_identity_keys", "signal_signed_prekeys",
        "signal_kyber_prekeys", "signal_kyber_prekey_uses", "signal_prekeys", "signal_remote_identities",
        "signal_sessions"};
    /** The one-time stock of each kind a device starts with and is topped up to (famichat.keys.one-time.target). */
    private static final int STOCK = StockPolicy.DEFAULT.target();
    private static final Duration BACKGROUND_WORK = Duration.ofSeconds(60);

    @Deployment
    static WebArchive deployment() {
        File war = new File(System.getProperty("famichat.it.distribution"), "deploy/famichat.war");
        return ShrinkWrap.createFromZipFile(WebArchive.class, war)
                .addClasses(SignalKeysIT.class, InTransaction.class, HostedUsers.class, Sql.class);
    }

    @Inject
    AccountService accounts;

    @Inject
    SignalStores stores;

    @Inject
    BundleClaims claims;

    @Inject
    Replenisher replenisher;

    @Inject
    PreKeyRotation rotation;

    @Inject
    KeySweep sweep;

    @Inject
    MetricRegistry metrics;

    @Resource(lookup = FamichatDataSource.JNDI_NAME)
    DataSource dataSource;

    @Resource(lookup = "java:comp/UserTransaction")
    UserTransaction tx;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threadFactory;

    @ArquillianResource
    URL deployment;

    @Test
    void aFullPqxdhSessionBetweenTwoHostedUsers() throws Exception {
        UUID alice = HostedUsers.withPhone(accounts, "alice");
        UUID bob = HostedUsers.withPhone(accounts, "bob");
        SignalProtocolAddress aliceAddress = HostedSignalStore.address(new DeviceAddress(alice, 1));
        SignalProtocolAddress bobAddress = HostedSignalStore.address(new DeviceAddress(bob, 1));

        PreKeyBundle bundle = claims.claim(new DeviceAddress(bob, 1));
        assertNotEquals(PreKeyBundle.NULL_PRE_KEY_ID, bundle.getPreKeyId());
        CiphertextMessage first = startSession(alice, bob, bundle, "hello bob");
        assertEquals(CiphertextMessage.PREKEY_TYPE, first.getType());

        byte[] received = openFirst(bob, alice, first);
        assertEquals("hello bob", new String(received, StandardCharsets.UTF_8));
        // The one-time prekeys are gone once used.
        assertFalse(inTx(() -> stores.forDevice(new DeviceAddress(bob, 1)).containsPreKey(bundle.getPreKeyId())));
        assertFalse(inTx(() -> stores.forDevice(new DeviceAddress(bob, 1)).containsKyberPreKey(bundle.getKyberPreKeyId())));

        CiphertextMessage reply = inTx(() -> new SessionCipher(stores.forDevice(new DeviceAddress(bob, 1)), aliceAddress)
                .encrypt(utf8("hi alice")));
        assertEquals(CiphertextMessage.WHISPER_TYPE, reply.getType());
        byte[] replyText = inTx(() -> new SessionCipher(stores.forDevice(new DeviceAddress(alice, 1)), bobAddress)
                .decrypt(new SignalMessage(reply.serialize())));
        assertEquals("hi alice", new String(replyText, StandardCharsets.UTF_8));

        CiphertextMessage second = inTx(() -> new SessionCipher(stores.forDevice(new DeviceAddress(alice, 1)), bobAddress)
                .encrypt(utf8("second")));
        assertEquals(CiphertextMessage.WHISPER_TYPE, second.getType());
        assertEquals("second", new String(inTx(() -> new SessionCipher(stores.forDevice(new DeviceAddress(bob, 1)), aliceAddress)
                .decrypt(new SignalMessage(second.serialize()))), StandardCharsets.UTF_8));

        // A replay of the first message is refused by libsignal, and nothing is committed.
        Exception replay = assertThrows(Exception.class, () -> openFirst(bob, alice, first));
        assertTrue(replay.getClass().getName().startsWith("org.signal.libsignal.protocol."), replay.toString());
        assertEquals(3L, sessionVersion(bob, alice), "bob's session: stored at first decrypt, reply, second");
    }

    /**
     * The claims run while the test holds the device's maintenance lock, so that the stock really runs out (the
     * background replenishment waits for the lock) and claims are shown not to wait for key generation.
     */
    @Test
    void parallelClaimsHandOutEachOneTimePrekeyOnceThenTheLastResortKeyThenTheStockIsReplenished() throws Exception {
        UUID target = HostedUsers.withPhone(accounts, "claims");
        int claimsTotal = STOCK + 30;
        long claimsBefore = counter("famichat_keys_bundle_claims", null);
        long noEcBefore = counter("famichat_keys_last_resort_claims", "ec");
        long lastResortBefore = counter("famichat_keys_last_resort_claims", "kyber");
        long replenishmentsBefore = counter("famichat_keys_replenishments", null);
        long replenishedEcBefore = counter("famichat_keys_replenished_prekeys", "ec");
        long replenishedKyberBefore = counter("famichat_keys_replenished_prekeys", "kyber");
        ExecutorService pool = Executors.newFixedThreadPool(16, threadFactory);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<int[]>> results = new ArrayList<>();
        Callable<Void> releaseMaintenance = holdKeyMaintenance(target);
        try {
            for (int i = 0; i < claimsTotal; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    PreKeyBundle bundle = claims.claim(new DeviceAddress(target, 1));
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
            assertEquals(STOCK, handedOutEc.size());
            assertEquals(STOCK, new HashSet<>(handedOutEc).size(), "an EC prekey handed out twice");
            assertEquals(claimsTotal - STOCK, Collections.frequency(ecIds, PreKeyBundle.NULL_PRE_KEY_ID));
            List<Integer> oneTimeKyber = kyberIds.stream().filter(id -> id != 1).toList();
            assertEquals(STOCK, oneTimeKyber.size());
            assertEquals(STOCK, new HashSet<>(oneTimeKyber).size(), "a Kyber key handed out twice");
            assertEquals(claimsTotal - STOCK, Collections.frequency(kyberIds, 1));
        } catch (Exception | Error e) {
            releaseMaintenance.call();
            throw e;
        } finally {
            pool.shutdownNow();
        }
        assertEquals(PreKeyStock.NONE, claims.stock(new DeviceAddress(target, 1)));

        // The empty stock still gives a working session: no one-time EC key, the Kyber last-resort key.
        UUID sender = HostedUsers.withPhone(accounts, "sender");
        PreKeyBundle lastResort = claims.claim(new DeviceAddress(target, 1));
        assertEquals(PreKeyBundle.NULL_PRE_KEY_ID, lastResort.getPreKeyId());
        assertEquals(1, lastResort.getKyberPreKeyId());
        CiphertextMessage first = startSession(sender, target, lastResort, "after the stock ran out");
        assertEquals("after the stock ran out", new String(openFirst(target, sender, first), StandardCharsets.UTF_8));
        assertTrue(inTx(() -> stores.forDevice(new DeviceAddress(target, 1)).containsKyberPreKey(1)), "the last-resort key stays");

        try {
            // Counted: every claim, and each one past the stock as a last-resort use of both kinds.
            assertEquals(claimsTotal + 1, counter("famichat_keys_bundle_claims", null) - claimsBefore);
            assertEquals(claimsTotal + 1 - STOCK, counter("famichat_keys_last_resort_claims", "ec") - noEcBefore);
            assertEquals(claimsTotal + 1 - STOCK,
                    counter("famichat_keys_last_resort_claims", "kyber") - lastResortBefore);
            await("the low-water gauges show the empty stock", () -> gauge("ec") == 0 && gauge("kyber") == 0);
            // The same figures reach an operator through /metrics (the gauge then counts from that endpoint's thread).
            List<String> scraped = scrapeMetrics();
            assertEquals(0, metricValue(scraped, "famichat_keys_one_time_prekeys_min", "kyber"));
            assertEquals(counter("famichat_keys_last_resort_claims", "kyber"),
                    metricValue(scraped, "famichat_keys_last_resort_claims_total", "kyber"));
            assertEquals(replenishmentsBefore, counter("famichat_keys_replenishments", null),
                    "nothing replenished while the device is locked");
        } finally {
            releaseMaintenance.call();
        }

        // The replenishment that waited for the lock now fills the stock to the target, with new ids.
        await("the background replenishment", () -> claims.stock(new DeviceAddress(target, 1)).equals(new PreKeyStock(STOCK, STOCK))
                && counter("famichat_keys_replenished_prekeys", "kyber") - replenishedKyberBefore == STOCK);
        assertArrayEquals(new int[] {STOCK + 1, 2 * STOCK, STOCK}, unclaimedIds("signal_prekeys", target));
        assertArrayEquals(new int[] {STOCK + 2, 2 * STOCK + 1, STOCK}, unclaimedIds("signal_kyber_prekeys", target));
        assertEquals(STOCK, counter("famichat_keys_replenished_prekeys", "ec") - replenishedEcBefore);
        assertEquals(1, counter("famichat_keys_replenishments", null) - replenishmentsBefore,
                "one replenishment for the whole burst of claims");
    }

    @Test
    void twoReplenishersAtOnceAddJustEnoughAndNeverReuseAnId() throws Exception {
        UUID user = HostedUsers.withPhone(accounts, "two-nodes");
        DeviceAddress device = new DeviceAddress(user, 1);
        // The whole stock claimed without events (as if they were lost), and the ten highest keys used (deleted):
        // new ids must still start above every id ever issued, not above the highest one left.
        markClaimed(user, STOCK);
        deleteHighest(user, 10);
        assertEquals(PreKeyStock.NONE, claims.stock(new DeviceAddress(user, 1)));

        ExecutorService pool = Executors.newFixedThreadPool(2, threadFactory);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<PreKeyStock>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return replenisher.replenish(device, Replenisher.NOTHING);
                }));
            }
            start.countDown();
            PreKeyStock added = runs.get(0).get(60, TimeUnit.SECONDS).plus(runs.get(1).get(60, TimeUnit.SECONDS));
            assertEquals(new PreKeyStock(STOCK, STOCK), added, "one of them filled the stock, the other added nothing");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(new PreKeyStock(STOCK, STOCK), claims.stock(new DeviceAddress(user, 1)));
        assertArrayEquals(new int[] {STOCK + 1, 2 * STOCK, STOCK}, unclaimedIds("signal_prekeys", user));
        assertArrayEquals(new int[] {STOCK + 2, 2 * STOCK + 1, STOCK}, unclaimedIds("signal_kyber_prekeys", user));
        assertEquals(PreKeyStock.NONE, replenisher.replenish(device, Replenisher.NOTHING), "a full stock gets nothing");
    }

    /**
     * A removal locks the devices row, then cascades to the device's id row; a replenishment locks the id row,
     * then its inserts check the devices row. The replenishment takes the devices row first, so one waits for the
     * other instead of both deadlocking.
     */
    @Test
    void removingADeviceWhileItIsReplenishedDoesNotDeadlock() throws Exception {
        UUID user = HostedUsers.withPhone(accounts, "remove");
        DeviceAddress device = new DeviceAddress(user, 1);
        markClaimed(user, STOCK);
        Callable<Void> releaseMaintenance = holdKeyMaintenance(user);
        ExecutorService pool = Executors.newFixedThreadPool(2, threadFactory);
        try {
            Future<PreKeyStock> replenishment = pool.submit(() -> replenisher.replenish(device, Replenisher.NOTHING));
            await("the replenishment waits for the id row", () -> waitingForALock("SELECT next_ec_id%"));
            Future<?> removal = pool.submit(() -> {
                accounts.removeDevice(user, 1);
                return null;
            });
            await("the removal waits for the replenishment", () -> waitingForALock("DELETE FROM devices%"));
            releaseMaintenance.call();
            assertEquals(new PreKeyStock(STOCK, STOCK), replenishment.get(60, TimeUnit.SECONDS));
            removal.get(60, TimeUnit.SECONDS);
        } finally {
            releaseMaintenance.call();
            pool.shutdownNow();
        }
        assertEquals(0, keyRowsOf(user, 1));
    }

    private boolean waitingForALock(String statement) throws SQLException {
        return Sql.number(dataSource::getConnection, "SELECT count(*) FROM pg_stat_activity WHERE "
                + "datname = current_database() AND wait_event_type = 'Lock' AND query LIKE ?", statement) > 0;
    }

    @Test
    void theSweepTopsUpAStockWhoseClaimsStartedNoReplenishment() throws Exception {
        UUID user = HostedUsers.withPhone(accounts, "sweep");
        markClaimed(user, STOCK - 15);
        assertEquals(new PreKeyStock(15, 15), claims.stock(new DeviceAddress(user, 1)));

        KeySweep.Outcome outcome = sweep.sweep(Instant.now());
        assertTrue(outcome.replenished() >= 1, outcome.toString());
        assertEquals(new PreKeyStock(STOCK, STOCK), claims.stock(new DeviceAddress(user, 1)));
    }

    /**
     * Rotation is driven with a moved clock: weeks pass in a second. The grace period runs from the replacement, so
     * a replaced signed prekey stays loadable for sessions from bundles claimed before, and goes afterwards.
     */
    @Test
    void rotationKeepsTheReplacedSignedPrekeyForTheGracePeriodThenDeletesIt() throws Exception {
        UUID bob = HostedUsers.withPhone(accounts, "rotate-b");
        DeviceAddress bobDevice = new DeviceAddress(bob, 1);
        PreKeyBundle claimedEarly = claims.claim(new DeviceAddress(bob, 1));
        PreKeyBundle claimedEarlyToo = claims.claim(new DeviceAddress(bob, 1));
        assertEquals(1, claimedEarly.getSignedPreKeyId());
        long rotationsBefore = counter("famichat_keys_signed_prekey_rotations", null);
        long retiredBefore = counter("famichat_keys_retired_prekeys", "signed");

        Instant nextWeek = Instant.now().plus(Duration.ofDays(8));
        assertEquals(new PreKeysRotated(true, 0, 0), rotation.rotate(bobDevice, nextWeek));
        assertEquals(PreKeysRotated.NOTHING, rotation.rotate(bobDevice, nextWeek), "a second node finds nothing due");
        PreKeyBundle claimedLater = claims.claim(new DeviceAddress(bob, 1));
        assertEquals(2, claimedLater.getSignedPreKeyId(), "claims hand out the newest signed prekey");
        assertEquals(List.of(1, STOCK + 2), lastResortIds(bob), "a new last-resort Kyber key, next Kyber id");
        assertTrue(inTx(() -> stores.forDevice(new DeviceAddress(bob, 1)).containsSignedPreKey(1)), "the replaced key stays");

        // A session from the bundle claimed before the rotation still starts (PQXDH through the hosted stores).
        UUID alice = HostedUsers.withPhone(accounts, "rotate-a");
        CiphertextMessage fromEarlyBundle = startSession(alice, bob, claimedEarly, "from a bundle of last week");
        assertEquals("from a bundle of last week", new String(openFirst(bob, alice, fromEarlyBundle),
                StandardCharsets.UTF_8));

        // A grace period after the replacement: key 1 and last-resort key 1 go; key 2, replaced only now, stays.
        Instant afterGrace = nextWeek.plus(Duration.ofDays(31));
        assertEquals(new PreKeysRotated(true, 1, 1), rotation.rotate(bobDevice, afterGrace));
        assertThrows(InvalidKeyIdException.class, () -> inTx(() -> stores.forDevice(new DeviceAddress(bob, 1)).loadSignedPreKey(1)));
        assertEquals(2, inTx(() -> stores.forDevice(new DeviceAddress(bob, 1)).loadSignedPreKey(2)).getId());
        assertEquals(3, claims.claim(new DeviceAddress(bob, 1)).getSignedPreKeyId());
        assertEquals(List.of(STOCK + 2, STOCK + 3), lastResortIds(bob));

        // A bundle naming the deleted key no longer gives a session.
        UUID carol = HostedUsers.withPhone(accounts, "rotate-c");
        CiphertextMessage tooLate = startSession(carol, bob, claimedEarlyToo, "too late");
        assertThrows(InvalidKeyIdException.class, () -> openFirst(bob, carol, tooLate));

        assertEquals(2, counter("famichat_keys_signed_prekey_rotations", null) - rotationsBefore);
        assertEquals(1, counter("famichat_keys_retired_prekeys", "signed") - retiredBefore);
    }

    @Test
    void kyberPrekeysAreOneTimeAndTheLastResortKeyRefusesAReplayedBaseKey() throws Exception {
        UUID user = HostedUsers.withPhone(accounts, "kyber");
        ECPublicKey base = ECKeyPair.generate().getPublicKey();
        ECPublicKey otherBase = ECKeyPair.generate().getPublicKey();

        inTx(() -> markUsed(user, 1, base));
        assertThrows(ReusedBaseKeyException.class, () -> inTx(() -> markUsed(user, 1, base)));
        inTx(() -> markUsed(user, 1, otherBase));

        inTx(() -> markUsed(user, 2, base));
        assertThrows(ReusedBaseKeyException.class, () -> inTx(() -> markUsed(user, 2, otherBase)));
        assertFalse(inTx(() -> stores.forDevice(new DeviceAddress(user, 1)).containsKyberPreKey(2)));
    }

    @Test
    void twoWritersCannotBothAdvanceOneSession() throws Exception {
        UUID alice = HostedUsers.withPhone(accounts, "writer-a");
        UUID bob = HostedUsers.withPhone(accounts, "writer-b");
        SignalProtocolAddress bobAddress = HostedSignalStore.address(new DeviceAddress(bob, 1));
        PreKeyBundle bundle = claims.claim(new DeviceAddress(bob, 1));
        inTx(() -> {
            new SessionBuilder(stores.forDevice(new DeviceAddress(alice, 1)), bobAddress).process(bundle);
            return null;
        });

        HostedSignalStore slow = stores.forDevice(new DeviceAddress(alice, 1));
        SessionRecord stale = inTx(() -> slow.loadSession(bobAddress));
        inTx(() -> new SessionCipher(stores.forDevice(new DeviceAddress(alice, 1)), bobAddress).encrypt(utf8("fast writer")));
        assertThrows(ConcurrentSessionUpdateException.class, () -> inTx(() -> {
            slow.storeSession(bobAddress, stale);
            return null;
        }));
        assertEquals(2L, sessionVersion(alice, bob));
    }

    @Test
    void noPrivateKeyAppearsInClearInAnyKeyTable() throws Exception {
        UUID alice = HostedUsers.withPhone(accounts, "inspect-a");
        UUID bob = HostedUsers.withPhone(accounts, "inspect-b");
        SignalProtocolAddress bobAddress = HostedSignalStore.address(new DeviceAddress(bob, 1));
        PreKeyBundle bundle = claims.claim(new DeviceAddress(bob, 1));
        startSession(alice, bob, bundle, "a session row");

        List<byte[]> secrets = new ArrayList<>();
        List<byte[]> publics = new ArrayList<>();
        for (UUID user : List.of(alice, bob)) {
            inTx(() -> {
                HostedSignalStore store = stores.forDevice(new DeviceAddress(user, 1));
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
                for (int id = 1; id <= STOCK; id++) {
                    if (store.containsPreKey(id)) {
                        secrets.add(store.loadPreKey(id).getKeyPair().getPrivateKey().serialize());
                    }
                }
                return null;
            });
        }
        secrets.add(inTx(() -> stores.forDevice(new DeviceAddress(alice, 1)).loadSession(bobAddress).serialize()));
        assertTrue(secrets.size() > 2 * (STOCK + STOCK), "secrets collected");

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
        UUID user = HostedUsers.withPhone(accounts, "stock");
        accounts.addDevice(user, "laptop");
        assertEquals(new PreKeyStock(STOCK, STOCK), claims.stock(new DeviceAddress(user, 2)));
        assertEquals(STOCK + STOCK + 2, keyRowsOf(user, 2));

        accounts.removeDevice(user, 2);
        assertEquals(0, keyRowsOf(user, 2));
        assertEquals(STOCK + STOCK + 2, keyRowsOf(user, 1));
    }

    private long keyRowsOf(UUID user, int device) throws Exception {
        return Sql.keyRows(dataSource::getConnection, user, device);
    }

    @Test
    void costOfKeyGenerationAtRegistrationAndDeviceCreation() {
        int runs = 7;
        long[] register = new long[runs];
        long[] device = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            UUID user = accounts.register("cost-" + UUID.randomUUID().toString().substring(0, 8),
                    HostedUsers.PASSWORD, "Cost").id();
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

    /**
     * Takes the device's maintenance lock (its signal_prekey_ids row), as a replenishment or rotation on another
     * node would, in a transaction of its own on a thread of its own; the returned call ends it. (A connection
     * held open by the test thread itself would not do: the server enlists it into the test's next transaction,
     * whose commit ends the lock.)
     */
    private Callable<Void> holdKeyMaintenance(UUID user) throws Exception {
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor(threadFactory);
        Future<Object> held = holder.submit(() -> inTx(() -> {
            try (Connection db = dataSource.getConnection();
                 PreparedStatement lock = db.prepareStatement("SELECT 1 FROM signal_prekey_ids WHERE user_id = ? "
                         + "AND device_id = 1 FOR UPDATE")) {
                lock.setObject(1, user);
                try (ResultSet row = lock.executeQuery()) {
                    assertTrue(row.next(), "the device has an id row");
                }
                locked.countDown();
                return release.await(BACKGROUND_WORK.toSeconds(), TimeUnit.SECONDS);
            }
        }));
        if (!locked.await(BACKGROUND_WORK.toSeconds(), TimeUnit.SECONDS)) {
            held.get(1, TimeUnit.SECONDS);
            fail("The maintenance lock was not taken");
        }
        return () -> {
            release.countDown();
            try {
                assertEquals(true, held.get(BACKGROUND_WORK.toSeconds(), TimeUnit.SECONDS), "held until released");
            } finally {
                holder.shutdownNow();
            }
            return null;
        };
    }

    /** Marks the lowest {@code count} unclaimed one-time keys of each kind of device 1 claimed, directly in SQL. */
    private void markClaimed(UUID user, int count) throws SQLException {
        for (String table : List.of("signal_prekeys", "signal_kyber_prekeys")) {
            String oneTime = table.equals("signal_kyber_prekeys") ? " AND NOT last_resort" : "";
            update("UPDATE " + table + " SET claimed_at = now() WHERE user_id = ? AND device_id = 1 AND prekey_id IN "
                    + "(SELECT prekey_id FROM " + table + " WHERE user_id = ? AND device_id = 1 AND claimed_at IS NULL"
                    + oneTime + " ORDER BY prekey_id LIMIT " + count + ")", user);
        }
    }

    /** Deletes the {@code count} highest one-time keys of each kind of device 1, as their use would. */
    private void deleteHighest(UUID user, int count) throws SQLException {
        for (String table : List.of("signal_prekeys", "signal_kyber_prekeys")) {
            String oneTime = table.equals("signal_kyber_prekeys") ? " AND NOT last_resort" : "";
            update("DELETE FROM " + table + " WHERE user_id = ? AND device_id = 1 AND prekey_id IN (SELECT prekey_id "
                    + "FROM " + table + " WHERE user_id = ? AND device_id = 1" + oneTime + " ORDER BY prekey_id DESC "
                    + "LIMIT " + count + ")", user);
        }
    }

    private void update(String sql, UUID user) throws SQLException {
        Sql.update(dataSource::getConnection, sql, user, user);
    }

    /** Lowest id, highest id and number of the unclaimed one-time keys of device 1 in this table. */
    private int[] unclaimedIds(String table, UUID user) throws SQLException {
        try (Connection db = dataSource.getConnection();
             PreparedStatement query = db.prepareStatement("SELECT min(prekey_id), max(prekey_id), count(*) FROM "
                     + table + " WHERE user_id = ? AND device_id = 1 AND claimed_at IS NULL"
                     + (table.equals("signal_kyber_prekeys") ? " AND NOT last_resort" : ""))) {
            query.setObject(1, user);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                return new int[] {row.getInt(1), row.getInt(2), row.getInt(3)};
            }
        }
    }

    private List<Integer> lastResortIds(UUID user) throws SQLException {
        try (Connection db = dataSource.getConnection();
             PreparedStatement query = db.prepareStatement("SELECT prekey_id FROM signal_kyber_prekeys WHERE "
                     + "user_id = ? AND device_id = 1 AND last_resort ORDER BY prekey_id")) {
            query.setObject(1, user);
            List<Integer> ids = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getInt(1));
                }
            }
            return ids;
        }
    }

    /** A key counter of this server's registry (registered at startup), with its kind label or none. */
    private long counter(String name, String kind) {
        Counter counter = metrics.getCounter(kind == null ? new MetricID(name)
                : new MetricID(name, new Tag("kind", kind)));
        assertNotNull(counter, name + " is not registered");
        return counter.getCount();
    }

    private List<String> scrapeMetrics() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(new URL(deployment, "/metrics").toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body().lines().toList();
    }

    /** The value of a metric line with this name and kind label in Prometheus text. */
    private static long metricValue(List<String> scraped, String name, String kind) {
        String line = scraped.stream().filter(l -> l.startsWith(name + "{") && l.contains("kind=\"" + kind + "\""))
                .findFirst().orElseThrow(() -> new AssertionError(name + " " + kind + " not in /metrics"));
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private long gauge(String kind) {
        Gauge<?> gauge = metrics.getGauge(new MetricID("famichat_keys_one_time_prekeys_min", new Tag("kind", kind)));
        assertNotNull(gauge, "the low-water gauge is not registered");
        return gauge.getValue().longValue();
    }

    /** Polls until the condition holds, for at most {@link #BACKGROUND_WORK}: background work, no blind sleep. */
    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + BACKGROUND_WORK.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                fail("Not within " + BACKGROUND_WORK + ": " + what);
            }
            Thread.sleep(100);
        }
    }

    private Object markUsed(UUID user, int kyberId, ECPublicKey base) throws ReusedBaseKeyException {
        stores.forDevice(new DeviceAddress(user, 1)).markKyberPreKeyUsed(kyberId, 1, base);
        return null;
    }

    private long sessionVersion(UUID local, UUID remote) throws Exception {
        return Sql.number(dataSource::getConnection, "SELECT version FROM signal_sessions WHERE local_user_id = ? "
                + "AND remote_user_id = ?", local, remote);
    }

    /** The first message of the session {@code sender}'s device 1 starts from {@code bundle}, committed. */
    private CiphertextMessage startSession(UUID sender, UUID recipient, PreKeyBundle bundle, String text)
            throws Exception {
        SignalProtocolAddress recipientAddress = HostedSignalStore.address(new DeviceAddress(recipient, 1));
        return inTx(() -> {
            HostedSignalStore store = stores.forDevice(new DeviceAddress(sender, 1));
            new SessionBuilder(store, recipientAddress).process(bundle);
            return new SessionCipher(store, recipientAddress).encrypt(utf8(text));
        });
    }

    /** {@code recipient}'s device 1 decrypts the first message of a session {@code sender}'s device 1 started. */
    private byte[] openFirst(UUID recipient, UUID sender, CiphertextMessage first) throws Exception {
        return inTx(() -> new SessionCipher(stores.forDevice(new DeviceAddress(recipient, 1)),
                HostedSignalStore.address(new DeviceAddress(sender, 1))).decrypt(new PreKeySignalMessage(first.serialize())));
    }

    private <T> T inTx(Callable<T> work) throws Exception {
        return InTransaction.call(tx, work);
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
