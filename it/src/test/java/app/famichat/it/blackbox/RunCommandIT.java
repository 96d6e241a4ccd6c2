package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Families;
import app.famichat.it.support.Http;
import app.famichat.it.support.LaunchedFamichat;
import app.famichat.it.support.ListeningSockets;
import app.famichat.it.support.Messages;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * README's run command as a user runs it: nothing configured but the data directory and port, so embedded
 * PostgreSQL and the embedded broker. Stopping the launcher (SIGTERM; Ctrl-C runs the same shutdown hook) must
 * stop everything, and data must survive a restart: messages in the sender's and the recipient's history, a
 * message still waiting for its recipient, and the Signal sessions (the vault's key file and the data kept).
 */
class RunCommandIT {

    @Test
    void runsOnEmbeddedDefaultsStopsCleanlyAndKeepsData() throws Exception {
        Path dataDir = TestEnvironment.get().freshDirectory("run-command");
        Users.SignedIn ann;
        Users.SignedIn bob;
        String conversation;
        List<String> before;
        try (LaunchedFamichat famichat = LaunchedFamichat.start(dataDir, Map.of())) {
            Http anonymous = new Http(famichat.baseUrl());
            assertEquals(200, anonymous.get("/health/ready").statusCode());
            ann = Users.registerAndSignIn(anonymous, "runner");
            UUID familyId = Families.create(ann, "Runners");
            bob = Families.joinNew(ann, familyId, 1, "runner-kin").get(0);
            conversation = Messages.familyConversation(ann, familyId);

            // Bob reads the first message before the restart; the second is encrypted for him but left
            // waiting (its envelope committed, not yet taken: a fetch would take it): he takes it after the restart.
            String first = Messages.sent(ann, conversation, "before-1", "Read before the restart").getString("messageId");
            assertEquals(List.of("Read before the restart"), Messages.bodies(Messages.awaitMessages(bob, conversation, 1)));
            String second = Messages.sent(ann, conversation, "before-2", "Waiting across the restart")
                    .getString("messageId");
            before = List.of(first, second);
            awaitFannedOut(anonymous, 2);

            // pg_ctl detaches PostgreSQL from the launcher: find it through its pid file.
            long postgresPid = Long.parseLong(
                    Files.readAllLines(dataDir.resolve("postgres/data/postmaster.pid")).get(0).trim());
            List<ProcessHandle> tree = new java.util.ArrayList<>(famichat.processTree());
            tree.add(ProcessHandle.of(postgresPid).orElseThrow());
            assertEquals(3, tree.size(), "launcher, Payara Micro and PostgreSQL: " + tree);
            for (ProcessHandle process : tree) {
                if (ListeningSockets.supported()) {
                    ListeningSockets.of(process.pid()).forEach(listener ->
                            assertTrue(ListeningSockets.isLoopback(listener), listener));
                }
            }

            assertEquals(143, famichat.terminate(Duration.ofSeconds(90)), famichat.output());
            for (int i = 0; i < 100 && tree.stream().anyMatch(ProcessHandle::isAlive); i++) {
                Thread.sleep(100);
            }
            assertEquals(List.of(), tree.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList(), "no process may outlive the launcher");
            assertTrue(famichat.output().contains("[famichat] stopped"));
            assertTrue(famichat.output().contains("created the key vault's master key file "
                    + dataDir.resolve("keys/vault.keys")), famichat.output());
        }
        assertTrue(Files.isDirectory(dataDir.resolve("postgres/data")));
        assertTrue(Files.isDirectory(dataDir.resolve("broker/journal")));
        assertTrue(Files.exists(dataDir.resolve("logs")));
        Path keyFile = dataDir.resolve("keys/vault.keys");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        String key = Files.readString(keyFile);

        try (LaunchedFamichat again = LaunchedFamichat.start(dataDir, Map.of())) {
            assertEquals(key, Files.readString(keyFile), "the restart keeps the vault's master key");
            assertFalse(again.output().contains("created the key vault's master key file"), again.output());
            // The tokens survived the restart too (sessions live in the database).
            Users.SignedIn annAgain = withBase(ann, again);
            Users.SignedIn bobAgain = withBase(bob, again);
            List<String> bodies = List.of("Read before the restart", "Waiting across the restart");
            for (Users.SignedIn reader : List.of(annAgain, bobAgain)) {
                JsonObject page = Messages.awaitMessages(reader, conversation, 2);
                assertEquals(bodies, Messages.bodies(page), reader.username());
                assertEquals(before, Messages.ids(page));
                assertTrue(Messages.messages(page).stream().noneMatch(message -> message.getBoolean("undecryptable")));
            }
            // The Signal sessions survived as well: both directions go on.
            Messages.sent(bobAgain, conversation, "after-1", "Still here");
            Messages.sent(annAgain, conversation, "after-2", "Me too");
            List<String> all = List.of("Read before the restart", "Waiting across the restart", "Still here", "Me too");
            for (Users.SignedIn reader : List.of(annAgain, bobAgain)) {
                JsonObject page = Messages.awaitMessages(reader, conversation, 4);
                assertEquals(all, Messages.bodies(page), reader.username());
                assertTrue(Messages.messages(page).stream().noneMatch(message -> message.getBoolean("undecryptable")));
            }
        }
    }

    private static Users.SignedIn withBase(Users.SignedIn user, LaunchedFamichat server) {
        return new Users.SignedIn(user.id(), user.username(), user.token(), user.deviceId(), user.deviceCredential(),
                new Http(server.baseUrl()).as(user.token()));
    }

    /** Waits until {@code count} messages have all their envelopes committed (the fan-out timer's count). */
    private static void awaitFannedOut(Http http, int count) throws Exception {
        String series = "famichat_message_send_to_envelopes_committed_seconds_count{mp_scope=\"application\"} ";
        long deadline = System.nanoTime() + Messages.WAIT.toNanos();
        while (true) {
            double fannedOut = http.get("/metrics").body().lines().filter(line -> line.startsWith(series))
                    .mapToDouble(line -> Double.parseDouble(line.substring(series.length()).trim()))
                    .findFirst().orElse(0);
            if (fannedOut >= count) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "only " + fannedOut + " of " + count + " messages fanned out");
            Thread.sleep(100);
        }
    }
}
