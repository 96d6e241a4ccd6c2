package app.famichat.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The one-command run: embedded PostgreSQL (unless FAMICHAT_DB_URL is set) and Famichat on Payara Micro with
 * the embedded broker (unless FAMICHAT_BROKER_HOST is set). Serves until Ctrl-C, then stops the server and the
 * database, in that order, leaving no process behind.
 */
public final class Famichat {

    private Famichat() {
    }

    public static void main(String[] args) throws Exception {
        LauncherConfig config;
        try {
            config = LauncherConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("famichat: " + e.getMessage());
            System.exit(2);
            return;
        }
        Distribution distribution = Distribution.ofLauncherJar();
        if (!Files.exists(config.dataDir())) {
            // Owner-only: it holds the database, the broker journal, logs and the vault's key file.
            Files.createDirectories(config.dataDir(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        log("data directory " + config.dataDir());
        // Before anything is started: a failure here must not leave the embedded database running.
        Map<String, String> vaultKeys = VaultKeys.serverEnvironment(config, Famichat::log);

        EmbeddedDatabase embedded = null;
        LauncherConfig.Database database;
        if (config.database().isPresent()) {
            database = config.database().get();
            log("using the external PostgreSQL from FAMICHAT_DB_URL");
        } else {
            Instant started = Instant.now();
            embedded = EmbeddedDatabase.start(config.dataDir().resolve("postgres"));
            database = embedded.connection();
            log("embedded PostgreSQL on 127.0.0.1:" + embedded.port() + " (" + millisSince(started) + " ms)");
        }
        log(config.broker().map(b -> "using the external Artemis broker at " + b.host() + ":" + b.port())
                .orElse("using the embedded Artemis broker (journal under the data directory)"));

        Instant started = Instant.now();
        PayaraMicroServer server = PayaraMicroServer.start(distribution, config, database, vaultKeys,
                config.dataDir(), null);
        Runtime.getRuntime().addShutdownHook(new Thread(stopper(server, embedded), "famichat-shutdown"));

        if (server.awaitReady(Duration.ofMinutes(5))) {
            log("ready in " + millisSince(started) / 1000.0 + " s: " + config.baseUrl()
                    + "  (health: " + config.baseUrl() + "/health/ready, metrics: " + config.baseUrl()
                    + "/metrics; Ctrl-C stops)");
        } else {
            log("the server did not become ready; see " + config.dataDir().resolve("logs/server.log"));
        }
        int exit = waitForExit(server);
        System.exit(exit);
    }

    private static int waitForExit(PayaraMicroServer server) throws InterruptedException {
        while (server.isAlive()) {
            Thread.sleep(1000);
        }
        return server.exitCode().orElse(0);
    }

    private static Runnable stopper(PayaraMicroServer server, EmbeddedDatabase embedded) {
        return () -> {
            log("stopping");
            try {
                server.close();
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
            log("stopped");
        };
    }

    private static long millisSince(Instant start) {
        return Duration.between(start, Instant.now()).toMillis();
    }

    static void log(String message) {
        System.out.println("[famichat] " + message);
    }
}
