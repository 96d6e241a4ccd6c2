package app.famichat.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one-command run: embedded PostgreSQL (unless FAMICHAT_DB_URL is set) and Famichat on Payara Micro with
 * the embedded broker (unless FAMICHAT_BROKER_HOST is set). Serves until Ctrl-C, then stops the server and the
 * database, in that order, leaving no process behind. It watches what it started: a database that dies is
 * restarted (within {@link RestartBudget}), otherwise everything stops; a server that fails to deploy stops
 * everything. The exit codes are documented in docs/operations.md.
 */
public final class Famichat {

    /** Bad configuration, or the data directory is in use by another launcher or cannot be prepared. */
    static final int EXIT_CONFIGURATION = 2;
    /** The embedded database died more often than {@link RestartBudget} allows, or could not be restarted. */
    static final int EXIT_DATABASE_DIED = 3;
    /** The server did not become ready: the application failed to deploy, or the server exited while starting. */
    static final int EXIT_NOT_READY = 4;
    /** The server process stopped on its own after it had been ready. */
    static final int EXIT_SERVER_STOPPED = 5;

    static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final DataDirectory dataDirectory;
    private final EmbeddedDatabase embedded;
    private final PayaraMicroServer server;

    private Famichat(DataDirectory dataDirectory, EmbeddedDatabase embedded, PayaraMicroServer server) {
        this.dataDirectory = dataDirectory;
        this.embedded = embedded;
        this.server = server;
    }

