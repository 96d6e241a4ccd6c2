package app.famichat.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run command's PostgreSQL: a real server, started twice on one directory. */
class EmbeddedDatabaseTest {

    @Test
    void keepsDataAcrossRestartsAndStopsItsProcess(@TempDir Path dir) throws Exception {
        long pid;
        int port;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dir)) {
            port = database.port();
            pid = postmasterPid(dir);
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

    private static Connection connect(EmbeddedDatabase database) throws Exception {
        LauncherConfig.Database connection = database.connection();
        return DriverManager.getConnection(connection.url(), connection.user(), connection.password());
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
