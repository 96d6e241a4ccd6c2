package app.famichat.it.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL of a test class's own, from the embedded PostgreSQL binaries the build already has, that the test
 * can really stop and start again: same data directory, same port, so that clients (servers under test) find it
 * again as a restarted database server. Listens on 127.0.0.1 only. One database, {@code database}, owned by the
 * superuser {@code postgres} (trust authentication, loopback only, as {@link TestDatabase}'s embedded one).
 */
public final class OwnPostgres implements AutoCloseable {

    private final Path dataDir;
    private final Path binaries;
    private final int port;
    private final String database;
    private EmbeddedPostgres postgres;

    private OwnPostgres(Path dataDir, Path binaries, int port, String database) {
        this.dataDir = dataDir;
        this.binaries = binaries;
        this.port = port;
        this.database = database;
    }

    /** A new cluster in {@code workDir/postgres-data} on a free port, started, with {@code database} created. */
    public static OwnPostgres create(Path workDir, String database) throws IOException, SQLException {
        Path data = workDir.resolve("postgres-data");
        Directories.delete(data); // a run that was killed leaves its cluster, and initdb refuses a non-empty directory
        OwnPostgres own = new OwnPostgres(data, workDir.resolve("postgres-binaries"), FreePorts.find(), database);
        own.start();
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + own.port + "/postgres", "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        return own;
    }

    /** Starts the server on its data directory and port (initdb the first time only); waits until it accepts. */
    public synchronized void start() throws IOException {
        if (postgres != null) {
            return;
        }
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .start();
    }

    /** Stops the server ({@code pg_ctl stop}, fast mode: open connections are cut); the data stays. */
    public synchronized void stop() throws IOException {
        if (postgres != null) {
            try {
                postgres.close();
            } finally {
                postgres = null;
            }
        }
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return "postgres";
    }

    /** Trust authentication ignores it; MicroProfile Config treats an empty value as missing. */
    public String password() {
        return "unused";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user(), password());
    }

    /** {@link Sql#number} on this database. */
    public long number(String sql, Object... parameters) throws SQLException {
        return Sql.number(this::connect, sql, parameters);
    }

    @Override
    public void close() throws IOException {
        stop();
        Directories.delete(dataDir);
    }
}
