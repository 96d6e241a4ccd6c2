package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.BrokerJournal;
import app.famichat.it.support.Custody;
import app.famichat.it.support.FamilyChat;
import app.famichat.it.support.Guardians;
import app.famichat.it.support.Http;
import app.famichat.it.support.LaunchedFamichat;
import app.famichat.it.support.Messages;
import app.famichat.it.support.TestDatabase;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import app.famichat.vault.KeyVault;
import app.famichat.vault.SealContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;

/**
 * The promise of locked custody (issue 14, docs/security.md), tested as an attacker would try to break it: with
 * three locked users signed out, the attacker takes every column of every table of the database, the broker's data
 * directory, the server logs and the vault's master keys (the launcher's key file); opens every value the vault
 * opens (each with the seal context the schema tells, and every message record of the broker's journal files,
 * consumed ones included, with the context of its queue and group); opens every history row with every storage key that came
 * out; and tries every 32-byte window of everything opened from a user's rows as an X25519 private key against
 * that user's public keys (identity, signed and one-time prekeys, and the key of a recovery request for their
 * account).
 * Lou has a recovery code and guardians (Lea and Lee, 2 of 2) with a pending request to which Lea released her share:
 * every 32-byte window of what the vault opens of those rows is tried as the guardians' secret S and, in pairs, as
 * Shamir shares, against the K that S wraps. It finds none of the locked users' private keys, no secret S,
 * none of their canary messages, and no storage key of theirs. The hosted family member is the positive control:
 * the same scan finds her identity key and her canary.
 */
class LockedCustodyAttackerIT {

    private static final byte[] HISTORY_DOMAIN = "famichat-user-storage".getBytes(StandardCharsets.US_ASCII);

    /** A value the vault opened, and where it was. */
    private record Opened(String table, String column, String rowId, byte[] plaintext) {
    }

