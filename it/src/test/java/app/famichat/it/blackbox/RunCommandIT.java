package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Custody;
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
 * message still waiting for its recipient, and the Signal sessions (the vault's key file and the data kept); a
 * member in locked custody stays signed in and reads and sends after the restart.
 * A launcher killed with SIGKILL must not block the next start (its orphans are stopped), and a deployment that
 * fails must end the launcher.
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
            // Bob is in locked custody: his keyring is unlocked from his token's unlock row, request by request, so
            // the restart must not sign him out either (issue 14).
            Custody.lock(bob);
            conversation = Messages.familyConversation(ann, familyId);

            // Bob reads the first message before the restart; the second is encrypted for him but left
            // waiting (its envelope committed, not yet taken: a fetch would take it): he takes it after the restart.
            String first = Messages.sent(ann, conversation, "before-1", "Read before the restart").getString("messageId");
            assertEquals(List.of("Read before the restart"), Messages.bodies(Messages.awaitMessages(bob, conversation, 1)));
            String second = Messages.sent(ann, conversation, "before-2", "Waiting across the restart")
                    .getString("messageId");
            before = List.of(first, second);
            awaitFannedOut(anonymous, 2);

            // Launcher, Payara Micro, and PostgreSQL with its own worker processes: all children of the launcher.
            long postgresPid = pidIn(dataDir.resolve("postgres/data/postmaster.pid"));
            long payaraPid = pidIn(dataDir.resolve("payara.pid"));
            List<ProcessHandle> tree = famichat.processTree();
            List<Long> pids = tree.stream().map(ProcessHandle::pid).toList();
            assertTrue(pids.contains(postgresPid) && pids.contains(payaraPid), tree.toString());
            for (ProcessHandle process : tree) {
                if (ListeningSockets.supported()) {
                    ListeningSockets.of(process.pid()).forEach(listener ->
                            assertTrue(ListeningSockets.isLoopback(listener), listener));
                }
            }
            assertFalse(Files.exists(Path.of("/tmp/.s.PGSQL." + postgresPort(famichat))),
                    "the database's socket stays inside the data directory");

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

        List<String> all = List.of("Read before the restart", "Waiting across the restart", "Still here", "Me too");
        LaunchedFamichat again = LaunchedFamichat.start(dataDir, Map.of());
        List<ProcessHandle> orphans;
        try {
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
            for (Users.SignedIn reader : List.of(annAgain, bobAgain)) {
                JsonObject page = Messages.awaitMessages(reader, conversation, 4);
                assertEquals(all, Messages.bodies(page), reader.username());
                assertTrue(Messages.messages(page).stream().noneMatch(message -> message.getBoolean("undecryptable")));
            }

            // Finding 8: kill -9 of the launcher orphans Payara and PostgreSQL; they used to block the next start.
            orphans = again.processTree().stream().skip(1).toList();
            again.kill();
        } catch (Throwable e) {
            again.close();
            throw e;
        }
        assertTrue(orphans.stream().anyMatch(ProcessHandle::isAlive), "SIGKILL leaves the children running");
        // Finding 14: a data directory opened up meanwhile is closed again at the next start.
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (LaunchedFamichat third = LaunchedFamichat.start(dataDir, Map.of())) {
            String output = third.output();
            assertTrue(output.contains("left running on this data directory by an earlier launcher"), output);
            assertTrue(output.contains("found PostgreSQL (pid "), output);
            assertTrue(output.contains("found Payara Micro (pid "), output);
            assertTrue(output.contains("was rwxr-xr-x; made it owner-only"), output);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
            assertEquals(List.of(), orphans.stream().filter(ProcessHandle::isAlive).toList(), "the orphans are gone");
            for (Users.SignedIn reader : List.of(withBase(ann, third), withBase(bob, third))) {
                assertEquals(all, Messages.bodies(Messages.awaitMessages(reader, conversation, 4)), reader.username());
            }

            // Finding 8: the embedded database dies (SIGKILL, as the OOM killer would). It is restarted, 3 times
            // within 10 minutes, and the API answers again; it used to stay down behind a server answering 500.
            for (int death = 1; death <= 3; death++) {
                killPostmaster(dataDir);
                third.awaitOutput("[famichat] the embedded PostgreSQL is back", death, Duration.ofMinutes(1));
                assertTrue(third.output().contains("restarting it (restart " + death + " of at most 3 within 10 minutes)"),
                        third.output());
            }
            awaitReadable(withBase(ann, third), conversation, all);
            // A fourth death within the 10 minutes stops everything with a clear message and exit code 3.
            List<ProcessHandle> running = third.processTree();
            killPostmaster(dataDir);
            assertEquals(3, third.awaitExit(Duration.ofMinutes(2)), third.output());
            assertTrue(third.output().contains("for the 4th time within 10 minutes; stopping Famichat"), third.output());
            for (int i = 0; i < 100 && running.stream().anyMatch(ProcessHandle::isAlive); i++) {
                Thread.sleep(100);
            }
            assertEquals(List.of(), running.stream().filter(ProcessHandle::isAlive).toList(), "Payara is stopped too");
        }

        // A deployment that fails (here: an unusable vault key) ends the launcher with a clear message, and
        // stops the database it started; it used to wait forever, neither ready nor gone.
        try (LaunchedFamichat failing = LaunchedFamichat.launch(dataDir, Map.of("FAMICHAT_VAULT_KEYS", "unusable"))) {
            assertEquals(4, failing.awaitExit(Duration.ofMinutes(6)), failing.output());
            String output = failing.output();
            assertTrue(output.contains("[famichat] the application failed to deploy"), output);
            assertFalse(output.contains("[famichat] ready in"), output);
            assertTrue(output.contains("[famichat] stopped"), output);
            assertFalse(Files.exists(dataDir.resolve("postgres/data/postmaster.pid")), "PostgreSQL is stopped");
            assertFalse(Files.exists(dataDir.resolve("payara.pid")));
        }
    }

    private static void killPostmaster(Path dataDir) throws Exception {
        ProcessHandle postmaster = ProcessHandle.of(pidIn(dataDir.resolve("postgres/data/postmaster.pid"))).orElseThrow();
        postmaster.destroyForcibly();
        postmaster.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Right after a restart a pooled connection may still be a dead one: the first request can fail. */
    private static void awaitReadable(Users.SignedIn reader, String conversation, List<String> bodies) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                assertEquals(bodies, Messages.bodies(Messages.page(reader, conversation, "")));
                return;
            } catch (AssertionError | RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private static long pidIn(Path pidFile) throws Exception {
        return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    }

    private static int postgresPort(LaunchedFamichat famichat) throws Exception {
        return Integer.parseInt(Files.readAllLines(famichat.dataDir().resolve("postgres/data/postmaster.pid")).get(3)
                .trim());
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
