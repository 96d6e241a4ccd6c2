package app.famichat.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The run command's PostgreSQL: a real server. The directory it gets lies in a directory that everyone may
 * enter, so that what keeps another local user out is the database's own doing.
 */
class EmbeddedDatabaseTest {

    private Path parent;
    private Path dir;

    @BeforeEach
    void openParent() throws Exception {
        parent = Files.createTempDirectory("famichat-edb-");
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        dir = parent.resolve("postgres");
    }

    @AfterEach
    void removeParent() throws Exception {
        PayaraMicroServer.deleteRecursively(parent);
    }

    /** Finding 1: from uid nobody, trust on TCP and a world-reachable socket in /tmp made anyone superuser. */
    @Test
    void anUnprivilegedLocalUserCannotConnectOverTcpNorTheSocket() throws Exception {
        assumeTrue(AsOtherUser.available(), "needs root and setpriv to act as nobody");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dir)) {
            int port = database.port();
            assertEquals("password requested (method 10)", AsOtherUser.probe("tcp", Integer.toString(port)),
                    "TCP must ask for a SCRAM password (10 = SASL), never let in");
            for (Path socket : List.of(Path.of("/tmp/.s.PGSQL." + port), dir.resolve("run/.s.PGSQL." + port))) {
                String answer = AsOtherUser.probe("socket", socket.toString());
                assertTrue(answer.startsWith("refused:"), socket + ": " + answer);
            }
            assertTrue(AsOtherUser.probe("read", dir.resolve("credentials").toString()).startsWith("refused:"));
            assertTrue(AsOtherUser.probe("read", dir.resolve("data/PG_VERSION").toString()).startsWith("refused:"));
        }
    }

    /** What the server connects as cannot run programs on the host (the finding read the vault's key this way). */
    @Test
    void theApplicationRoleOwnsTheDatabaseButIsNoSuperuser() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dir); Connection connection = connect(database);
             Statement statement = connection.createStatement()) {
            assertEquals("famichat", database.connection().user());
            ResultSet role = statement.executeQuery("SELECT current_user, rolsuper, rolcreaterole, rolcreatedb "
                    + "FROM pg_roles WHERE rolname = current_user");
            assertTrue(role.next());
            assertEquals("famichat", role.getString(1));
            assertFalse(role.getBoolean(2) || role.getBoolean(3) || role.getBoolean(4));
            statement.execute("CREATE TABLE probe (line TEXT)");
            SQLException refused = assertThrows(SQLException.class,
                    () -> statement.execute("COPY probe FROM PROGRAM 'id'"));
            assertEquals("42501", refused.getSQLState(), refused.getMessage());
            assertEquals("42501", assertThrows(SQLException.class,
                    () -> statement.execute("CREATE ROLE intruder SUPERUSER")).getSQLState());
        }
    }

    @Test
    void secretsAndProgramsAreOwnerOnlyAndTheSocketStaysInside() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dir)) {
            assertEquals("rw-------", mode(dir.resolve("credentials")));
            assertEquals("rwx------", mode(dir));
            assertEquals("rwx------", mode(dir.resolve("run")));
            assertEquals("rwx------", mode(dir.resolve("binaries")));
            assertTrue(Files.exists(dir.resolve("run/.s.PGSQL." + database.port())));
            assertFalse(Files.exists(Path.of("/tmp/.s.PGSQL." + database.port())));
            List<String> open = new ArrayList<>();
            try (var all = Files.walk(dir.resolve("binaries"))) {
                all.filter(path -> !Files.isSymbolicLink(path)).forEach(path -> {
                    try {
                        var permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                        if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                            open.add(path.toString());
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            assertEquals(List.of(), open, "no program may be replaceable by another user");
            String hba = Files.readString(dir.resolve("data/pg_hba.conf"));
            assertFalse(hba.contains("trust"), hba);
        }
    }

    @Test
    void keepsDataAcrossRestartsAndStopsItsProcess() throws Exception {
        long pid;
        int port;
        String password;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dir)) {
            port = database.port();
            pid = postmasterPid(dir);
            assertEquals(pid, database.pid());
            password = database.connection().password();
            try (Connection connection = connect(database)) {
                connection.createStatement().execute("CREATE TABLE kept (v TEXT)");
                connection.createStatement().execute("INSERT INTO kept VALUES ('still here')");
            }
        }
        assertTrue(exits(pid), "postgres must stop");
        assertFalse(listening(port));

        try (EmbeddedDatabase database = EmbeddedDatabase.start(dir);
             Connection connection = connect(database);
             ResultSet rows = connection.createStatement().executeQuery("SELECT v FROM kept")) {
            assertTrue(rows.next());
            assertEquals("still here", rows.getString(1));
            assertTrue(database.connection().url().contains("/famichat"));
            assertEquals(password, database.connection().password(), "the passwords are kept");
        }
    }

    /**
     * A data directory made before passwords (zonky's defaults: trust for everyone, tables owned by the
     * superuser, as the server's migrations left them) keeps its data and is converted at its next start.
     */
    @Test
    void aDataDirectoryFromBeforePasswordsIsConvertedAndKeepsItsData() throws Exception {
        Files.createDirectories(dir);
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("data"))
                .setCleanDataDirectory(false).setOverrideWorkingDirectory(parent.resolve("old-binaries").toFile())
                .setServerConfig("listen_addresses", "127.0.0.1").start()) {
            try (Connection connection = old.getPostgresDatabase().getConnection()) {
                connection.createStatement().execute("CREATE DATABASE famichat");
            }
            try (Connection connection = old.getDatabase("postgres", "famichat").getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE users (id BIGSERIAL PRIMARY KEY, name TEXT)");
                statement.execute("CREATE VIEW user_names AS SELECT name FROM users");
                statement.execute("INSERT INTO users (name) VALUES ('ann')");
            }
        }
        assertTrue(Files.readString(dir.resolve("data/pg_hba.conf")).contains("trust"));

        List<String> log = new ArrayList<>();
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dir, log::add);
             Connection connection = connect(database); Statement statement = connection.createStatement()) {
            assertEquals(1, log.size(), log.toString());
            assertTrue(log.get(0).contains("converted to password authentication"), log.get(0));
            ResultSet rows = statement.executeQuery("SELECT name FROM user_names");
            assertTrue(rows.next());
            assertEquals("ann", rows.getString(1));
            // The application role owns what the superuser made: the server's migrations can alter it.
            statement.execute("ALTER TABLE users ADD COLUMN added TEXT");
            statement.execute("INSERT INTO users (name) VALUES ('bob')");
            assertFalse(Files.readString(dir.resolve("data/pg_hba.conf")).contains("trust"));
            assertEquals("rw-------", mode(dir.resolve("credentials")));
            assertThrows(SQLException.class, () -> DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + database.port() + "/famichat", "postgres", ""));
            if (AsOtherUser.available()) {
                assertEquals("password requested (method 10)",
                        AsOtherUser.probe("tcp", Integer.toString(database.port())));
            }
        }
        List<String> again = new ArrayList<>();
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dir, again::add)) {
            assertEquals(List.of(), again, "converted once");
        }
    }

    /** pg_ctl has daemonized postgres; once stopped it may linger briefly as a zombie until init reaps it. */
    static boolean exits(long pid) throws Exception {
        for (int i = 0; i < 100; i++) {
            Path stat = Path.of("/proc/" + pid + "/stat");
            boolean running = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                    && !(Files.exists(stat) && Files.readString(stat).replaceFirst("^.*\\) ", "").startsWith("Z"));
            if (!running) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    static Connection connect(EmbeddedDatabase database) throws Exception {
        LauncherConfig.Database connection = database.connection();
        return DriverManager.getConnection(connection.url(), connection.user(), connection.password());
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static long postmasterPid(Path dir) throws Exception {
        return Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).trim());
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