    @Test
    void aCopyOfEverythingWithTheMasterKeysRevealsNothingOfSignedOutLockedUsers() throws Exception {
        LaunchedFamichat server = TestEnvironment.get().packagedServer();
        String baseUrl = server.baseUrl();
        TestDatabase db = TestEnvironment.get().database();
        FamilyChat family = FamilyChat.create(baseUrl, "attacked", 3);
        Users.SignedIn ann = family.admin();
        Users.SignedIn lou = family.other(0);
        Users.SignedIn lea = family.other(1);
        Users.SignedIn lee = family.other(2);
        // Ann is the positive control, in hosted custody whatever the operator's default for new accounts.
        Custody.host(ann);
        Custody.lock(lou);
        Custody.lock(lea);
        Custody.lock(lee);
        // Lou's keyring has a third wrapped copy: under a recovery code, which the server does not keep.
        assertEquals(200, lou.http().request("POST", "/api/v1/me/recovery-code", "application/json",
                "{\"password\":\"" + Users.PASSWORD + "\"}").statusCode());
        // ... and a fourth, under a secret split between Lea and Lee (2 of 2); a request for Lou's account is pending
        // with Lea's share released to it.
        Guardians.setUp(lou, 2, List.of(lea, lee));
        Guardians.Request pending = Guardians.started(baseUrl, lou.username(), "a new password for lou");
        assertEquals(204, Guardians.decide(lea, pending.id(), true).statusCode());
        assertEquals("pending", Guardians.status(baseUrl, pending));
        String direct = Messages.directConversation(lou, lea.id());
        String louNotes = Messages.selfConversation(lou);
        String annNotes = Messages.selfConversation(ann);
        Map<String, String> canaries = new LinkedHashMap<>();
        canaries.put("lou to lea", canary());
        canaries.put("lea to lou", canary());
        canaries.put("lou's note", canary());
        String annsCanary = canary();
        String annsFamilyCanary = canary();
        Messages.sent(lou, direct, "c1", "Secret " + canaries.get("lou to lea"));
        Messages.sent(lea, direct, "c2", "Answer " + canaries.get("lea to lou"));
        Messages.sent(lou, louNotes, "c3", "Note " + canaries.get("lou's note"));
        Messages.sent(ann, annNotes, "c4", "Control " + annsCanary);
        // A hosted sender's message to the family: its fan-out messages to Lou, Lea and Lee open with the vault alone.
        Messages.sent(ann, family.conversation(), "c5", "To all " + annsFamilyCanary);
        // Both read the conversation: the history rows exist, the envelopes are taken.
        Messages.awaitMessages(lea, direct, 2);
        Messages.awaitMessages(lou, direct, 2);
        for (Users.SignedIn locked : List.of(lou, lea, lee)) {
            assertEquals(204, locked.http().delete("/api/v1/sessions").statusCode());
        }
        long deadline = System.nanoTime() + Messages.WAIT.toNanos();
        while (db.number("SELECT count(*) FROM send_keys") > 0
                || Custody.unlocks(db, lou) + Custody.unlocks(db, lea) + Custody.unlocks(db, lee) > 0) {
            assertTrue(System.nanoTime() < deadline, "send keys and unlocks gone");
            Thread.sleep(100);
        }

        long started = System.nanoTime();
        // ---- what the attacker takes
        KeyVault vault = KeyVault.withKeys(masterKeys(server.dataDir().resolve("keys/vault.keys")), null);
        List<byte[]> rawValues = new ArrayList<>();
        List<Opened> opened = new ArrayList<>();
        Map<String, Integer> openedPerColumn = new LinkedHashMap<>();
        try (Connection connection = db.connect()) {
            for (String table : tables(connection)) {
                List<String> key = primaryKey(connection, table);
                try (Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData columns = rows.getMetaData();
                    while (rows.next()) {
                        StringJoiner rowId = new StringJoiner("/");
                        for (String column : key) {
                            Object value = rows.getObject(column);
                            rowId.add(value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes)
                                    : String.valueOf(value));
                        }
                        for (int c = 1; c <= columns.getColumnCount(); c++) {
                            Object value = rows.getObject(c);
                            if (value == null) {
                                continue;
                            }
                            byte[] bytes = value instanceof byte[] b ? b
                                    : value.toString().getBytes(StandardCharsets.UTF_8);
                            rawValues.add(bytes);
                            if (value instanceof byte[] && !key.isEmpty()) {
                                String column = columns.getColumnName(c);
                                try {
                                    opened.add(new Opened(table, column, rowId.toString(),
                                            vault.open(bytes, new SealContext(table, column, rowId.toString()))));
                                    openedPerColumn.merge(table + "." + column, 1, Integer::sum);
                                } catch (RuntimeException notSealedHere) {
                                    // not a vault ciphertext for this place: public keys, hashes, Signal envelopes
                                }
                            }
                        }
                    }
                }
            }
        }
        // The broker's journal: every message record still on disk, consumed or not, opened with the vault.
        int journalRecords = 0;
        for (BrokerJournal.Message message : BrokerJournal.messages(server.dataDir().resolve("broker/journal"))) {
            journalRecords++;
            rawValues.add(message.body());
            try {
                opened.add(new Opened("broker journal", message.address(), message.group(), vault.open(message.body(),
                        new SealContext("jms:" + message.address(), "payload", String.valueOf(message.group())))));
                openedPerColumn.merge("broker journal " + message.address(), 1, Integer::sum);
            } catch (RuntimeException notSealedHere) {
                // not sealed for its queue and group
            }
        }
        System.out.println("attacker: vault opened " + openedPerColumn + " (" + journalRecords + " journal records)");
        assertTrue(openedPerColumn.keySet().containsAll(List.of("signal_identity_keys.private_key_sealed",
                "signal_sessions.record_sealed", "user_storage_keys.key", "user_keyrings.wrapped_key",
                "user_recovery_codes.wrapped_key", "guardian_setups.wrapped_key", "guardian_shares.share",
                "recovery_requests.private_key", "recovery_decisions.released_share",
                "broker journal famichat.fanout")),
                "the attacker opens every sealed column: " + openedPerColumn);

