package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.FamilyChat;
import app.famichat.it.support.Http;
import app.famichat.it.support.Messages;
import app.famichat.it.support.SocketClient;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Order and identity of messages: seq numbers without gaps under interleaved senders, idempotent client
 * retries over REST and the socket, and history paging.
 */
class MessageOrderIT {

    private static String baseUrl;

    @BeforeAll
    static void server() throws Exception {
        baseUrl = TestEnvironment.get().packagedServer().baseUrl();
    }

    /**
     * Four members send at once, three over REST and one over its socket; every member (senders, a connected
     * reader and a member who only fetches) ends up with the same history: seq 1..20 without gaps, each
     * sender's messages in the order they were sent.
     */
    @Test
    void interleavedSendersGiveEveryMemberTheSameGaplessHistory() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "order", 5);
        List<Users.SignedIn> members = family.members();
        String conversation = family.conversation();
        List<Users.SignedIn> restSenders = members.subList(0, 3);
        Users.SignedIn socketSender = members.get(3);
        Users.SignedIn connectedReader = members.get(4);
        int perSender = 5;
        int total = 4 * perSender;

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (SocketClient senderSocket = family.connect(socketSender);
             SocketClient readerSocket = family.connect(connectedReader)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Long>>> sends = new ArrayList<>();
            for (Users.SignedIn sender : restSenders) {
                sends.add(pool.submit(() -> {
                    start.await();
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 1; i <= perSender; i++) {
                        seqs.add(Messages.sent(sender, conversation, "i-" + i, sender.username() + " #" + i)
                                .getJsonNumber("seq").longValue());
                    }
                    return seqs;
                }));
            }
            sends.add(pool.submit(() -> {
                start.await();
                for (int i = 1; i <= perSender; i++) {
                    senderSocket.send(Messages.sendFrame(conversation, "i-" + i, socketSender.username() + " #" + i));
                }
                List<Long> seqs = new ArrayList<>();
                // Frames of one socket are handled in order, but the sender's own copies of the others'
                // messages may be pushed in between.
                while (seqs.size() < perSender) {
                    JsonObject frame = senderSocket.next();
                    if (frame.getString("type").equals("sent")) {
                        assertEquals("i-" + (seqs.size() + 1), frame.getString("clientMessageId"));
                        seqs.add(frame.getJsonNumber("seq").longValue());
                    } else {
                        assertEquals("message", frame.getString("type"), frame.toString());
                    }
                }
                return seqs;
            }));
            start.countDown();
            Set<Long> allSeqs = new HashSet<>();
            for (Future<List<Long>> send : sends) {
                List<Long> seqs = send.get(2, TimeUnit.MINUTES);
                assertEquals(seqs.stream().sorted().toList(), seqs, "one sender's messages get increasing seqs");
                allSeqs.addAll(seqs);
            }
            assertEquals(LongStream.rangeClosed(1, total).boxed().collect(Collectors.toSet()),
                    allSeqs, "seq 1.." + total + ", each once");

            // The connected reader gets every message pushed (in whatever order the pairs' encryptions finish).
            Set<String> pushed = new HashSet<>();
            while (pushed.size() < total) {
                JsonObject frame = Messages.nextMessage(readerSocket);
                pushed.add(frame.getString("messageId"));
                readerSocket.send(Messages.ackFrame(frame.getString("messageId")));
            }
            assertEquals(total, pushed.size());
        } finally {
            pool.shutdownNow();
        }

        List<String> reference = null;
        for (Users.SignedIn member : members) {
            JsonObject page = Messages.awaitMessages(member, conversation, total);
            assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), Messages.seqs(page),
                    member.username() + ": ordered by seq, no gaps");
            if (reference == null) {
                reference = Messages.ids(page);
            }
            assertEquals(reference, Messages.ids(page), member.username() + " has the same message at each seq");
            for (Users.SignedIn sender : members.subList(0, 4)) {
                List<String> theirs = Messages.bodies(page).stream()
                        .filter(body -> body.startsWith(sender.username() + " #")).toList();
                assertEquals(LongStream.rangeClosed(1, perSender).mapToObj(i -> sender.username() + " #" + i).toList(),
                        theirs, "each sender's messages in the order sent");
            }
        }
    }

    @Test
    void aRetryWithTheSameClientMessageIdIsTheSameMessageOverRestAndSocket() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "retry", 1);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        String conversation = family.conversation();

        JsonObject first = Messages.sent(ann, conversation, "r-1", "Once");
        assertEquals(1, first.getJsonNumber("seq").longValue());
        assertEquals(first, Messages.sent(ann, conversation, "r-1", "Once"), "a REST retry: the same message");
        assertEquals(first, Messages.sent(ann, conversation, "r-1", "Once, edited?"),
                "the client message id decides, not the body");
        assertEquals(2, Messages.sent(ann, conversation, "r-2", "Twice").getJsonNumber("seq").longValue());

        try (SocketClient socket = family.connect(ann)) {
            JsonObject third = sendOverSocket(socket, conversation, "r-3", "Thrice");
            assertEquals(3, third.getJsonNumber("seq").longValue());
            JsonObject thirdAgain = sendOverSocket(socket, conversation, "r-3", "Thrice");
            assertEquals(third.getString("messageId"), thirdAgain.getString("messageId"), "a socket retry");
            assertEquals(3, thirdAgain.getJsonNumber("seq").longValue());
            assertEquals(third.getString("sentAt"), thirdAgain.getString("sentAt"));

            JsonObject crossRest = Messages.sent(ann, conversation, "r-3", "Thrice");
            assertEquals(third.getString("messageId"), crossRest.getString("messageId"), "socket, then REST");
            JsonObject crossSocket = sendOverSocket(socket, conversation, "r-1", "Once");
            assertEquals(first.getString("messageId"), crossSocket.getString("messageId"), "REST, then socket");
            assertEquals(4, sendOverSocket(socket, conversation, "r-4", "Four times").getJsonNumber("seq").longValue());
        }

        // Concurrent retries of one new message (a client that gave up waiting, twice): still one message.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<JsonObject>> retries = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                retries.add(() -> Messages.sent(ann, conversation, "r-5", "Five"));
            }
            Set<JsonObject> answers = new HashSet<>();
            for (Future<JsonObject> answer : pool.invokeAll(retries, 2, TimeUnit.MINUTES)) {
                answers.add(answer.get());
            }
            assertEquals(1, answers.size(), answers.toString());
            assertEquals(5, answers.iterator().next().getJsonNumber("seq").longValue());
        } finally {
            pool.shutdownNow();
        }

        // Client message ids are per sender: bob's "r-1" is a message of its own.
        JsonObject bobs = Messages.sent(bob, conversation, "r-1", "Bob's first");
        assertFalse(bobs.getString("messageId").equals(first.getString("messageId")));
        assertEquals(6, bobs.getJsonNumber("seq").longValue());

        List<String> expected = List.of("Once", "Twice", "Thrice", "Four times", "Five", "Bob's first");
        for (Users.SignedIn member : List.of(ann, bob)) {
            JsonObject page = Messages.awaitMessages(member, conversation, expected.size());
            assertEquals(expected, Messages.bodies(page), member.username());
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), Messages.seqs(page));
        }
    }

    @Test
    void historyPagesGoBackAndForthWithBeforeAfterAndLimit() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "pages", 1);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        String conversation = family.conversation();
        for (int i = 1; i <= 12; i++) {
            Messages.sent(ann, conversation, "p-" + i, "page message " + i);
        }
        Messages.awaitMessages(bob, conversation, 12);

        // The sender's copies and a recipient's decrypted ones page alike.
        for (Users.SignedIn reader : List.of(ann, bob)) {
            assertPage(reader, conversation, "limit=5", 8, 12, true);
            assertPage(reader, conversation, "before=8&limit=5", 3, 7, true);
            assertPage(reader, conversation, "before=3&limit=5", 1, 2, false);
            assertPage(reader, conversation, "before=1", 0, 0, false);
            assertPage(reader, conversation, "after=0&limit=5", 1, 5, true);
            assertPage(reader, conversation, "after=5&limit=5", 6, 10, true);
            assertPage(reader, conversation, "after=10&limit=5", 11, 12, false);
            assertPage(reader, conversation, "after=12", 0, 0, false);
            assertPage(reader, conversation, "after=7&limit=1", 8, 8, true);
            assertPage(reader, conversation, "before=13&limit=12", 1, 12, false);
            assertPage(reader, conversation, "limit=12", 1, 12, false);
            assertPage(reader, conversation, "limit=11", 2, 12, true);
            assertPage(reader, conversation, "", 1, 12, false);
            JsonObject page = Messages.page(reader, conversation, "after=3&limit=2");
            assertEquals(List.of("page message 4", "page message 5"), Messages.bodies(page));
        }

        for (String query : List.of("limit=0", "limit=-1", "limit=201", "limit=abc", "limit=1.5", "before=0",
                "before=-5", "after=-1", "after=x", "before=2&after=1", "limit=99999999999999999999")) {
            HttpResponse<String> refused = bob.http().get(Messages.path(conversation) + "?" + query);
            assertEquals(400, refused.statusCode(), query + ": " + refused.body());
            assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
            assertEquals("urn:famichat:problem:validation", Http.json(refused).getString("type"), query);
        }
    }

    private static void assertPage(Users.SignedIn reader, String conversation, String query, long from, long to,
                                   boolean more) throws Exception {
        JsonObject page = Messages.page(reader, conversation, query);
        List<Long> expected = from == 0 ? List.of() : LongStream.rangeClosed(from, to).boxed().toList();
        assertEquals(expected, Messages.seqs(page), reader.username() + " ?" + query);
        assertEquals(more, page.getBoolean("more"), reader.username() + " ?" + query + ": more");
        assertTrue(Messages.bodies(page).stream().allMatch(body -> body.startsWith("page message ")));
    }

    /** Sends a frame and returns the sent frame answering it (skipping pushed messages). */
    private static JsonObject sendOverSocket(SocketClient socket, String conversation, String clientMessageId,
                                             String body) throws Exception {
        socket.send(Messages.sendFrame(conversation, clientMessageId, body));
        while (true) {
            JsonObject frame = socket.next();
            if (!frame.getString("type").equals("message")) {
                assertEquals("sent", frame.getString("type"), frame.toString());
                assertEquals(clientMessageId, frame.getString("clientMessageId"));
                return frame;
            }
        }
    }
}
