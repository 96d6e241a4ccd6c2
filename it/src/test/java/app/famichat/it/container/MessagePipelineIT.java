package app.famichat.it.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.accounts.AccountService;
import app.famichat.conversations.ConversationService;
import app.famichat.conversations.NewConversation;
import app.famichat.custody.KeyCustody;
import app.famichat.delivery.FailOnceAfterInsert;
import app.famichat.delivery.Inbox;
import app.famichat.delivery.PipelineProbe;
import app.famichat.families.FamilyService;
import app.famichat.history.ConversationHistory;
import app.famichat.it.support.Sql;
import app.famichat.keys.HostedSignalStore;
import app.famichat.keys.SignalStores;
import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.persistence.FamichatDataSource;
import app.famichat.accounts.DeviceAddress;
import app.famichat.send.FailOnceAfterFannedOut;
import app.famichat.send.HistoryEntry;
import app.famichat.send.SendService;
import app.famichat.send.SentMessage;
import app.famichat.sessions.Caller;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.UserTransaction;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.naming.InitialContext;
import javax.sql.DataSource;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.signal.libsignal.protocol.DuplicateMessageException;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.message.SignalMessage;

/**
 * The message pipeline inside the real container (Payara Micro, PostgreSQL, the RAR against the external Artemis
 * broker, production libsignal): send -> fan-out queue -> encryption MDB -> envelope -> take. Redelivery of a
 * rolled-back encryption, forward secrecy of taken envelopes, tampered ciphertext, a lost session, concurrent
 * senders and duplicate fan-outs. One deployment for all tests (each Payara start is expensive); every test makes
 * its own users, and metrics are compared before and after.
 */
@ExtendWith(ArquillianExtension.class)
class MessagePipelineIT {

    private static final Logger LOG = Logger.getLogger(MessagePipelineIT.class.getName());
    private static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";
    /** How long an asynchronous step (fan-out, encryption, redelivery) may take on a loaded machine. */
    private static final long WAIT_MS = 90_000;

    @Deployment
    static WebArchive deployment() throws IOException {
        File war = new File(System.getProperty("famichat.it.distribution"), "deploy/famichat.war");
        WebArchive archive = ShrinkWrap.createFromZipFile(WebArchive.class, war)
                .addClasses(MessagePipelineIT.class, InTransaction.class, HostedUsers.class, FailOnceAfterInsert.class,
                        FailOnceAfterFannedOut.class,
                        PipelineProbe.class, Sql.class);
        // The concurrency test sends far faster than a person: the send limits are lifted in this deployment.
        String config;
        try (InputStream in = archive.get(CONFIG).getAsset().openStream()) {
            config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        archive.delete(CONFIG);
        return archive.add(new StringAsset(config + "\nfamichat.rate-limit.send-device-burst=100000/PT10S\n"
                + "famichat.rate-limit.send-device=100000/PT1M\nfamichat.rate-limit.send-user=100000/PT1M\n"), CONFIG);
    }

    @Inject
    AccountService accounts;

    @Inject
    FamilyService families;

    @Inject
    ConversationService conversations;

    @Inject
    SendService sends;

    @Inject
    Inbox inbox;

    @Inject
    ConversationHistory history;

    @Inject
    SignalStores stores;

    @Inject
    PipelineProbe probe;

    @Inject
    MetricRegistry metrics;

    @Resource(lookup = FamichatDataSource.JNDI_NAME)
    DataSource dataSource;

    @Resource(lookup = "java:comp/UserTransaction")
    UserTransaction tx;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threadFactory;

    // ---- 1

    @Test
    void aMessageAndItsReplyMakeTheRoundTrip() throws Exception {
        UUID alice = HostedUsers.withPhone(accounts, "alice");
        UUID bob = HostedUsers.withPhone(accounts, "bob");
        UUID conversation = direct(alice, bob);

        SentMessage hello = sendAndAwaitEnvelope(alice, conversation, "Hello Bob", bob);
        assertEquals(1, hello.seq());
        assertEquals(CiphertextMessage.PREKEY_TYPE, signalType(hello, bob), "the first message establishes the session");

        List<HistoryEntry> taken = take(bob);
        assertEquals(1, taken.size(), taken.toString());
        HistoryEntry received = taken.get(0);
        assertEquals(hello.messageId(), received.messageId());
        assertEquals("Hello Bob", received.body());
        assertFalse(received.undecryptable());
        assertEquals(new DeviceAddress(alice, 1), received.sender());
        assertEquals(1, received.seq());
        assertTrue(take(bob).isEmpty(), "an envelope is taken once");
        assertTrue(isTaken(hello, bob));

        assertEquals(2, deliver(bob, conversation, "Hi Alice", alice).seq());

        List<String> both = List.of("Hello Bob", "Hi Alice");
        assertEquals(both, bodies(page(alice, conversation)));
        assertEquals(both, bodies(page(bob, conversation)));
    }

    // ---- 2

    @Test
    void aRolledBackEncryptionIsRedeliveredAndLeavesOneEnvelopeAndAWorkingSession() throws Exception {
        UUID alice = HostedUsers.withPhone(accounts, "redeliver-a");
        UUID bob = HostedUsers.withPhone(accounts, "redeliver-b");
        UUID conversation = direct(alice, bob);
        long duplicatesBefore = counter("famichat_fan_out_duplicates_dropped");

        // The first message's transaction establishes the session (bundle claim, PQXDH) and fails after the insert.
        SentMessage first = sendFailingOnce(alice, conversation, "first, established twice");
        SentMessage second = send(alice, conversation, "second");
        // A later message fails after the ratchet step and the insert.
        SentMessage third = sendFailingOnce(alice, conversation, "third, encrypted twice");
        SentMessage fourth = send(alice, conversation, "fourth");
        for (SentMessage sent : List.of(first, second, third, fourth)) {
            awaitEnvelope(sent, bob);
        }
        assertEquals(2, FailOnceAfterInsert.inserts(first.messageId()), "the first attempt failed after its insert");
        assertEquals(2, FailOnceAfterInsert.inserts(third.messageId()), "the first attempt failed after its insert");
        assertEquals(1, FailOnceAfterInsert.inserts(second.messageId()));
        for (SentMessage sent : List.of(first, second, third, fourth)) {
            assertEquals(1, rows("SELECT count(*) FROM message_envelopes WHERE message_id = ?", sent.messageId()));
            assertEquals(1, rows("SELECT count(*) FROM message_encryption WHERE message_id = ?", sent.messageId()));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L), seqsInEnvelopeOrder(bob, alice), "per-pair order kept over redelivery");
        assertEquals(duplicatesBefore, counter("famichat_fan_out_duplicates_dropped"),
                "a rolled-back envelope is no duplicate");

        List<HistoryEntry> taken = take(bob);
        assertEquals(List.of("first, established twice", "second", "third, encrypted twice", "fourth"), bodies(taken));
        assertTrue(taken.stream().noneMatch(HistoryEntry::undecryptable));

        deliver(bob, conversation, "all four arrived", alice);
        deliver(alice, conversation, "fifth", bob);
    }

