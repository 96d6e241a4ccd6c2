package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Http;
import app.famichat.it.support.LaunchedFamichat;
import app.famichat.it.support.ListeningSockets;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README's run command as a user runs it: nothing configured but the data directory and port, so embedded
 * PostgreSQL and the embedded broker. Stopping the launcher (SIGTERM; Ctrl-C runs the same shutdown hook) must
 * stop everything, and data must survive a restart.
 */
class RunCommandIT {

    @Test
    void runsOnEmbeddedDefaultsStopsCleanlyAndKeepsData() throws Exception {
        Path dataDir = TestEnvironment.get().freshDirectory("run-command");
        String sendId;
        Users.SignedIn user;
        try (LaunchedFamichat famichat = LaunchedFamichat.start(dataDir, Map.of())) {
            Http anonymous = new Http(famichat.baseUrl());
            assertEquals(200, anonymous.get("/health/ready").statusCode());
            user = Users.registerAndSignIn(anonymous, "runner");
            Http http = user.http();
            var accepted = http.postJson("/api/v1/skeleton/sends", "{\"label\":\"kept\",\"targets\":[\"a\",\"b\"]}");
            assertEquals(202, accepted.statusCode(), accepted.body());
            sendId = Http.json(accepted).getString("sendId");
            awaitDeliveries(http, sendId, 2);

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
            // The token survived the restart too (sessions live in the database).
            var view = Http.json(new Http(again.baseUrl()).as(user.token()).get("/api/v1/skeleton/sends/" + sendId));
            assertEquals("kept", view.getString("label"));
            assertEquals(2, view.getJsonArray("deliveries").size());
        }
    }

    private static void awaitDeliveries(Http http, String sendId, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (Http.json(http.get("/api/v1/skeleton/sends/" + sendId)).getJsonArray("deliveries").size() < expected) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("deliveries did not arrive");
            }
            Thread.sleep(100);
        }
    }
}