    public static void main(String[] args) throws Exception {
        LauncherConfig config;
        DataDirectory dataDirectory;
        try {
            config = LauncherConfig.fromEnvironment(System.getenv());
            dataDirectory = DataDirectory.open(config.dataDir(), Famichat::log);
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            System.err.println("famichat: " + e.getMessage());
            System.exit(EXIT_CONFIGURATION);
            return;
        }
        Distribution distribution = Distribution.ofLauncherJar();
        log("data directory " + config.dataDir());
        // A launcher killed with SIGKILL leaves its children running: stop them before starting new ones.
        LeftoverProcess.payara(config.dataDir()).stopIfRunning(Famichat::log);
        if (LeftoverProcess.postgres(config.dataDir().resolve("postgres/data")).stopIfRunning(Famichat::log)) {
            LeftoverProcess.awaitNoneWorkingIn(config.dataDir().resolve("postgres/data"), Duration.ofSeconds(15));
        }
        // Before anything is started: a failure here must not leave the embedded database running.
        Map<String, String> vaultKeys = VaultKeys.serverEnvironment(config, Famichat::log);

        EmbeddedDatabase embedded = null;
        LauncherConfig.Database database;
        if (config.database().isPresent()) {
            database = config.database().get();
            log("using the external PostgreSQL from FAMICHAT_DB_URL");
        } else {
            Instant started = Instant.now();
            embedded = EmbeddedDatabase.start(config.dataDir().resolve("postgres"), Famichat::log);
            database = embedded.connection();
            log("embedded PostgreSQL on 127.0.0.1:" + embedded.port() + ", password authentication only ("
                    + millisSince(started) + " ms)");
        }
        log(config.broker().map(b -> "using the external Artemis broker at " + b.describe())
                .orElse("using the embedded Artemis broker (journal under the data directory)"));

        Instant started = Instant.now();
        PayaraMicroServer server;
        try {
            server = PayaraMicroServer.start(distribution, config, database, vaultKeys, config.dataDir(), null);
        } catch (IOException | RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        LeftoverProcess.writePid(config.dataDir().resolve("payara.pid"), server.pid());
        Famichat famichat = new Famichat(dataDirectory, embedded, server);
        Runtime.getRuntime().addShutdownHook(new Thread(famichat::stop, "famichat-shutdown"));

        PayaraMicroServer.Readiness readiness = server.awaitReady(READY_TIMEOUT);
        if (readiness != PayaraMicroServer.Readiness.READY) {
            famichat.fail(EXIT_NOT_READY, notReady(readiness, server, config));
            return;
        }
        log("ready in " + millisSince(started) / 1000.0 + " s: " + config.baseUrl()
                + "  (health: " + config.baseUrl() + "/health/ready, metrics: " + config.baseUrl()
                + "/metrics; Ctrl-C stops)");
        IdleFootprint.shrink();
        famichat.supervise(RestartBudget.standard());
    }

    private static String notReady(PayaraMicroServer.Readiness readiness, PayaraMicroServer server,
                                   LauncherConfig config) {
        String log = config.dataDir().resolve("logs/server.log").toString();
        return switch (readiness) {
            case EXITED -> "the server exited while starting (exit " + server.exitCode().orElse(-1) + "); see " + log;
            case NOT_DEPLOYED -> "the application failed to deploy (Payara booted without it); see the SEVERE "
                    + "lines in " + log;
            default -> "the server did not become ready within " + READY_TIMEOUT.toMinutes() + " minutes; see " + log;
        };
    }

    /** Runs until the server exits or the database cannot be kept up; then exits the JVM. */
    private void supervise(RestartBudget budget) throws InterruptedException {
        while (true) {
            Thread.sleep(1000);
            if (stopping.get()) {
                return;
            }
            if (!server.isAlive()) {
                fail(EXIT_SERVER_STOPPED, "the server process stopped on its own (exit "
                        + server.exitCode().orElse(-1) + "); see " + dataDirectory.resolve("logs/server.log"));
                return;
            }
            if (embedded != null && !embedded.isRunning()) {
                restartDatabase(budget);
            }
        }
    }

    private void restartDatabase(RestartBudget budget) {
        int exit = embedded.postmaster().exitValue();
        Path log = dataDirectory.resolve("postgres/postgres.log");
        if (!budget.take(Instant.now())) {
            fail(EXIT_DATABASE_DIED, "the embedded PostgreSQL died (exit " + exit + ") for the "
                    + (budget.max() + 1) + "th time within " + budget.window().toMinutes()
                    + " minutes; stopping Famichat. See " + log);
            return;
        }
        log("the embedded PostgreSQL died (exit " + exit + "); restarting it (restart "
                + budget.usedIn(Instant.now()) + " of at most " + budget.max() + " within "
                + budget.window().toMinutes() + " minutes)");
        try {
            LeftoverProcess.postgres(embedded.dataDirectory()).stopIfRunning(Famichat::log);
            LeftoverProcess.awaitNoneWorkingIn(embedded.dataDirectory(), Duration.ofSeconds(15));
            embedded.startPostmaster();
            log("the embedded PostgreSQL is back on 127.0.0.1:" + embedded.port());
        } catch (IOException | RuntimeException | InterruptedException e) {
            fail(EXIT_DATABASE_DIED, "the embedded PostgreSQL died and could not be restarted (" + e.getMessage()
                    + "); stopping Famichat. See " + log);
        }
    }

    /**
     * Says why, stops everything, exits with {@code code}. Returns only when a stop is already under way (Ctrl-C
     * stops the server itself: that is no failure).
     */
    private void fail(int code, String reason) {
        if (stopping.get()) {
            return;
        }
        log(reason);
        stop();
        System.exit(code);
    }

    /**
     * Stops the server, then the database; once, whoever calls first (Ctrl-C's hook, or a failure). A second
     * caller waits until the first is done, so that the JVM does not end halfway.
     */
    private synchronized void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        log("stopping");
        Instant stopping = Instant.now();
        try {
            server.close();
            log("the server stopped in " + millisSince(stopping) + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                log("could not stop PostgreSQL cleanly: " + e.getMessage());
            }
        }
        try {
            java.nio.file.Files.deleteIfExists(dataDirectory.resolve("payara.pid"));
            dataDirectory.close();
        } catch (IOException e) {
            log("could not release the data directory: " + e.getMessage());
        }
        log("stopped");
    }

    private static long millisSince(Instant start) {
        return Duration.between(start, Instant.now()).toMillis();
    }

    static void log(String message) {
        System.out.println("[famichat] " + message);
    }
}