    // ---- 3

    @Test
    void aTakenEnvelopeCannotBeDecryptedAgainAndEarlierMessageKeysAreGone() throws Exception {
        UUID alice = HostedUsers.withPhone(accounts, "fs-a");
        UUID bob = HostedUsers.withPhone(accounts, "fs-b");
        UUID conversation = direct(alice, bob);

        SentMessage m1 = deliver(alice, conversation, "m1", bob);
        deliver(bob, conversation, "r1", alice);
        SentMessage m2 = send(alice, conversation, "m2");
        SentMessage m3 = send(alice, conversation, "m3");
        awaitEnvelope(m2, bob);
        awaitEnvelope(m3, bob);
        assertEquals(List.of("m2", "m3"), bodies(take(bob)));
        assertEquals(CiphertextMessage.WHISPER_TYPE, signalType(m3, bob));

        long version = sessionVersion(bob, alice);
        // The latest message: its key was used and deleted by the take.
        Exception latest = assertThrows(Exception.class, () -> decryptAgain(bob, alice, m3));
        assertInstanceOf(DuplicateMessageException.class, latest);
        // An earlier message of the same chain: no skipped key was kept for it either.
        Exception earlier = assertThrows(Exception.class, () -> decryptAgain(bob, alice, m2));
        assertInstanceOf(DuplicateMessageException.class, earlier);
        // The first message, of an earlier chain (the session moved on with the reply).
        Exception first = assertThrows(Exception.class, () -> decryptAgain(bob, alice, m1));
        assertTrue(first.getClass().getName().startsWith("org.signal.libsignal.protocol."), first.toString());
        assertEquals(version, sessionVersion(bob, alice), "the failed attempts changed no session");

        deliver(alice, conversation, "m4", bob);
    }

    // ---- 4

