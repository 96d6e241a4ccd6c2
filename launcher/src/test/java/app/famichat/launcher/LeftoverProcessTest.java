package app.famichat.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding 8: a killed launcher's PostgreSQL blocked the next start ("postmaster.pid already exists"). */
class LeftoverProcessTest {

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void aLeftoverPostmasterOfThisDataDirectoryIsStoppedAndTheNextStartSucceeds() throws Exception {
        Path postgres = dir.resolve("postgres");
        EmbeddedDatabase orphan = EmbeddedDatabase.start(postgres);
        long pid = orphan.pid();
        try (var connection = EmbeddedDatabaseTest.connect(orphan)) {
            connection.createStatement().execute("CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES ('yes')");
        }
        // As if the launcher had been killed: nobody closes `orphan`.

        assertTrue(LeftoverProcess.postgres(postgres.resolve("data")).stopIfRunning(log::add));

        assertTrue(EmbeddedDatabaseTest.exits(pid));
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("found PostgreSQL (pid " + pid + ") left running on this data directory"),
                log.get(0));
        try (EmbeddedDatabase database = EmbeddedDatabase.start(postgres);
             var connection = EmbeddedDatabaseTest.connect(database);
             ResultSet rows = connection.createStatement().executeQuery("SELECT v FROM kept")) {
            assertTrue(rows.next(), "the data survived the leftover's shutdown");
        }
    }

    @Test
    void aPidFileOfADeadProcessIsRemoved() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path data = Files.createDirectories(dir.resolve("data"));
        LeftoverProcess.writePid(data.resolve("postmaster.pid"), gone.pid());

        assertFalse(LeftoverProcess.postgres(data).stopIfRunning(log::add));

        assertFalse(Files.exists(data.resolve("postmaster.pid")));
        assertEquals(List.of("removed the stale postmaster.pid of PostgreSQL (pid " + gone.pid() + " is not running)"),
                log);
    }

    @Test
    void aLiveProcessThatIsNotOursIsLeftAloneButItsPidIsForgotten() throws Exception {
        Process unrelated = start(List.of("sleep", "60"), dir);
        Path data = Files.createDirectories(dir.resolve("data"));
        LeftoverProcess.writePid(data.resolve("postmaster.pid"), unrelated.pid());

        assertFalse(LeftoverProcess.postgres(data).stopIfRunning(log::add));

        assertTrue(unrelated.isAlive(), "a reused pid must not be killed");
        assertFalse(Files.exists(data.resolve("postmaster.pid")));
    }

    @Test
    void aProcessThatIgnoresSigtermIsKilled() throws Exception {
        Process stubborn = start(List.of("sh", "-c", "trap '' TERM; echo ready; while :; do sleep 1; done"), dir);
        assertEquals("ready", stubborn.inputReader().readLine(), "SIGTERM is ignored from here on");
        Path pidFile = dir.resolve("stubborn.pid");
        LeftoverProcess.writePid(pidFile, stubborn.pid());
        LeftoverProcess leftover = new LeftoverProcess("stubborn", pidFile,
                facts -> facts.arguments().get(0).equals("sh"), Duration.ofSeconds(1));

        assertTrue(leftover.stopIfRunning(log::add));

        assertTrue(stubborn.waitFor(5, TimeUnit.SECONDS));
        assertTrue(log.get(0).contains("ignored SIGTERM for 1 s and was killed"), log.toString());
    }

    @Test
    void aLeftoverPayaraIsRecognisedByItsJarAndRootDirectory() {
        Path data = Path.of("/srv/famichat");
        LeftoverProcess payara = LeftoverProcess.payara(data);
        assertEquals(data.resolve("payara.pid"), payara.pidFile());
        assertTrue(payara.belongs().test(new LeftoverProcess.ProcessFacts(List.of("/usr/bin/java", "-Xmx512m", "-jar",
                "/opt/famichat/payara-micro.jar", "--rootdir", "/srv/famichat/payara"), java.util.Optional.empty())));
        assertFalse(payara.belongs().test(new LeftoverProcess.ProcessFacts(List.of("/usr/bin/java", "-jar",
                "/opt/famichat/payara-micro.jar", "--rootdir", "/srv/other/payara"), java.util.Optional.empty())),
                "another data directory's server is not ours to stop");
    }

    private Process start(List<String> command, Path workingDirectory) throws Exception {
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).start();
        started.add(process);
        return process;
    }
}