        // ---- history, with every storage key the vault gave out (and every 32-byte window of a locked user's)
        Map<UUID, List<byte[]>> historyOf = new LinkedHashMap<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT user_id, message_id, body_sealed FROM message_history")) {
            while (rows.next()) {
                historyOf.computeIfAbsent((UUID) rows.getObject(1), user -> new ArrayList<>())
                        .add(historyPlaceAndBody((UUID) rows.getObject(1), (UUID) rows.getObject(2), rows.getBytes(3)));
            }
        }
        List<byte[]> readHistory = new ArrayList<>();
        Map<UUID, Boolean> storageKeyWorks = new LinkedHashMap<>();
        for (Opened value : opened) {
            if (!value.table().equals("user_storage_keys")) {
                continue;
            }
            UUID user = UUID.fromString(value.rowId());
            boolean works = false;
            for (byte[] candidate : windows(value.plaintext())) {
                for (byte[] row : historyOf.getOrDefault(user, List.of())) {
                    byte[] text = openHistory(candidate, user, row);
                    if (text != null) {
                        readHistory.add(text);
                        works = true;
                    }
                }
            }
            storageKeyWorks.put(user, works);
        }
        assertEquals(Boolean.TRUE, storageKeyWorks.get(ann.id()), "positive control: ann's storage key opens her history");
        assertEquals(Boolean.FALSE, storageKeyWorks.get(lou.id()), "no way to lou's storage key");
        assertEquals(Boolean.FALSE, storageKeyWorks.get(lea.id()), "no way to lea's storage key");

        // ---- canaries: raw columns, everything opened, all history read, the broker's files and the logs
        Map<String, String> needles = new LinkedHashMap<>(canaries);
        needles.put("ann's canary", annsCanary);
        Set<String> inDatabase = found(needles, rawValues);
        Set<String> inOpened = found(needles, opened.stream().map(Opened::plaintext).toList());
        Set<String> inHistory = found(needles, readHistory);
        Map<String, List<String>> inFiles = new LinkedHashMap<>();
        for (Path area : List.of(server.dataDir().resolve("broker"), server.dataDir().resolve("logs"))) {
            for (NoPlaintextAtRestIT.FileScan file : NoPlaintextAtRestIT.FileScan.everyFileUnder(area, needles)) {
                file.hits().keySet().forEach(needle -> inFiles.computeIfAbsent(needle, n -> new ArrayList<>())
                        .add(server.dataDir().relativize(file.path()).toString()));
            }
        }
        assertTrue(inHistory.contains("ann's canary"), "positive control: the attacker reads ann's notes");
        assertTrue(found(Map.of("ann's family canary", annsFamilyCanary), opened.stream()
                .filter(value -> value.table().equals("broker journal")).map(Opened::plaintext).toList()).size() == 1,
                "positive control: the attacker reads a hosted sender's message in the broker journal");
        for (String canary : canaries.keySet()) {
            assertFalse(inDatabase.contains(canary) || inOpened.contains(canary) || inHistory.contains(canary)
                    || inFiles.containsKey(canary), canary + " found: database " + inDatabase + ", opened " + inOpened
                    + ", history " + inHistory + ", files " + inFiles);
        }

        // ---- private keys: every 32-byte window of what was opened from the user's rows, as an X25519 key
        Map<String, Integer> keysFound = new LinkedHashMap<>();
        long windowsTried = 0;
        for (Users.SignedIn user : List.of(ann, lou, lea, lee)) {
            Set<ByteBuffer> publicKeys = publicKeys(db, user.id());
            // A recovery request's rows are named by the request: they count as its account's, and so does its key.
            Set<String> requests = new HashSet<>();
            try (Connection connection = db.connect(); var query = connection.prepareStatement(
                    "SELECT id, public_key FROM recovery_requests WHERE user_id = ?")) {
                query.setObject(1, user.id());
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        requests.add(rows.getString(1));
                        byte[] key = rows.getBytes(2);
                        publicKeys.add(ByteBuffer.wrap(Arrays.copyOfRange(key, key.length - 32, key.length)));
                    }
                }
            }
            int found = 0;
            for (Opened value : opened) {
                // A journal record is named by its message group (a hash of the device pair): tried for everyone.
                if (!value.table().equals("broker journal") && !value.rowId().contains(user.id().toString())
                        && requests.stream().noneMatch(request -> value.rowId().startsWith(request))) {
                    continue;
                }
                byte[] plaintext = value.plaintext();
                byte[] publicKey = new byte[X25519.POINT_SIZE];
                for (int i = 0; i + X25519.SCALAR_SIZE <= plaintext.length; i++) {
                    X25519.scalarMultBase(plaintext, i, publicKey, 0);
                    windowsTried++;
                    if (publicKeys.contains(ByteBuffer.wrap(publicKey))) {
                        found++;
                    }
                }
            }
            keysFound.put(user.username(), found);
        }
        System.out.println("[figures] attacker scan: " + rawValues.size() + " column values, " + opened.size()
                + " opened by the vault, " + windowsTried + " X25519 windows, private keys found " + keysFound
                + ", in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        assertTrue(keysFound.get(ann.username()) > 0, "positive control: ann's private keys are found");
        assertEquals(0, keysFound.get(lou.username()), "none of lou's private keys");
        assertEquals(0, keysFound.get(lea.username()), "none of lea's private keys");
        assertEquals(0, keysFound.get(lee.username()), "none of lee's private keys");

        // ---- family recovery: no share or released share in the clear, so no S and no way to Lou's K through it.
        // Every 32-byte window of what the vault opened from those rows is tried as a share (any two of them, as
        // shares 1 and 2: a 2-of-2 split) and as S itself, against the K that S wraps.
        byte[] wrappedUnderS = null;
        byte[] setupSalt = null;
        try (Connection connection = db.connect(); var query = connection.prepareStatement(
                "SELECT salt, wrapped_key FROM guardian_setups WHERE user_id = ?")) {
            query.setObject(1, lou.id());
            try (ResultSet rows = query.executeQuery()) {
                assertTrue(rows.next(), "lou's setup");
                setupSalt = rows.getBytes(1);
                wrappedUnderS = vault.open(rows.getBytes(2), new SealContext("guardian_setups", "wrapped_key",
                        lou.id().toString()));
            }
        }
        SecretUnderShares lousSecret = new SecretUnderShares(lou.id(), setupSalt, wrappedUnderS);
        List<byte[]> shareWindows = new ArrayList<>();
        for (Opened value : opened) {
            if (Set.of("guardian_shares", "recovery_decisions", "recovery_requests").contains(value.table())) {
                shareWindows.addAll(windows(value.plaintext()));
            }
        }
        assertTrue(lousSecret.positiveControl(), "the check opens K under a known S (its format is right)");
        long secretsTried = 0;
        boolean secretFound = false;
        for (byte[] window : shareWindows) {
            secretsTried++;
            secretFound |= lousSecret.opensWith(window);
        }
        com.codahale.shamir.Scheme shamir = new com.codahale.shamir.Scheme(new java.security.SecureRandom(), 2, 2);
        for (byte[] first : shareWindows) {
            for (byte[] second : shareWindows) {
                secretsTried++;
                secretFound |= lousSecret.opensWith(shamir.join(Map.of(1, first, 2, second)));
            }
        }
        System.out.println("[figures] attacker scan, family recovery: " + shareWindows.size() + " share windows, "
                + secretsTried + " candidate secrets tried");
        assertFalse(secretFound, "no plain share or secret of lou's guardians");
    }

    /** K wrapped under HKDF-SHA256 of a guardian secret S, as docs/security.md's key hierarchy describes it. */
    private record SecretUnderShares(UUID owner, byte[] salt, byte[] wrapped) {

        private static final byte[] INFO = "famichat guardian secret v1".getBytes(StandardCharsets.US_ASCII);

        boolean opensWith(byte[] secret) {
            return openKeyring(hkdf(secret), wrapped) != null;
        }

        /** A K wrapped by the server's own code under a known S opens with this check. */
        boolean positiveControl() {
            byte[] secret = new byte[32];
            new java.security.SecureRandom().nextBytes(secret);
            byte[] sealed = app.famichat.vault.Keyring.seal(hkdf(secret), owner, place(), new byte[32]);
            return new SecretUnderShares(owner, salt, sealed).opensWith(secret);
        }

        private SealContext place() {
            return new SealContext("guardian_setups", "wrapped_key", owner.toString());
        }

        private byte[] hkdf(byte[] secret) {
            try {
                javax.crypto.Mac extract = javax.crypto.Mac.getInstance("HmacSHA256");
                extract.init(new SecretKeySpec(salt, "HmacSHA256"));
                javax.crypto.Mac expand = javax.crypto.Mac.getInstance("HmacSHA256");
                expand.init(new SecretKeySpec(extract.doFinal(secret), "HmacSHA256"));
                expand.update(INFO);
                expand.update((byte) 1);
                return expand.doFinal();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The keyring layer's format (docs/security.md): version | nonce | AES-256-GCM, its associated data. */
        private byte[] openKeyring(byte[] key, byte[] stored) {
            ByteArrayOutputStream aad = new ByteArrayOutputStream();
            aad.writeBytes("famichat-keyring".getBytes(StandardCharsets.US_ASCII));
            aad.write(1);
            aad.writeBytes(owner.toString().getBytes(StandardCharsets.US_ASCII));
            for (String part : new String[] {"guardian_setups", "wrapped_key", owner.toString()}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                aad.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
                aad.writeBytes(bytes);
            }
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, stored, 1, 12));
                cipher.updateAAD(aad.toByteArray());
                return cipher.doFinal(stored, 13, stored.length - 13);
            } catch (GeneralSecurityException e) {
                return null;
            }
        }
    }

    private static String canary() {
        return "canary" + UUID.randomUUID().toString().replace("-", "");
    }

    /** The launcher's key file, in the form {@code famichat.vault.keys} takes. */
    private static String masterKeys(Path keyFile) throws Exception {
        return Files.readAllLines(keyFile).stream().map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).collect(Collectors.joining(","));
    }

    private static List<String> tables(Connection connection) throws Exception {
        List<String> tables = new ArrayList<>();
        try (ResultSet rows = connection.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                tables.add(rows.getString("TABLE_NAME"));
            }
        }
        return tables;
    }

    private static List<String> primaryKey(Connection connection, String table) throws Exception {
        Map<Integer, String> columns = new TreeMap<>();
        try (ResultSet rows = connection.getMetaData().getPrimaryKeys(null, "public", table)) {
            while (rows.next()) {
                columns.put(rows.getInt("KEY_SEQ"), rows.getString("COLUMN_NAME"));
            }
        }
        return List.copyOf(columns.values());
    }

    /** Every 32-byte window of a value (a storage key opened whole is its only window). */
    private static List<byte[]> windows(byte[] value) {
        List<byte[]> windows = new ArrayList<>();
        for (int i = 0; i + 32 <= value.length; i++) {
            windows.add(Arrays.copyOfRange(value, i, i + 32));
        }
        return windows;
    }

    /** A history row as the attacker keeps it: the associated data its format documents, then the stored value. */
    private static byte[] historyPlaceAndBody(UUID user, UUID messageId, byte[] stored) {
        ByteArrayOutputStream aad = new ByteArrayOutputStream();
        aad.writeBytes(HISTORY_DOMAIN);
        aad.write(1);
        aad.writeBytes(user.toString().getBytes(StandardCharsets.US_ASCII));
        for (String part : new String[] {"message_history", "body_sealed", user + "/" + messageId}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            aad.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            aad.writeBytes(bytes);
        }
        byte[] associated = aad.toByteArray();
        return ByteBuffer.allocate(4 + associated.length + stored.length).putInt(associated.length).put(associated)
                .put(stored).array();
    }

    /** docs/security.md's history format: version | nonce | AES-256-GCM; the text, or null if it does not open. */
    private static byte[] openHistory(byte[] key, UUID user, byte[] placeAndBody) {
        ByteBuffer row = ByteBuffer.wrap(placeAndBody);
        byte[] associated = new byte[row.getInt()];
        row.get(associated);
        byte[] stored = new byte[row.remaining()];
        row.get(stored);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(128, stored, 1, 12));
            cipher.updateAAD(associated);
            return cipher.doFinal(stored, 13, stored.length - 13);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** The user's Curve25519 public keys (without libsignal's type byte): identity, signed and one-time prekeys. */
    private static Set<ByteBuffer> publicKeys(TestDatabase db, UUID user) throws Exception {
        Set<ByteBuffer> keys = new HashSet<>();
        try (Connection connection = db.connect()) {
            for (String table : List.of("signal_identity_keys", "signal_signed_prekeys", "signal_prekeys")) {
                try (var query = connection.prepareStatement("SELECT public_key FROM " + table + " WHERE user_id = ?")) {
                    query.setObject(1, user);
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            byte[] key = rows.getBytes(1);
                            keys.add(ByteBuffer.wrap(Arrays.copyOfRange(key, key.length - 32, key.length)));
                        }
                    }
                }
            }
        }
        assertTrue(keys.size() > 2, "the user has public keys to look for");
        return keys;
    }

    /** The needles found in any of the values (UTF-8). */
    private static Set<String> found(Map<String, String> needles, List<byte[]> values) {
        Set<String> found = new HashSet<>();
        for (byte[] value : values) {
            String text = new String(value, StandardCharsets.ISO_8859_1);
            needles.forEach((name, needle) -> {
                if (text.contains(needle)) {
                    found.add(name);
                }
            });
        }
        return found;
    }
}