    @Test
    void aTamperedEnvelopeBecomesThePlaceholderASecurityEventAndACount() throws Exception {
        UUID alice = HostedUsers.withPhone(accounts, "tamper-a");
        UUID bob = HostedUsers.withPhone(accounts, "tamper-b");
        UUID conversation = direct(alice, bob);
        deliver(alice, conversation, "before", bob);
        deliver(bob, conversation, "reply", alice);

        SentMessage tampered = sendAndAwaitEnvelope(alice, conversation, "this text must not come out", bob);
        assertEquals(CiphertextMessage.WHISPER_TYPE, signalType(tampered, bob));
        // The last byte of a SignalMessage belongs to its MAC.
        byte[] ciphertext = ciphertext(tampered, bob);
        ciphertext[ciphertext.length - 1] ^= 1;
        assertEquals(1, Sql.update(dataSource::getConnection, "UPDATE message_envelopes SET ciphertext = ? "
                + "WHERE message_id = ? AND recipient_user_id = ?", ciphertext, tampered.messageId(), bob));
        Tag reason = new Tag("reason", "tampered");
        long failuresBefore = counter("famichat_decrypt_failures", reason);

        List<HistoryEntry> taken = take(bob);
        assertEquals(1, taken.size(), taken.toString());
        assertEquals(tampered.messageId(), taken.get(0).messageId());
        assertEquals(HistoryEntry.UNDECRYPTABLE_TEXT, taken.get(0).body());
        assertEquals("[message could not be decrypted]", taken.get(0).body());
        assertTrue(taken.get(0).undecryptable());
        assertEquals(failuresBefore + 1, counter("famichat_decrypt_failures", reason));
        assertEquals(List.of("envelope_tampered/" + bob + "/1"), securityEvents(tampered));
        assertTrue(isTaken(tampered, bob), "a tampered envelope is not tried again");
        assertTrue(take(bob).isEmpty());

        deliver(alice, conversation, "after", bob);
        List<HistoryEntry> page = page(bob, conversation);
        assertEquals(List.of("before", "reply", HistoryEntry.UNDECRYPTABLE_TEXT, "after"), bodies(page));
        assertEquals(List.of(false, false, true, false), page.stream().map(HistoryEntry::undecryptable).toList());
        assertEquals(failuresBefore + 1, counter("famichat_decrypt_failures", reason));
    }

    // ---- 4b

    @Test
    void anEnvelopeMovedToAnotherConversationDoesNotOpenThere() throws Exception {
        UUID alice = HostedUsers.withPhone(accounts, "moved-a");
        UUID bob = HostedUsers.withPhone(accounts, "moved-b");
        UUID conversation = direct(alice, bob);
        UUID other = conversations.create(alice, new NewConversation.Group("Elsewhere", List.of(bob)))
                .details().conversation().id();
        deliver(alice, conversation, "before", bob);

        SentMessage moved = sendAndAwaitEnvelope(alice, conversation, "this text must not come out elsewhere", bob);
        assertEquals(1, Sql.update(dataSource::getConnection, "UPDATE message_envelopes SET conversation_id = ? "
                + "WHERE message_id = ? AND recipient_user_id = ?", other, moved.messageId(), bob));
        Tag reason = new Tag("reason", "tampered");
        long failuresBefore = counter("famichat_decrypt_failures", reason);

        List<HistoryEntry> taken = take(bob);
        assertEquals(1, taken.size(), taken.toString());
        assertEquals(other, taken.get(0).conversationId());
        assertEquals(HistoryEntry.UNDECRYPTABLE_TEXT, taken.get(0).body());
        assertTrue(taken.get(0).undecryptable());
        assertEquals(failuresBefore + 1, counter("famichat_decrypt_failures", reason));
        assertEquals(List.of("envelope_tampered/" + bob + "/1"), securityEvents(moved));
        assertTrue(page(bob, other).stream().noneMatch(entry -> entry.body().contains("elsewhere")));

        deliver(alice, conversation, "after", bob);
    }

    // ---- 5

    @Test
    void aLostSessionIsReestablishedAndTheMessageResentFromTheSendersCopy() throws Exception {
        UUID alice = HostedUsers.withPhone(accounts, "lost-a");
        UUID bob = HostedUsers.withPhone(accounts, "lost-b");
        UUID conversation = direct(alice, bob);
        deliver(alice, conversation, "before the loss", bob);

        assertEquals(1, Sql.update(dataSource::getConnection, "DELETE FROM signal_sessions WHERE local_user_id = ? "
                + "AND remote_user_id = ?", bob, alice));
        long resentBefore = counter("famichat_messages_resent");
        Tag noSession = new Tag("reason", "no_session");
        long noSessionBefore = counter("famichat_decrypt_failures", noSession);

        SentMessage m2 = sendAndAwaitEnvelope(alice, conversation, "after the loss", bob);
        assertTrue(take(bob).isEmpty(), "the envelope without a session is not shown; it is sent again");
        assertEquals(resentBefore + 1, counter("famichat_messages_resent"));
        assertEquals(noSessionBefore + 1, counter("famichat_decrypt_failures", noSession));
        assertTrue(securityEvents(m2).isEmpty(), "a lost session is no security event");

        awaitEnvelope(m2, bob);
        assertEquals(1, rows("SELECT count(*) FROM message_encryption WHERE message_id = ? AND session_established",
                m2.messageId()), "the re-sent envelope starts a new session");
        List<HistoryEntry> taken = take(bob);
        assertEquals(List.of("after the loss"), bodies(taken));
        assertFalse(taken.get(0).undecryptable());
        assertEquals(List.of("before the loss", "after the loss"), bodies(page(bob, conversation)));
        assertEquals(resentBefore + 1, counter("famichat_messages_resent"));

        deliver(alice, conversation, "on the new session", bob);
        deliver(bob, conversation, "got them all", alice);
        assertEquals(List.of("before the loss", "after the loss", "on the new session", "got them all"),
                bodies(page(bob, conversation)));
    }

