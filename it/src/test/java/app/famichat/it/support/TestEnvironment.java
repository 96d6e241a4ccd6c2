package app.famichat.it.support;

import app.famichat.launcher.Distribution;
import app.famichat.launcher.LauncherConfig;
import app.famichat.launcher.PayaraMicroServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every integration test shares, started once per test JVM (see {@link TestEnvironmentListener}): the PostgreSQL database and an external
 * Artemis broker (from the distribution Maven unpacked). It also hands the Arquillian Payara Micro container
 * (arquillian.xml) the same JVM and Payara options the launcher uses, pointed at the external broker, so the
 * Arquillian tests cover the production broker path.
 */
public final class TestEnvironment {

    /** How long the packaged server waits for a socket's auth frame. */
    public static final Duration PACKAGED_SOCKET_AUTH_TIMEOUT = Duration.ofSeconds(2);
    /** The packaged server's WebSocket heartbeat (idle timeout: two of them). */
    public static final Duration PACKAGED_SOCKET_HEARTBEAT = Duration.ofSeconds(2);

    private static TestEnvironment instance;

    private final Path work;
    private final Distribution distribution;
    private final TestDatabase database;
    private final ExternalArtemis artemis;
    private LaunchedFamichat packagedServer;

    private TestEnvironment(Path work, Distribution distribution, TestDatabase database, ExternalArtemis artemis) {
        this.work = work;
        this.distribution = distribution;
        this.database = database;
        this.artemis = artemis;
    }

    public static synchronized TestEnvironment get() {
        if (instance == null) {
            try {
                Path work = Path.of(required("famichat.it.work")).toAbsolutePath();
                Files.createDirectories(work);
                Distribution distribution = new Distribution(Path.of(required("famichat.it.distribution")));
                TestDatabase database = TestDatabase.start(work.resolve("database"));
                ExternalArtemis artemis = ExternalArtemis.createAndStart(
                        Path.of(required("famichat.it.artemisHome")), work.resolve("artemis"));
                instance = new TestEnvironment(work, distribution, database, artemis);
                instance.configureArquillian();
                Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "famichat-it-environment"));
            } catch (Exception e) {
                throw new IllegalStateException("Could not start the integration test environment", e);
            }
        }
        return instance;
    }

    static synchronized void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    private void configureArquillian() throws Exception {
        LauncherConfig config = new LauncherConfig("127.0.0.1", 0, work.resolve("arquillian"), Optional.empty(),
                Optional.of(externalBroker()), java.util.Map.of(), List.of());
        List<String> jvm = new ArrayList<>(PayaraMicroServer.jvmOptions(distribution));
        jvm.add("-Dfamichat.db.url=" + database.url());
        jvm.add("-Dfamichat.db.user=" + database.user());
        jvm.add("-Dfamichat.db.password=" + database.password());
        jvm.add("-Dfamichat.vault.keys=" + vaultKeys());
        System.setProperty("famichat.it.micro.jar", distribution.payaraMicroJar().toString());
        System.setProperty("famichat.it.micro.jvm", String.join(" ", jvm));
        List<String> options = PayaraMicroServer.microOptions(distribution, config, work.resolve("arquillian"));
        // Arquillian runs each test method inside one HTTP request: the listener's 20 s request timeout, a limit for
        // clients (docs/operations.md, "HTTP edge"), would interrupt the tests that wait longer than that.
        java.nio.file.Files.writeString(work.resolve("arquillian/config/pre-boot.asadmin"),
                "set configs.config.server-config.network-config.protocols.protocol.http-listener.http"
                        + ".request-timeout-seconds=900\n", java.nio.file.StandardOpenOption.APPEND);
        System.setProperty("famichat.it.micro.options", String.join(" ", options));
    }

    /**
     * A master key for servers the tests start without the launcher (which would generate one): the application
     * does not deploy without a key.
     */
    public static String vaultKeys() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return "it:" + java.util.Base64.getEncoder().encodeToString(key);
    }

    public LauncherConfig.Broker externalBroker() {
        return new LauncherConfig.Broker(java.util.List.of(new LauncherConfig.Address(artemis.host(), artemis.port())),
                artemis.user(), artemis.password());
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set (run through Maven)");
        }
        return value;
    }

    public Path work() {
        return work;
    }

    /** An empty directory under the work directory (left over from an earlier run: deleted first). */
    public Path freshDirectory(String name) throws java.io.IOException {
        Path dir = work.resolve(name);
        Directories.delete(dir);
        return Files.createDirectories(dir);
    }

    public Distribution distribution() {
        return distribution;
    }

    public TestDatabase database() {
        return database;
    }

    public ExternalArtemis artemis() {
        return artemis;
    }

    /**
     * The packaged server (launcher distribution, embedded broker, the shared database), started on first use
     * and shared by the black-box test classes. Rate limits per client address are raised: every test
     * connects from 127.0.0.1 (the per-account limits stay as shipped), while the send limits stay as shipped
     * (PackagedServerIT tests them; the browser tests pace themselves or spread their sends over many senders). WebSocket timings are short, so that
     * the tests of timeouts and heartbeats take seconds, and stale devices and expired keyring unlocks are swept
     * every second (DevicesIT, LockedCustodyIT), and so are family recovery requests past their deadline
     * (GuardianRecoveryIT). A start that fails throws an unchecked exception, so that a test
     * class can keep the server (or its URL) in a static final field.
     */
    public synchronized LaunchedFamichat packagedServer() {
        if (packagedServer == null) {
            try {
                packagedServer = startPackagedServer();
            } catch (Exception e) {
                throw new IllegalStateException("The packaged server did not start", e);
            }
        }
        return packagedServer;
    }

    private LaunchedFamichat startPackagedServer() throws Exception {
        return LaunchedFamichat.start(freshDirectory("packaged-server"), java.util.Map.ofEntries(
                java.util.Map.entry("FAMICHAT_DB_URL", database.url()),
                java.util.Map.entry("FAMICHAT_DB_USER", database.user()),
                java.util.Map.entry("FAMICHAT_DB_PASSWORD", database.password()),
                java.util.Map.entry("FAMICHAT_RATE_LIMIT_SIGN_IN_ADDRESS", "100000/PT1M"),
                java.util.Map.entry("FAMICHAT_RATE_LIMIT_REGISTER_ADDRESS", "100000/PT1H"),
                java.util.Map.entry("FAMICHAT_RATE_LIMIT_RECOVERY_ADDRESS", "100000/PT1H"),
                java.util.Map.entry("FAMICHAT_SOCKET_AUTH_TIMEOUT", PACKAGED_SOCKET_AUTH_TIMEOUT.toString()),
                java.util.Map.entry("FAMICHAT_SOCKET_HEARTBEAT", PACKAGED_SOCKET_HEARTBEAT.toString()),
                java.util.Map.entry("FAMICHAT_DEVICES_SWEEP_INTERVAL", "PT1S"),
                java.util.Map.entry("FAMICHAT_CUSTODY_SWEEP_INTERVAL", "PT1S"),
                java.util.Map.entry("FAMICHAT_RECOVERY_SWEEP_INTERVAL", "PT1S")));
    }

    private synchronized void close() {
        if (packagedServer != null) {
            try {
                packagedServer.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }
        try {
            artemis.close();
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
        try {
            database.close();
        } catch (Exception e) {
            e.printStackTrace();
        }
        instance = null;
    }
}
