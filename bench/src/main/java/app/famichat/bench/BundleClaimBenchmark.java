package app.famichat.bench;

import app.famichat.accounts.DeviceAddress;
import app.famichat.keys.KeyStatements;
import app.famichat.keys.PreKeyFactory;
import app.famichat.keys.StockPolicy;
import app.famichat.vault.KeyVault;
import app.famichat.vault.UserSecrets;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A bundle claim against a real PostgreSQL 14 (embedded, schema from the ejb module's Flyway migrations): the
 * statements of {@code BundleClaims} ({@link KeyStatements}, in the order {@code BundleStore} runs them) over JDBC,
 * one transaction per claim, committed. The rows are read, not parsed into a libsignal bundle.
 * One operation = one claim; an invocation claims a device's whole one-time stock (100), which the next
 * invocation's setup restores (untimed). {@code stock=last-resort}: the stock is empty, every claim takes the
 * Kyber last-resort key. {@code durable=true}: fsync and synchronous_commit on, as the launcher runs its database;
 * false: both off (zonky's default, the integration tests' setting), which leaves the cost of the statements.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BundleClaimBenchmark {

    /** The default one-time stock ({@code StockPolicy.DEFAULT}): the claims of one invocation. */
    private static final int CLAIMS = 100;
    /** How far the claim counts what is left, as {@code BundleClaims} asks. */
    private static final int COUNT_LEFT_UP_TO = StockPolicy.DEFAULT.countUpTo();

    @Param({"one-time", "last-resort"})
    String stock;

    @Param({"true", "false"})
    boolean durable;

    private EmbeddedPostgres postgres;
    private Connection connection;
    private Connection maintenance;
    private JdbcStatements claims;
    private DeviceAddress device;

    @Setup(Level.Trial)
    public void startDatabase() throws IOException, SQLException {
        String onOff = durable ? "on" : "off";
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", onOff)
                .setServerConfig("synchronous_commit", onOff)
                .start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration")
                .failOnMissingLocations(true).load().migrate();
        connection = postgres.getPostgresDatabase().getConnection();
        maintenance = postgres.getPostgresDatabase().getConnection();
        device = new DeviceAddress(UUID.randomUUID(), 1);
        insertDevice();
        connection.setAutoCommit(false);
        claims = new JdbcStatements(connection);
        if (stock.equals("last-resort")) {
            claimWholeStock(null);
        }
    }

    /** A user and a device row (what AccountService writes), then the device's keys as the server makes them. */
    private void insertDevice() throws SQLException {
        try (Statement statement = maintenance.createStatement()) {
            statement.execute("INSERT INTO users (id, username, display_name, password_hash, created_at) VALUES ('"
                    + device.userId() + "', 'bench', 'Bench', 'not a hash', now())");
            statement.execute("INSERT INTO devices (user_id, device_id, name, registration_id, custody, created_at, "
                    + "last_signed_in_at) VALUES ('" + device.userId() + "', 1, 'bench', 4242, 'HOSTED', now(), now())");
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        PreKeyFactory factory = new PreKeyFactory(UserSecrets.hostedOnly(KeyVault.withKeys("bench:"
                + Base64.getEncoder().encodeToString(key), null)));
        var identity = factory.identity(device.userId());
        JdbcStatements setup = new JdbcStatements(maintenance);
        Instant now = Instant.now();
        setup.update(List.of(KeyStatements.insertIdentity(device.userId(), identity, now)));
        setup.update(KeyStatements.insertNewDevice(device, factory.newDevice(identity.pair(), device, CLAIMS, now),
                now));
    }

    /** Gives the claimed one-time keys back, untimed, and vacuums, so that every invocation sees the same tables. */
    @Setup(Level.Invocation)
    public void restoreStock() throws SQLException {
        if (stock.equals("one-time")) {
            try (Statement statement = maintenance.createStatement()) {
                statement.execute("UPDATE signal_prekeys SET claimed_at = NULL WHERE user_id = '"
                        + device.userId() + "'");
                statement.execute("UPDATE signal_kyber_prekeys SET claimed_at = NULL WHERE user_id = '"
                        + device.userId() + "' AND NOT last_resort");
                statement.execute("VACUUM signal_prekeys, signal_kyber_prekeys");
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(CLAIMS)
    public void claim(Blackhole blackhole) throws SQLException {
        claimWholeStock(blackhole);
    }

    private void claimWholeStock(Blackhole blackhole) throws SQLException {
        for (int i = 0; i < CLAIMS; i++) {
            List<Object[]> claimed = claim();
            connection.commit();
            if (blackhole != null) {
                blackhole.consume(claimed);
            }
        }
    }

    /** One claim's statements: device, signed prekey, one-time EC, one-time Kyber or last-resort, what is left. */
    private List<Object[]> claim() throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        rows.addAll(claims.rows(KeyStatements.bundleDevice(device)));
        rows.addAll(claims.rows(KeyStatements.newestSigned(device)));
        rows.addAll(claims.rows(KeyStatements.claimOneTimeEc(device)));
        List<Object[]> oneTimeKyber = claims.rows(KeyStatements.claimOneTimeKyber(device));
        rows.addAll(oneTimeKyber.isEmpty() ? claims.rows(KeyStatements.newestLastResort(device)) : oneTimeKyber);
        rows.addAll(claims.rows(KeyStatements.unclaimedUpTo(device, COUNT_LEFT_UP_TO)));
        return rows;
    }

    @TearDown(Level.Trial)
    public void stopDatabase() throws IOException, SQLException {
        connection.close();
        maintenance.close();
        postgres.close();
    }
}