    // ---- 6

    @Test
    void concurrentSendersLoseNothingAndKeepPerDeviceOrder() throws Exception {
        int perSender = 100;
        UUID bob = HostedUsers.withPhone(accounts, "busy-b");
        UUID alice = HostedUsers.withPhone(accounts, "busy-a");
        UUID carol = HostedUsers.withPhone(accounts, "busy-c");
        UUID withAlice = direct(alice, bob);
        UUID withCarol = direct(carol, bob);
        UUID dave = HostedUsers.withPhone(accounts, "two-threads-d");
        UUID erin = HostedUsers.withPhone(accounts, "two-threads-e");
        UUID daveErin = direct(dave, erin);

        ExecutorService pool = Executors.newFixedThreadPool(5, threadFactory);
        AtomicBoolean sending = new AtomicBoolean(true);
        List<List<SentMessage>> byThread = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<SentMessage>>> senders = new ArrayList<>();
            senders.add(pool.submit(() -> sendMany(start, alice, withAlice, "alice", 0, perSender)));
            senders.add(pool.submit(() -> sendMany(start, carol, withCarol, "carol", 0, perSender)));
            senders.add(pool.submit(() -> sendMany(start, dave, daveErin, "dave", 0, perSender / 2)));
            senders.add(pool.submit(() -> sendMany(start, dave, daveErin, "dave", perSender / 2, perSender / 2)));
            // Bob's device takes while the envelopes are being written, as a connected device would.
            Future<Integer> taker = pool.submit(() -> {
                int takes = 0;
                while (sending.get()) {
                    inbox.drain(new DeviceAddress(bob, 1));
                    takes++;
                    Thread.sleep(20);
                }
                return takes;
            });
            start.countDown();
            for (Future<List<SentMessage>> sender : senders) {
                byThread.add(sender.get(600, TimeUnit.SECONDS));
            }
            awaitCount(2L * perSender, "SELECT count(*) FROM message_envelopes WHERE recipient_user_id = ?", bob);
            awaitCount(perSender, "SELECT count(*) FROM message_envelopes WHERE recipient_user_id = ?", erin);
            sending.set(false);
            taker.get(120, TimeUnit.SECONDS);
        } finally {
            sending.set(false);
            pool.shutdownNow();
        }

