package app.famichat.it.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL the integration tests share. In order: the JDBC URL in {@code FAMICHAT_TEST_DB_URL}
 * (with {@code FAMICHAT_TEST_DB_USER}, {@code FAMICHAT_TEST_DB_PASSWORD}); a Testcontainers PostgreSQL when a
 * Docker engine answers; an embedded PostgreSQL (zonky) otherwise. The same tests run on all three.
 */
public final class TestDatabase implements AutoCloseable {

    private final String source;
    private final String url;
    private final String user;
    private final String password;
    private final AutoCloseable resource;

    private TestDatabase(String source, String url, String user, String password, AutoCloseable resource) {
        this.source = source;
        this.url = url;
        this.user = user;
        this.password = password;
        this.resource = resource;
    }

    public static TestDatabase start(Path workDir) throws IOException {
        String url = System.getenv("FAMICHAT_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return new TestDatabase("environment", url, System.getenv().getOrDefault("FAMICHAT_TEST_DB_USER", ""),
                    System.getenv().getOrDefault("FAMICHAT_TEST_DB_PASSWORD", ""), () -> { });
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            return new TestDatabase("testcontainers", container.getJdbcUrl(), container.getUsername(),
                    container.getPassword(), container::stop);
        }
        Path data = workDir.resolve("postgres-data");
        Directories.delete(data); // a run that was killed leaves its cluster, and initdb refuses a non-empty directory
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setOverrideWorkingDirectory(workDir.resolve("postgres-binaries").toFile())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .start();
        TestDatabase database = new TestDatabase("embedded", postgres.getJdbcUrl("postgres", "postgres"),
                "postgres", "postgres", postgres);
        database.execute("DROP DATABASE IF EXISTS famichat_it");
        database.execute("CREATE DATABASE famichat_it");
        return new TestDatabase("embedded", postgres.getJdbcUrl("postgres", "famichat_it"), "postgres",
                "postgres", postgres);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private void execute(String sql) throws IOException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IOException(sql, e);
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** {@link Sql#number} on this database. */
    public long number(String sql, Object... parameters) throws SQLException {
        return Sql.number(this::connect, sql, parameters);
    }

    /** {@link Sql#update} on this database. */
    public int update(String sql, Object... parameters) throws SQLException {
        return Sql.update(this::connect, sql, parameters);
    }

    /** Where the database came from: environment, testcontainers or embedded. */
    public String source() {
        return source;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    /** Never empty: MicroProfile Config treats an empty value as missing. */
    public String password() {
        return password.isEmpty() ? "unused" : password;
    }

    @Override
    public void close() throws Exception {
        resource.close();
    }
}
