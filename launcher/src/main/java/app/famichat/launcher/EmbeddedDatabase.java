package app.famichat.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * PostgreSQL for the one-command run, a child process of the launcher, with everything under one directory
 * (the data directory's {@code postgres/}):
 * <pre>
 *   binaries/     the programs, unpacked from zonky's bundle ({@link PostgresBinaries})
 *   data/         the cluster (PGDATA)
 *   run/          the Unix socket (0700: only the owner can reach it)
 *   credentials   the superuser's and the application role's random passwords ({@link DatabaseCredentials})
 *   postgres.log  the server's own log
 * </pre>
 * Every connection needs a password (SCRAM), on 127.0.0.1 and on the socket alike; no other address is listened
 * on. The server connects as {@value #APPLICATION_ROLE}, which owns the database but is no superuser: it cannot
 * run programs or read files of the host ({@code COPY ... FROM PROGRAM}), nor create roles or databases.
 *
 * <p>A data directory from before passwords (every local connection trusted, everything owned by the superuser)
 * is converted at its first start: the superuser gets a password in single-user mode, before the server listens,
 * pg_hba.conf is rewritten, and the database's objects pass to the application role.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    static final String DATABASE = "famichat";
    static final String SUPERUSER = "postgres";
    static final String APPLICATION_ROLE = "famichat";
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    /** Written at every start: a hand edit that loosens it does not survive a restart. */
    static final String PG_HBA = String.join("\n",
            "# Written by the Famichat launcher at every start: edits are overwritten. Password (SCRAM) for all.",
            "local   all   all                  scram-sha-256",
            "host    all   all   127.0.0.1/32   scram-sha-256",
            "host    all   all   ::1/128        scram-sha-256",
            "");

    private final PostgresBinaries binaries;
    private final Path directory;
    private final DatabaseCredentials credentials;
    private final int port;
    private volatile Process postmaster;
    private boolean closed;

    private EmbeddedDatabase(PostgresBinaries binaries, Path directory, DatabaseCredentials credentials, int port) {
        this.binaries = binaries;
        this.directory = directory;
        this.credentials = credentials;
        this.port = port;
    }

    public static EmbeddedDatabase start(Path directory) throws IOException {
        return start(directory, message -> { });
    }

    /**
     * Prepares the cluster (creates it, or converts one from before passwords), starts PostgreSQL and sets up
     * the application role and database.
     *
     * @param log one line for each thing an operator should know (a conversion, a cluster created)
     */
    public static EmbeddedDatabase start(Path directory, Consumer<String> log) throws IOException {
        OwnerOnly.directory(directory);
        PostgresBinaries binaries = PostgresBinaries.unpack(directory.resolve("binaries"));
        Path data = directory.resolve("data");
        Path credentialsFile = directory.resolve("credentials");
        DatabaseCredentials credentials = DatabaseCredentials.read(credentialsFile);
        if (credentials == null) {
            credentials = DatabaseCredentials.generate();
            if (Files.exists(data.resolve("PG_VERSION"))) {
                setSuperuserPasswordOffline(binaries, directory, credentials);
                log.accept("embedded PostgreSQL: this data directory had no passwords (every local user could "
                        + "connect as superuser); converted to password authentication, passwords in " + credentialsFile);
            } else {
                initdb(binaries, directory, credentials);
                log.accept("embedded PostgreSQL: created a new cluster in " + data);
            }
            // Only once the cluster has the password: a crash before this line leads to a fresh conversion.
            credentials.write(credentialsFile);
        }
        Files.writeString(data.resolve("pg_hba.conf"), PG_HBA);
        EmbeddedDatabase database = new EmbeddedDatabase(binaries, directory, credentials, freePort());
        database.startPostmaster();
        try {
            database.setUpApplicationRole();
        } catch (IOException | RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    private static void initdb(PostgresBinaries binaries, Path directory, DatabaseCredentials credentials)
            throws IOException {
        Path data = directory.resolve("data");
        PayaraMicroServer.deleteRecursively(data);
        Path passwordFile = OwnerOnly.write(directory.resolve("initdb-password.tmp"), credentials.superuser() + "\n");
        try {
            run(binaries.command("initdb", "-D", data.toString(), "-U", SUPERUSER, "-E", "UTF-8",
                    "--auth=scram-sha-256", "--pwfile=" + passwordFile), null, log(directory));
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    /** Single-user mode: no socket and no TCP port are open while the superuser still has no password. */
    private static void setSuperuserPasswordOffline(PostgresBinaries binaries, Path directory,
                                                    DatabaseCredentials credentials) throws IOException {
        String statement = "ALTER ROLE " + SUPERUSER + " WITH PASSWORD '" + credentials.superuser() + "';\n";
        run(binaries.command("postgres", "--single", "-D", directory.resolve("data").toString(),
                "-c", "password_encryption=scram-sha-256", "postgres"), statement, log(directory));
    }

    private static void run(List<String> command, String input, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try (var stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("PostgreSQL setup did not finish within 2 minutes: " + command + "; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running " + command, e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("PostgreSQL setup failed (exit " + process.exitValue() + "): " + command
                    + "; see " + log);
        }
    }

    /** PostgreSQL's own log, owner-only (it may quote statements). */
    private static Path log(Path directory) throws IOException {
        Path log = directory.resolve("postgres.log");
        if (!Files.exists(log)) {
            Files.createFile(log, OwnerOnly.file());
        }
        return log;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts the postmaster (again, after it died: same port, so the server's connection URL stays valid). */
    synchronized void startPostmaster() throws IOException {
        if (closed) {
            throw new IllegalStateException("PostgreSQL was stopped for good (the launcher is stopping)");
        }
        Path runDir = socketDirectory();
        Path data = directory.resolve("data");
        postmaster = new ProcessBuilder(binaries.command("postgres", "-D", data.toString(),
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + runDir,
                "-c", "unix_socket_permissions=0700",
                "-c", "password_encryption=scram-sha-256",
                "-c", "max_connections=100",
                "-c", "timezone=UTC",
                "-c", "fsync=on",
                "-c", "synchronous_commit=on"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(directory).toFile()))
                .start();
        awaitAcceptingConnections();
    }

    /**
     * {@code run/}, emptied of a killed server's socket files (no postmaster runs on this data directory now:
     * {@link LeftoverProcess} made sure). A socket path is limited to 107 bytes: under a data directory with a very
     * long path, a fresh owner-only directory under the temporary directory takes its place.
     */
    private Path socketDirectory() throws IOException {
        Path runDir = directory.resolve("run");
        if ((runDir + "/.s.PGSQL." + port).length() > 107) {
            runDir = Files.createTempDirectory("famichat-pg-", OwnerOnly.directory());
        }
        OwnerOnly.directory(runDir);
        try (var stale = Files.list(runDir)) {
            for (Path file : stale.toList()) {
                Files.delete(file);
            }
        }
        return runDir;
    }

    private void awaitAcceptingConnections() throws IOException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!postmaster.isAlive()) {
                throw new IOException("PostgreSQL exited during startup (exit " + postmaster.exitValue() + "); see "
                        + directory.resolve("postgres.log"));
            }
            try (Connection ignored = superuserConnection("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for PostgreSQL", e);
            }
        }
        throw new IOException("PostgreSQL did not accept connections within " + STARTUP_TIMEOUT.toSeconds()
                + " s; see " + directory.resolve("postgres.log"), last);
    }

    /**
     * The application role: may log in, owns the database and everything in its schema (so the server's schema
     * migrations can alter tables made before this role existed), and nothing more.
     */
    private void setUpApplicationRole() throws IOException {
        try (Connection connection = superuserConnection("postgres"); Statement statement = connection.createStatement()) {
            String attributes = " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '"
                    + credentials.application() + "'";
            boolean roleExists = exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", APPLICATION_ROLE);
            statement.execute((roleExists ? "ALTER ROLE " : "CREATE ROLE ") + APPLICATION_ROLE + attributes);
            if (exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                statement.execute("ALTER DATABASE " + DATABASE + " OWNER TO " + APPLICATION_ROLE);
            } else {
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + APPLICATION_ROLE);
            }
        } catch (SQLException e) {
            throw new IOException("Could not set up the application role " + APPLICATION_ROLE, e);
        }
        try (Connection connection = superuserConnection(DATABASE); Statement statement = connection.createStatement()) {
            statement.execute("ALTER SCHEMA public OWNER TO " + APPLICATION_ROLE);
            statement.execute(TRANSFER_OBJECTS);
        } catch (SQLException e) {
            throw new IOException("Could not pass the database's objects to the role " + APPLICATION_ROLE, e);
        }
    }

    /**
     * Tables, views and free-standing sequences of the public schema that the superuser created (all of them, in a
     * database from before the application role) pass to the application role. Sequences that belong to a
     * column follow their table.
     */
    private static final String TRANSFER_OBJECTS = """
            DO $$
            DECLARE object record;
            BEGIN
              FOR object IN
                SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                  AND pg_get_userbyid(c.relowner) <> '%1$s'
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                  AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
              LOOP
                EXECUTE format('ALTER TABLE %%s OWNER TO %1$s', object.name);
              END LOOP;
            END $$
            """.formatted(APPLICATION_ROLE);

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            return statement.executeQuery().next();
        }
    }

    Connection superuserConnection(String database) throws SQLException {
        return DriverManager.getConnection(url(database), SUPERUSER, credentials.superuser());
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** How the server connects: as the application role, with its password. */
    public LauncherConfig.Database connection() {
        return new LauncherConfig.Database(url(DATABASE), APPLICATION_ROLE, credentials.application());
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return directory.resolve("data");
    }

    public long pid() {
        return postmaster.pid();
    }

    public boolean isRunning() {
        return postmaster.isAlive();
    }

    public Process postmaster() {
        return postmaster;
    }

    /** SIGTERM is PostgreSQL's smart shutdown; the server has already closed its connections. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        Process process = postmaster;
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IOException("PostgreSQL did not stop within 30 s and was killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