        assertReceivedOnceEach(bob, withAlice, "alice", perSender);
        assertReceivedOnceEach(bob, withCarol, "carol", perSender);
        assertReceivedOnceEach(erin, daveErin, "dave", perSender);
        assertEquals(0, rows("SELECT count(*) FROM message_envelopes WHERE recipient_user_id IN (?, ?) "
                + "AND taken_at IS NULL", bob, erin));
        for (UUID[] pair : new UUID[][] {{bob, alice}, {bob, carol}}) {
            List<Long> seqs = seqsInEnvelopeOrder(pair[0], pair[1]);
            assertEquals(perSender, seqs.size());
            assertEquals(seqs.stream().sorted().toList(), seqs, "envelopes of one sending device follow seq");
        }
        // Two threads of one device: each thread's messages keep their order. Between the threads, a send that
        // commits late can still have its envelope after the next one (see aSendCommittingLate...).
        List<Long> daveSeqs = seqsInEnvelopeOrder(erin, dave);
        assertEquals(perSender, daveSeqs.size());
        for (List<SentMessage> thread : byThread.subList(2, 4)) {
            Set<Long> ofThread = thread.stream().map(SentMessage::seq).collect(Collectors.toSet());
            List<Long> inEnvelopeOrder = daveSeqs.stream().filter(ofThread::contains).toList();
            assertEquals(inEnvelopeOrder.stream().sorted().toList(), inEnvelopeOrder,
                    "envelopes of one sending thread follow seq");
        }
        LOG.info("Two threads of one device: envelope order " + (daveSeqs.equals(daveSeqs.stream().sorted().toList())
                ? "follows seq" : "differs from seq order: " + daveSeqs));
    }

    /**
     * Two sends from one device that race each other's commit. SendService takes a conversation's next seq under
     * the conversation's row lock, released when the database commits; the database is the transaction's one
     * non-XA resource, committed as the last agent, BEFORE the broker commits the fan-out messages. So a second
     * send can take the next seq and have its fan-out reach the queue first: the pair's envelopes then follow
     * commit order, not seq (docs/architecture.md, "Order"). What must hold all the same: every message decrypts,
     * once, and history is in seq order. This test holds one send's broker commit back with an XA resource that
     * waits in its commit, which makes the inversion certain.
     */
    @Test
    void aSendCommittingLateIsEncryptedAfterTheNextOneAndEverythingStillArrivesInSeqOrder() throws Exception {
        UUID dave = HostedUsers.withPhone(accounts, "late-d");
        UUID erin = HostedUsers.withPhone(accounts, "late-e");
        UUID conversation = direct(dave, erin);
        sendAndAwaitEnvelope(dave, conversation, "first", erin);
        CountDownLatch committing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TransactionManager transactions = (TransactionManager) new InitialContext()
                .lookup("java:appserver/TransactionManager");
        ExecutorService pool = Executors.newFixedThreadPool(2, threadFactory);
        try {
            Future<SentMessage> late = pool.submit(() -> {
                tx.begin();
                // Enlisted before the send's broker session: committed after the database, before the broker.
                transactions.getTransaction().enlistResource(new HeldCommit(committing, release));
                SentMessage sent = send(dave, conversation, "second, committed late");
                tx.commit();
                return sent;
            });
            assertTrue(committing.await(WAIT_MS, TimeUnit.MILLISECONDS));
            SentMessage third = pool.submit(() -> send(dave, conversation, "third")).get(WAIT_MS,
                    TimeUnit.MILLISECONDS);
            awaitEnvelope(third, erin);
            release.countDown();
            SentMessage second = late.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertEquals(List.of(2L, 3L), List.of(second.seq(), third.seq()));
            awaitEnvelope(second, erin);
            assertEquals(List.of(1L, 3L, 2L), seqsInEnvelopeOrder(erin, dave), "encrypted in commit order");
            take(erin);
            List<HistoryEntry> history = page(erin, conversation);
            assertEquals(List.of("first", "second, committed late", "third"), bodies(history));
            assertTrue(history.stream().noneMatch(HistoryEntry::undecryptable));
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /** An XA resource whose commit signals and then waits until released: holds back what commits after it. */
    private static final class HeldCommit implements XAResource {

        private final CountDownLatch committing;
        private final CountDownLatch release;

        HeldCommit(CountDownLatch committing, CountDownLatch release) {
            this.committing = committing;
            this.release = release;
        }

        @Override
        public void commit(Xid xid, boolean onePhase) throws XAException {
            committing.countDown();
            try {
                if (!release.await(WAIT_MS, TimeUnit.MILLISECONDS)) {
                    throw new XAException(XAException.XAER_RMERR);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new XAException(XAException.XAER_RMERR);
            }
        }

        @Override
        public int prepare(Xid xid) {
            return XA_OK;
        }

        @Override
        public void start(Xid xid, int flags) {
        }

        @Override
        public void end(Xid xid, int flags) {
        }

        @Override
        public void rollback(Xid xid) {
        }

        @Override
        public void forget(Xid xid) {
        }

        @Override
        public Xid[] recover(int flag) {
            return new Xid[0];
        }

        @Override
        public boolean isSameRM(XAResource other) {
            return other == this;
        }

        @Override
        public int getTransactionTimeout() {
            return 0;
        }

        @Override
        public boolean setTransactionTimeout(int seconds) {
            return false;
        }
    }

    private List<SentMessage> sendMany(CountDownLatch start, UUID sender, UUID conversation, String prefix, int from,
            int count) throws Exception {
        start.await();
        List<SentMessage> sent = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            sent.add(send(sender, conversation, prefix + " " + i));
        }
        return sent;
    }

    private void assertReceivedOnceEach(UUID reader, UUID conversation, String prefix, int count) {
        List<HistoryEntry> page = history.page(caller(reader), conversation, null, 0L, 200L).messages();
        assertTrue(page.stream().noneMatch(HistoryEntry::undecryptable), "an envelope did not decrypt");
        Map<String, Long> times = page.stream().collect(Collectors.groupingBy(HistoryEntry::body,
                Collectors.counting()));
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < count; i++) {
            expected.add(prefix + " " + i);
        }
        assertEquals(expected, times.keySet());
        assertTrue(times.values().stream().allMatch(n -> n == 1), "a message arrived twice: " + times);
        assertEquals(count, page.size());
        List<Long> seqs = page.stream().map(HistoryEntry::seq).toList();
        assertEquals(count, new HashSet<>(seqs).size());
    }

    // ---- 7

    @Test
    void aDuplicateFanOutChangesNothingAndIsCounted() throws Exception {
        UUID alice = HostedUsers.withPhone(accounts, "dup-a");
        UUID bob = HostedUsers.withPhone(accounts, "dup-b");
        UUID conversation = direct(alice, bob);
        DeviceAddress sender = new DeviceAddress(alice, 1);
        DeviceAddress recipient = new DeviceAddress(bob, 1);
        SentMessage m1 = sendAndAwaitEnvelope(alice, conversation, "only once", bob);
        byte[] ciphertext = ciphertext(m1, bob);
        long senderSession = sessionVersion(alice, bob);
        long duplicates = counter("famichat_fan_out_duplicates_dropped");

        // The same fan-out message published again: the MDB finds the envelope and drops it.
        inTx(() -> {
            probe.publishAgain(m1, conversation, sender, recipient, "only once");
            return null;
        });
        awaitTrue(() -> counter("famichat_fan_out_duplicates_dropped") == duplicates + 1,
                "the duplicate fan-out was not counted");
        // The encryption step run again directly, after the envelope was taken.
        assertEquals(List.of("only once"), bodies(take(bob)));
        assertFalse(probe.encryptAgain(m1, conversation, sender, recipient, "only once"));
        assertEquals(duplicates + 2, counter("famichat_fan_out_duplicates_dropped"));

        assertEquals(1, rows("SELECT count(*) FROM message_envelopes WHERE message_id = ?", m1.messageId()));
        assertArrayEquals(ciphertext, ciphertext(m1, bob));
        assertEquals(senderSession, sessionVersion(alice, bob), "no ratchet step for a duplicate");
        assertTrue(take(bob).isEmpty());

        deliver(alice, conversation, "the next one", bob);
        assertEquals(List.of("only once", "the next one"), bodies(page(bob, conversation)));
        assertEquals(duplicates + 2, counter("famichat_fan_out_duplicates_dropped"));
    }

    // ---- 7b

    /**
     * The fan-out count is part of each envelope's encrypting transaction. Envelopes of one message that commit at
     * once on different consumers are all counted (the message's row lock orders the counts), and a transaction
     * that marked the message fanned out and then failed takes the mark back with its envelope: the broker's
     * redelivery marks it again. Every message ends marked once, and the send -> all envelopes committed timer
     * times each once.
     */
    @Test
    void theFanOutCountEndsExactWhenEnvelopesCommitTogetherAndWhenTheLastOneIsRolledBack() throws Exception {
        UUID alice = HostedUsers.withPhone(accounts, "count-a");
        UUID family = families.create(alice, "Counted").family().id();
        for (String name : List.of("count-b", "count-c", "count-d", "count-e")) {
            families.accept(HostedUsers.withPhone(accounts, name), families.invite(alice, family).code());
        }
        UUID conversation = conversations.create(alice, new NewConversation.Family(family)).details()
                .conversation().id();
        long timedBefore = fannedOutTimed();

        List<SentMessage> sent = new ArrayList<>();
        sent.add(inTx(() -> {
            SentMessage message = send(alice, conversation, "marked, rolled back, marked again");
            FailOnceAfterFannedOut.arm(message.messageId());
            return message;
        }));
        for (int i = 0; i < 20; i++) {
            sent.add(send(alice, conversation, "counted " + i));
        }
        for (SentMessage message : sent) {
            awaitTrue(() -> rows("SELECT count(*) FROM messages WHERE id = ? AND fanned_out_at IS NOT NULL",
                    message.messageId()) == 1, "seq " + message.seq() + " is not counted as fanned out");
        }
        assertEquals(4L * sent.size(), rows("SELECT count(*) FROM message_envelopes WHERE conversation_id = ?",
                conversation));
        assertEquals(2, FailOnceAfterFannedOut.marks(sent.get(0).messageId()), "the first mark was rolled back");
        for (SentMessage message : sent.subList(1, sent.size())) {
            assertEquals(1, FailOnceAfterFannedOut.marks(message.messageId()), "seq " + message.seq());
        }
        awaitTrue(() -> fannedOutTimed() >= timedBefore + sent.size(), "not every message was timed");
        assertEquals(timedBefore + sent.size(), fannedOutTimed(), "each message timed once, the rolled-back mark not");
    }

    // ---- 8

    /**
     * A send waits for the conversation's lock while the transaction holding it removes the sender from the group,
     * or deletes the conversation: the send then sees the change and answers 404; it neither posts once more nor
     * fails with a server error (before the fix: membership was checked before the lock).
     */
    @Test
    void aSendWaitingForTheLockSeesARemovalOrDeletionCommittedMeanwhile() throws Exception {
        UUID alice = HostedUsers.withPhone(accounts, "race-a");
        UUID bob = HostedUsers.withPhone(accounts, "race-b");
        direct(alice, bob);
        UUID removedFrom = conversations.create(alice, new NewConversation.Group("Removal", List.of(bob)))
                .details().conversation().id();
        assertSendRefusedAfter(bob, removedFrom,
                "DELETE FROM conversation_members WHERE conversation_id = ? AND user_id = ?", removedFrom, bob);
        UUID deleted = conversations.create(alice, new NewConversation.Group("Deletion", List.of(bob)))
                .details().conversation().id();
        assertSendRefusedAfter(bob, deleted, "DELETE FROM conversations WHERE id = ?", deleted);
        assertEquals(0, rows("SELECT count(*) FROM messages WHERE conversation_id IN (?, ?)", removedFrom, deleted));
        assertEquals(1, send(alice, removedFrom, "still open for its members").seq());
    }

    /** Holds the conversation's row lock, lets a send queue behind it, then commits {@code change}. */
    private void assertSendRefusedAfter(UUID sender, UUID conversation, String change, Object... parameters)
            throws Exception {
        ExecutorService sending = Executors.newSingleThreadExecutor(threadFactory);
        try {
            Future<SentMessage> send = inTx(() -> {
                try (Connection db = dataSource.getConnection()) {
                    update(db, "SELECT id FROM conversations WHERE id = ? FOR UPDATE", conversation);
                    Future<SentMessage> waiting = sending.submit(() -> send(sender, conversation, "raced"));
                    awaitTrue(() -> sendsWaitingForALock(db) == 1, "the send did not wait for the lock");
                    update(db, change, parameters);
                    return waiting;
                }
            });
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> send.get(WAIT_MS, TimeUnit.MILLISECONDS));
            FamichatException refused = assertInstanceOf(FamichatException.class, failed.getCause());
            assertEquals(Failure.NOT_FOUND, refused.failure());
        } finally {
            sending.shutdownNow();
        }
    }

    private static void update(Connection db, String sql, Object... parameters) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }

    private static long sendsWaitingForALock(Connection db) {
        // pg_stat_activity is read once per transaction and kept (this one holds the lock): drop that snapshot.
        try (PreparedStatement clear = db.prepareStatement("SELECT pg_stat_clear_snapshot()")) {
            clear.execute();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        try (PreparedStatement query = db.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' "
                + "AND query LIKE '%FROM conversations WHERE id = $1 FOR NO KEY UPDATE%'");
             ResultSet count = query.executeQuery()) {
            count.next();
            return count.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- helpers

    /** A family of the two and their direct conversation. */
    private UUID direct(UUID a, UUID b) {
        UUID family = families.create(a, "Pipeline").family().id();
        families.accept(b, families.invite(a, family).code());
        return conversations.create(a, new NewConversation.Direct(b)).details().conversation().id();
    }

    private static Caller caller(UUID user) {
        return new Caller(new DeviceAddress(user, 1), "pipeline-it", KeyCustody.HOSTED);
    }

    private SentMessage send(UUID sender, UUID conversation, String body) {
        return sends.send(caller(sender), conversation, UUID.randomUUID().toString(), body);
    }

    /** Sends and waits until the message's envelope for the recipient's device is written. */
    private SentMessage sendAndAwaitEnvelope(UUID sender, UUID conversation, String body, UUID recipient)
            throws InterruptedException {
        SentMessage sent = send(sender, conversation, body);
        awaitEnvelope(sent, recipient);
        return sent;
    }

    /**
     * Sends, waits for the envelope and takes what waits for the recipient's device: exactly this message, its body
     * decrypted.
     */
    private SentMessage deliver(UUID sender, UUID conversation, String body, UUID recipient)
            throws InterruptedException {
        SentMessage sent = sendAndAwaitEnvelope(sender, conversation, body, recipient);
        assertEquals(List.of(body), bodies(take(recipient)), "what the recipient takes after seq " + sent.seq());
        return sent;
    }

    /** Sends in a transaction of the test's, arming the fault before the fan-out can reach the broker. */
    private SentMessage sendFailingOnce(UUID sender, UUID conversation, String body) throws Exception {
        return inTx(() -> {
            SentMessage sent = send(sender, conversation, body);
            FailOnceAfterInsert.arm(sent.messageId());
            return sent;
        });
    }

    private List<HistoryEntry> take(UUID user) {
        return inbox.take(new DeviceAddress(user, 1)).entries();
    }

    private List<HistoryEntry> page(UUID reader, UUID conversation) {
        return history.page(caller(reader), conversation, null, null, null).messages();
    }

    private static List<String> bodies(List<HistoryEntry> entries) {
        return entries.stream().map(HistoryEntry::body).toList();
    }

    /** Decrypts the stored envelope again with the recipient's stored session, in a transaction rolled back. */
    private byte[] decryptAgain(UUID recipient, UUID sender, SentMessage message) throws Exception {
        byte[] ciphertext = ciphertext(message, recipient);
        int type = signalType(message, recipient);
        tx.begin();
        try {
            HostedSignalStore store = stores.forDevice(new DeviceAddress(recipient, 1));
            SessionCipher cipher = new SessionCipher(store, HostedSignalStore.address(new DeviceAddress(sender, 1)));
            return type == CiphertextMessage.PREKEY_TYPE ? cipher.decrypt(new PreKeySignalMessage(ciphertext))
                    : cipher.decrypt(new SignalMessage(ciphertext));
        } finally {
            tx.rollback();
        }
    }

    private void awaitEnvelope(SentMessage message, UUID recipient) throws InterruptedException {
        awaitTrue(() -> rows("SELECT count(*) FROM message_envelopes WHERE message_id = ? AND recipient_user_id = ?",
                message.messageId(), recipient) == 1, "no envelope of seq " + message.seq());
    }

    private void awaitCount(long count, String sql, Object... parameters) throws InterruptedException {
        awaitTrue(() -> rows(sql, parameters) >= count, "fewer than " + count + ": " + sql);
        assertEquals(count, rows(sql, parameters));
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String failure)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(failure + " (waited " + WAIT_MS / 1000 + " s)");
            }
            Thread.sleep(50);
        }
    }

    private int signalType(SentMessage message, UUID recipient) {
        return query("SELECT signal_type FROM message_envelopes WHERE message_id = ? AND recipient_user_id = ?",
                rs -> rs.getInt(1), message.messageId(), recipient).get(0);
    }

    private byte[] ciphertext(SentMessage message, UUID recipient) {
        return query("SELECT ciphertext FROM message_envelopes WHERE message_id = ? AND recipient_user_id = ?",
                rs -> rs.getBytes(1), message.messageId(), recipient).get(0);
    }

    private boolean isTaken(SentMessage message, UUID recipient) {
        return query("SELECT taken_at IS NOT NULL FROM message_envelopes WHERE message_id = ? AND recipient_user_id = ?",
                rs -> rs.getBoolean(1), message.messageId(), recipient).get(0);
    }

    private long sessionVersion(UUID local, UUID remote) {
        return query("SELECT version FROM signal_sessions WHERE local_user_id = ? AND remote_user_id = ?",
                rs -> rs.getLong(1), local, remote).get(0);
    }

    private List<String> securityEvents(SentMessage message) {
        return query("SELECT kind || '/' || user_id || '/' || device_id FROM security_events WHERE message_id = ?",
                rs -> rs.getString(1), message.messageId());
    }

    /** The seqs of the envelopes one sender's device wrote for one recipient, in the order they were written. */
    private List<Long> seqsInEnvelopeOrder(UUID recipient, UUID sender) {
        return query("SELECT m.seq FROM message_envelopes e JOIN messages m ON m.id = e.message_id "
                + "WHERE e.recipient_user_id = ? AND e.sender_user_id = ? AND e.sender_device_id = 1 ORDER BY e.no",
                rs -> rs.getLong(1), recipient, sender);
    }

    private long rows(String sql, Object... parameters) {
        return query(sql, rs -> rs.getLong(1), parameters).get(0);
    }

    private interface Column<T> {
        T read(ResultSet row) throws Exception;
    }

    private <T> List<T> query(String sql, Column<T> column, Object... parameters) {
        try (Connection db = dataSource.getConnection(); PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            List<T> values = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(column.read(rows));
                }
            }
            return values;
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private long fannedOutTimed() {
        Timer timer = metrics.getTimers().get(new MetricID("famichat_message_send_to_envelopes_committed"));
        return timer == null ? 0 : timer.getCount();
    }

    private long counter(String name, Tag... tags) {
        Counter counter = metrics.getCounters().get(new MetricID(name, tags));
        return counter == null ? 0 : counter.getCount();
    }

    private <T> T inTx(Callable<T> work) throws Exception {
        return InTransaction.call(tx, work);
    }
}
